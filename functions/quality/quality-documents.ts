/**
 * The response of the quality table, for the OpenAPI document. Its row mirrors the core row
 * (checked at the bottom).
 */
import * as z from 'zod';
import { StageOutcome } from '#core/organisation/stage.js';
import type { QualityRow } from '#core/quality/quality-table.js';
import { Month } from '#core/shared/common-schemas.js';
import { Amount } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

const QualityRowDocument = z.object({
  opportunityId: z.string(),
  name: z.string(),
  account: z.string(),
  ownerId: z.string(),
  stageId: z.string(),
  outcome: StageOutcome,
  closeDate: z.string(),
  amount: Amount,
  priority: z.boolean(),
  closeMonthExtensions: z.number().int(),
  daysSinceLastStageChange: z.number().int(),
  daysOpen: z.number().int(),
});

export const QualityTableDocument = z
  .object({ month: Month, asOf: z.string(), total: z.number().int(), rows: z.array(QualityRowDocument), nextCursor: z.string().nullable() })
  .meta({ id: 'QualityTable' });

const shapeMatches: SameShape<QualityRow, z.infer<typeof QualityRowDocument>> = true;
void shapeMatches;
