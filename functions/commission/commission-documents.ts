/**
 * Responses of the commission levels routes, and the commission record and summary the reports
 * answer with, for the OpenAPI document. Each mirrors a core result type; the `sameShape`
 * checks at the bottom make the compiler fail if one drifts from it.
 */
import * as z from 'zod';
import { Band } from '#core/commission/commission-levels.js';
import type { CommissionRecord } from '#core/commission/commission-record.js';
import type { CommissionLevelsTimeline, LevelsInForce } from '#core/commission/put-and-read-commission-levels.js';
import { Id, Month } from '#core/shared/common-schemas.js';
import { Amount } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

const LevelsEntryDocument = z.object({ productFamily: z.string().nullable(), fromMonth: Month, bands: z.array(Band).nullable() });
export const CommissionLevelsTimelineDocument = z
  .object({ repId: Id, productFamily: z.string().nullable(), entries: z.array(LevelsEntryDocument) })
  .meta({ id: 'CommissionLevelsTimeline' });
export const CommissionLevelsDocument = z.object({ general: z.array(Band).nullable(), byFamily: z.record(z.string(), z.array(Band)) });
export const LevelsInForceDocument = z.object({ repId: Id, month: Month, levels: CommissionLevelsDocument }).meta({ id: 'LevelsInForce' });

const CommissionSummaryShape = { earned: Amount, pipelineCommission: Amount, totalPotential: Amount };
export const CommissionSummaryDocument = z.object(CommissionSummaryShape);

export const CommissionRecordDocument = z
  .object({
    ...CommissionSummaryShape,
    wonRevenue: Amount,
    openRevenue: Amount,
    byFamily: z.array(
      z.object({ ...CommissionSummaryShape, productFamily: z.string().nullable(), wonRevenue: Amount, openRevenue: Amount }),
    ),
    openDeals: z.array(
      z.object({
        opportunityId: z.string(),
        name: z.string(),
        account: z.string(),
        stageId: z.string(),
        closeDate: z.string(),
        amount: Amount,
        probability: z.number().int(),
        commission: Amount.meta({ description: 'what this deal alone would add if it closed' }),
      }),
    ),
  })
  .meta({ id: 'CommissionRecord' });

const shapesMatch: [
  SameShape<CommissionRecord, z.infer<typeof CommissionRecordDocument>>,
  SameShape<CommissionLevelsTimeline, z.infer<typeof CommissionLevelsTimelineDocument>>,
  SameShape<LevelsInForce, z.infer<typeof LevelsInForceDocument>>,
] = [true, true, true];
void shapesMatch;
