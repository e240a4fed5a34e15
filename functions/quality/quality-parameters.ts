/** Query parameters of the quality table (strict: an unknown one is a 400). */
import * as z from 'zod';
import { QUALITY_SORT_COLUMNS } from '#core/quality/quality-table.js';
import { Id, Month } from '#core/shared/common-schemas.js';
import { AsOf, pageParameters } from '../api/common-parameters.js';

export const QualitySort = z.enum(QUALITY_SORT_COLUMNS);

export const QualityTableQuery = z
  .strictObject({
    month: Month.optional().meta({ description: 'close month; defaults to the current month' }),
    repId: Id.optional(),
    teamId: Id.optional().meta({ description: 'the team and every team below it' }),
    sort: QualitySort.default('closeDate'),
    order: z.enum(['asc', 'desc']).default('asc'),
    status: z.enum(['open', 'all']).default('open').meta({ description: "'open' deals (can still slip) or 'all'" }),
    asOf: AsOf.optional(),
    ...pageParameters,
  })
  .refine((query) => query.repId === undefined || query.teamId === undefined, {
    path: ['teamId'],
    message: 'give repId or teamId, not both',
  });
