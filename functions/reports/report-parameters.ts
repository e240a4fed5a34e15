/** Path parameters of the report routes (strict: an unknown one is a 400). */
import * as z from 'zod';
import { Id, Month } from '#core/shared/common-schemas.js';
import { PeriodText } from '../api/common-parameters.js';

export const RepMonthParams = z.strictObject({ repId: Id, month: Month });
export const TeamPeriodParams = z.strictObject({ teamId: Id, period: PeriodText });
export const CompanyPeriodParams = z.strictObject({ period: PeriodText });
