/**
 * Schemas of the responses, for the OpenAPI document. Each mirrors a core result type; the
 * `sameShape` checks at the bottom make the compiler fail if one drifts from it.
 */

import * as z from 'zod';
import { Band } from '#core/commission/commission-levels.js';
import type { CommissionRecord } from '#core/commission/commission-record.js';
import type { CommissionLevelsTimeline, LevelsInForce } from '#core/commission/put-and-read-commission-levels.js';
import { TRACKED_FIELDS } from '#core/opportunities/field-history.js';
import { Opportunity } from '#core/opportunities/opportunity.js';
import type { OpportunityHistory } from '#core/opportunities/opportunity-history.js';
import { Rep } from '#core/organisation/rep.js';
import { Stage, StageOutcome, type VersionedStageConfiguration } from '#core/organisation/stage.js';
import { Team } from '#core/organisation/team.js';
import type { QualityRow } from '#core/quality/quality-table.js';
import type { OpportunityWithQuality } from '#core/reports/read-opportunities.js';
import type { RepMonthReport } from '#core/reports/read-rep-month.js';
import type { TeamPeriodResult } from '#core/reports/read-team-period.js';
import { Id, Month } from '#core/shared/common-schemas.js';
import { Target } from '#core/targets/target.js';
import type { TargetRecord } from '#core/targets/target-record.js';

const Amount = z.number().int().meta({ description: 'minor units (cents)' });
/**
 * A ratio, where commission bands use a percentage (ratePercent): said in each field's
 * description, since the names cannot change without breaking clients.
 */
function ratio(meaning: string, example: number) {
  return z
    .number()
    .meta({ description: `a ratio (1 = 100 %): ${meaning}; ${example} is ${Math.round(example * 10_000) / 100} %`, examples: [example] });
}

export const ProblemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z
      .array(z.object({ field: z.string().meta({ description: 'dotted path, e.g. productLines.0.amount' }), message: z.string() }))
      .optional(),
  })
  .meta({ id: 'Problem' });

export const HealthDocument = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const RepDocument = Rep.meta({ id: 'Rep' });
export const TeamDocument = Team.meta({ id: 'Team' });
export const OpportunityDocument = Opportunity.meta({ id: 'Opportunity' });
export const TargetDocument = Target.meta({ id: 'Target' });

export function pageOf<S extends z.ZodType>(item: S, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'pass as cursor for the next page; null on the last' }),
    })
    .meta({ id });
}

export const RepPage = pageOf(RepDocument, 'RepPage');
export const TeamPage = pageOf(TeamDocument, 'TeamPage');

/** Stored items an answer over many left out because they fail their schema (core/shared/skipped-item.ts). */
export const SkippedItemsDocument = z
  .array(
    z.object({
      kind: z
        .string()
        .meta({ description: "what the item is: 'opportunity', 'field history', 'deal link', 'rep', 'team', 'stage configuration'" }),
      id: z.string().meta({ description: "the record's id; an opportunity is mended by PUT (replace) or DELETE" }),
      reason: z.string().meta({ description: 'the offending fields and why' }),
    }),
  )
  .meta({
    id: 'SkippedItems',
    description: 'present only when invalid stored items were left out of the answer; each is also logged as a warning',
  });

export const OpportunityPage = pageOf(OpportunityDocument, 'OpportunityPage')
  .extend({ skipped: SkippedItemsDocument.optional() })
  .meta({ id: 'OpportunityPage' });

export const StageConfigurationDocument = z
  .object({
    stages: z.array(Stage),
    version: z.number().int().nonnegative().meta({ description: '0 while the default is in force' }),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'StageConfiguration' });

const QualityMetricsDocument = z.object({
  closeMonthExtensions: z.number().int(),
  daysSinceLastStageChange: z.number().int(),
  daysOpen: z.number().int(),
  lastStageChangeAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  asOf: z.string(),
  createdAt: z.string(),
});

export const OpportunityWithQualityDocument = z
  .object({
    opportunity: OpportunityDocument,
    quality: QualityMetricsDocument,
    qualityPending: z.boolean().meta({ description: 'the stream has not processed this version yet' }),
  })
  .meta({ id: 'OpportunityWithQuality' });

const FieldValueDocument = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const OpportunityHistoryDocument = z
  .object({
    opportunityId: Id,
    changes: z.array(
      z.object({
        opportunityId: Id,
        field: z.enum(TRACKED_FIELDS),
        oldValue: FieldValueDocument,
        newValue: FieldValueDocument,
        changedAt: z.string(),
        version: z.number().int().positive().meta({ description: 'the version the change produced' }),
        changedBy: Id.optional().meta({
          description: 'the rep whose request made it; absent when not known (imported, older, or a hard delete)',
        }),
      }),
    ),
  })
  .meta({ id: 'OpportunityHistory' });

