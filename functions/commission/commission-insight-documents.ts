/**
 * Query and responses of the commission insight routes (the next sale, why commission
 * changed), for the OpenAPI document. Each response mirrors a core result type; the
 * `sameShape` checks at the bottom make the compiler fail if one drifts from it.
 */
import * as z from 'zod';
import type { CommissionChange } from '#core/commission/commission-change.js';
import { COMMISSION_CHANGE_KINDS } from '#core/commission/commission-change-events.js';
import { Band } from '#core/commission/commission-levels.js';
import type { NextSaleReport } from '#core/commission/read-next-sale.js';
import { Id, Instant, Month } from '#core/shared/common-schemas.js';
import { Amount } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';
import { PointInTime } from '../pipeline/pipeline-documents.js';
import { CommissionLevelsDocument, CommissionSummaryDocument } from './commission-documents.js';

export const CommissionChangeQuery = z.strictObject({
  from: PointInTime.meta({ description: 'the earlier instant (a date: its 00:00 UTC); not in the future' }),
  to: PointInTime.optional().meta({ description: 'the later instant; defaults to now; not in the future' }),
});

const NextSalePoolDocument = z.object({
  productFamily: z.string().nullable().meta({ description: 'a family with its own levels; null: the general pool' }),
  pooledFamilies: z.array(z.string()).meta({ description: 'the named families whose revenue runs through the general pool' }),
  wonRevenue: Amount,
  band: Band.nullable().meta({ description: 'the band the next sale falls in; null when capped or without bands' }),
  marginalRatePercent: z.number().meta({ description: 'what the next unit of revenue earns, in percent' }),
  revenueToNextBand: Amount.nullable().meta({ description: 'revenue left before the next band; null in the open top band' }),
  nextBand: Band.nullable(),
  capped: z.boolean().meta({ description: 'revenue is above a capped last band: further sales earn nothing here' }),
});

export const NextSaleDocument = z
  .object({
    repId: Id,
    month: Month,
    levels: CommissionLevelsDocument.nullable().meta({ description: 'the levels in force; null when the rep has none' }),
    pools: z.array(NextSalePoolDocument),
  })
  .meta({ id: 'NextSale' });

const CommissionChangeLineDocument = z.object({
  kind: z.enum(COMMISSION_CHANGE_KINDS),
  deal: z.object({ opportunityId: Id, name: z.string() }).nullable(),
  subject: z.string().nullable().meta({ description: "'commission-levels', 'stage-configuration' or 'target'; null for a deal" }),
  at: Instant,
  detail: z.string(),
  earned: Amount,
  pipelineCommission: Amount,
  totalPotential: Amount,
});

export const CommissionChangeDocument = z
  .object({
    repId: Id,
    month: Month,
    from: Instant,
    to: Instant,
    before: CommissionSummaryDocument,
    after: CommissionSummaryDocument,
    change: CommissionSummaryDocument.meta({ description: 'after - before: exactly the sum of the lines' }),
    lines: z.array(CommissionChangeLineDocument),
  })
  .meta({ id: 'CommissionChange' });

const shapesMatch: [
  SameShape<NextSaleReport, z.infer<typeof NextSaleDocument>>,
  SameShape<CommissionChange, z.infer<typeof CommissionChangeDocument>>,
] = [true, true];
void shapesMatch;
