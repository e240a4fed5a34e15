/**
 * Responses of the report routes (a rep's month, a team's, the company's or a rep's period,
 * a scope's month series), for the
 * OpenAPI document. Each mirrors a core result type; the `sameShape` checks at the bottom
 * make the compiler fail if one drifts from it.
 */
import * as z from 'zod';
import { StageOutcome } from '#core/organisation/stage.js';
import type { MonthSeries } from '#core/reports/month-series.js';
import type { RepMonthReport } from '#core/reports/read-rep-month.js';
import type { RepPeriodResult } from '#core/reports/read-rep-period.js';
import type { TeamPeriodResult } from '#core/reports/read-team-period.js';
import { Id, Month } from '#core/shared/common-schemas.js';
import { Amount } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';
import { CommissionLevelsDocument, CommissionRecordDocument, CommissionSummaryDocument } from '../commission/commission-documents.js';
import { TargetDocument, TargetRecordDocument } from '../targets/target-documents.js';

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

const PeriodDocument = z.object({ kind: z.enum(['month', 'quarter', 'fiscal-year']), label: z.string(), months: z.array(Month) });

export const TeamPeriodDocument = z
  .object({
    teamId: z.string(),
    name: z.string(),
    period: PeriodDocument,
    months: z.array(Month),
    targetRecord: TargetRecordDocument,
    commission: CommissionSummaryDocument,
    members: z.array(MemberReportDocument).meta({ description: 'child teams, then the reps placed directly in the team' }),
  })
  .meta({ id: 'TeamPeriod' });

export const RepPeriodDocument = z
  .object({
    repId: Id,
    name: z.string(),
    period: PeriodDocument,
    months: z.array(Month),
    targetRecord: TargetRecordDocument,
    commission: CommissionSummaryDocument,
    members: z
      .array(MemberReportDocument)
      .meta({ description: "always empty: a rep has no drill-down; there so that a team's period and a rep's read alike" }),
  })
  .meta({ id: 'RepPeriod' });

const SeriesMemberDocument = z.object({
  kind: z.enum(['team', 'rep']),
  id: z.string(),
  name: z.string(),
  closedWon: Amount,
  target: Amount.nullable().meta({
    description: "the member's target for the month; null when none is set (nor, for a team, any of its members')",
  }),
  pipeline: Amount,
  expectedRevenue: Amount,
});

export const MonthSeriesDocument = z
  .object({
    scope: z.object({ kind: z.enum(['company', 'team', 'rep']), id: z.string(), name: z.string() }),
    months: z.array(
      z.object({
        month: Month,
        targetRecord: TargetRecordDocument,
        commission: CommissionSummaryDocument,
        members: z
          .array(SeriesMemberDocument)
          .meta({ description: "child teams, then the reps placed directly in the team, each with that month's figures; empty for a rep" }),
      }),
    ),
  })
  .meta({ id: 'MonthSeries' });

const shapesMatch: [
  SameShape<RepMonthReport, z.infer<typeof RepMonthDocument>>,
  SameShape<TeamPeriodResult, z.infer<typeof TeamPeriodDocument>>,
  SameShape<RepPeriodResult, z.infer<typeof RepPeriodDocument>>,
  SameShape<MonthSeries, z.infer<typeof MonthSeriesDocument>>,
] = [true, true, true, true];
void shapesMatch;