export const TargetListDocument = z.object({ targets: z.array(TargetDocument) }).meta({ id: 'TargetList' });

const LevelsEntryDocument = z.object({ productFamily: z.string().nullable(), fromMonth: Month, bands: z.array(Band).nullable() });
export const CommissionLevelsTimelineDocument = z
  .object({ repId: Id, productFamily: z.string().nullable(), entries: z.array(LevelsEntryDocument) })
  .meta({ id: 'CommissionLevelsTimeline' });
const CommissionLevelsDocument = z.object({ general: z.array(Band).nullable(), byFamily: z.record(z.string(), z.array(Band)) });
export const LevelsInForceDocument = z.object({ repId: Id, month: Month, levels: CommissionLevelsDocument }).meta({ id: 'LevelsInForce' });

const StagePipelineDocument = z.object({
  stageId: z.string(),
  name: z.string(),
  outcome: StageOutcome,
  probability: z.number().int(),
  amount: Amount,
  count: z.number().int(),
  configured: z.boolean(),
});

export const TargetRecordDocument = z
  .object({
    target: Amount.nullable(),
    closedWon: Amount,
    pipeline: Amount,
    expectedRevenue: Amount,
    shortfall: Amount.nullable(),
    over: Amount.nullable(),
    attainment: ratio('closed won / target, rounded to 4 decimals; null without a non-zero target', 0.8125).nullable(),
    coverage: ratio('(closed won + expected revenue) / target, rounded to 4 decimals; null without a non-zero target', 1.35).nullable(),
    enoughPipeline: z.boolean().nullable(),
    gauge: z.object({ status: z.enum(['red', 'amber', 'green']).nullable(), amberFrom: Amount.nullable(), greenFrom: Amount.nullable() }),
    pipelineByStage: z.array(StagePipelineDocument),
  })
  .meta({ id: 'TargetRecord' });

const CommissionSummaryShape = { earned: Amount, pipelineCommission: Amount, totalPotential: Amount };
const CommissionSummaryDocument = z.object(CommissionSummaryShape);

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

export const RepMonthDocument = z
  .object({
    repId: Id,
    name: z.string(),
    month: Month,
    targetRecord: TargetRecordDocument,
    commissionRecord: CommissionRecordDocument,
    levels: CommissionLevelsDocument,
    targets: z.array(TargetDocument),
    deals: z.array(
      z.object({
        opportunityId: z.string(),
        name: z.string(),
        account: z.string(),
        stageId: z.string(),
        outcome: StageOutcome,
        closeDate: z.string(),
        amount: Amount,
        probability: z.number().int(),
        priority: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'RepMonth' });

const MemberReportDocument = z.object({
  kind: z.enum(['rep', 'team']),
  id: z.string(),
  name: z.string(),
  targetRecord: TargetRecordDocument,
  commission: CommissionSummaryDocument,
});

export const TeamPeriodDocument = z
  .object({
    teamId: z.string(),
    name: z.string(),
    period: z.object({ kind: z.enum(['month', 'quarter', 'fiscal-year']), label: z.string(), months: z.array(Month) }),
    months: z.array(Month),
    targetRecord: TargetRecordDocument,
    commission: CommissionSummaryDocument,
    members: z.array(MemberReportDocument).meta({ description: 'child teams, then the reps placed directly in the team' }),
  })
  .meta({ id: 'TeamPeriod' });

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

/** Compile-time only: schema and core type must be assignable both ways (readonly aside). */
export type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;
export type SameShape<Core, Schema> = [Writable<Core>] extends [Schema] ? ([Schema] extends [Writable<Core>] ? true : false) : false;
const shapesMatch: [
  SameShape<TargetRecord, z.infer<typeof TargetRecordDocument>>,
  SameShape<CommissionRecord, z.infer<typeof CommissionRecordDocument>>,
  SameShape<RepMonthReport, z.infer<typeof RepMonthDocument>>,
  SameShape<TeamPeriodResult, z.infer<typeof TeamPeriodDocument>>,
  SameShape<QualityRow, z.infer<typeof QualityRowDocument>>,
  SameShape<OpportunityWithQuality, z.infer<typeof OpportunityWithQualityDocument>>,
  SameShape<OpportunityHistory, z.infer<typeof OpportunityHistoryDocument>>,
  SameShape<CommissionLevelsTimeline, z.infer<typeof CommissionLevelsTimelineDocument>>,
  SameShape<LevelsInForce, z.infer<typeof LevelsInForceDocument>>,
  SameShape<VersionedStageConfiguration, z.infer<typeof StageConfigurationDocument>>,
] = [true, true, true, true, true, true, true, true, true, true];
void shapesMatch;
