/**
 * A scope's figures month by month: the answer of `GET /company/months?from&to`,
 * `GET /teams/{teamId}/months?from&to` and `GET /reps/{repId}/months?from&to`. Each month
 * carries the scope's target record and commission, and one level of drill-down (child
 * teams and reps, or at the company its teams and the reps placed directly in it).
 */
import type { CommissionSummary } from '#core/commission/commission-record.js';
import type { TargetRecord } from '#core/targets/target-record.js';

export interface MonthSeriesScope {
  readonly kind: 'company' | 'team' | 'rep';
  readonly id: string;
  readonly name: string;
}

export interface MonthSeriesMember {
  readonly kind: 'team' | 'rep';
  readonly id: string;
  readonly name: string;
  /** Minor units. */
  readonly closedWon: number;
  /** Null where no target is set. */
  readonly target: number | null;
  /** Amount of the open deals, minor units. */
  readonly pipeline: number;
  readonly expectedRevenue: number;
}

export interface MonthSeriesMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly targetRecord: TargetRecord;
  readonly commission: CommissionSummary;
  readonly members: readonly MonthSeriesMember[];
}

export interface MonthSeries {
  readonly scope: MonthSeriesScope;
  /** In calendar order. */
  readonly months: readonly MonthSeriesMonth[];
}
