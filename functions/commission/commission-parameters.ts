/** Query parameters of the commission levels read (strict: an unknown one is a 400). */
import * as z from 'zod';
import { Month } from '#core/shared/common-schemas.js';

export const LevelsInForceQuery = z.strictObject({ month: Month.optional().meta({ description: 'defaults to the current month' }) });
