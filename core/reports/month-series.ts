/**
 * A scope's figures month by month, for charts across a range (target against closed won
 * and expected revenue over a fiscal year, closed won stacked by member, open pipeline by
 * close month and stage). Each month is rolled up exactly as a one-month period is, from
 * lookups read once for the whole range.
 */

import { invalidField } from '../shared/errors.js';
import { monthsBetween } from '../shared/period.js';
import { type MemberReport, type RepLookups, type RollupFigures, rollUpRep, rollUpTeam, type TeamRollupInput } from './team-rollup.js';

/** Most months one series may span: two years, as a target write or read. */
export const MAX_SERIES_MONTHS = 24;

/** A member's month, with what a stacked chart needs of it. */
export interface SeriesMember {
  readonly kind: 'team' | 'rep';
  readonly id: string;
  readonly name: string;
  readonly closedWon: number;
  readonly target: number | null;
  readonly pipeline: number;
  readonly expectedRevenue: number;
}

export interface SeriesMonth extends RollupFigures {
  readonly month: string;
  /** Child teams, then the reps placed directly in the team; empty for a rep. */
  readonly members: readonly SeriesMember[];
}

export interface MonthSeries {
  readonly scope: { readonly kind: 'company' | 'team' | 'rep'; readonly id: string; readonly name: string };
  readonly months: readonly SeriesMonth[];
}

/** The months from `from` to `to`, both included: at least one and at most MAX_SERIES_MONTHS. */
export function seriesMonths(from: string, to: string): string[] {
  const months = monthsBetween(from, to);
  if (months.length === 0) throw invalidField('to', 'must not be before from');
  if (months.length > MAX_SERIES_MONTHS) throw invalidField('to', `must be at most ${MAX_SERIES_MONTHS - 1} months after from`);
  return months;
}

function seriesMemberOf({ kind, id, name, targetRecord }: MemberReport): SeriesMember {
  const { closedWon, target, pipeline, expectedRevenue } = targetRecord;
  return { kind, id, name, closedWon, target, pipeline, expectedRevenue };
}

/** A team's months: each the roll-up of that month alone, with its members' headline figures. */
export function teamMonthSeries(input: TeamRollupInput): SeriesMonth[] {
  return input.months.map((month) => {
    const { targetRecord, commission, members } = rollUpTeam({ ...input, months: [month] });
    return { month, targetRecord, commission, members: members.map(seriesMemberOf) };
  });
}

/** A rep's months: each the rep's month record, as the rep counts in a team's roll-up. */
export function repMonthSeries(lookups: RepLookups, repId: string, months: readonly string[]): SeriesMonth[] {
  return months.map((month) => ({ month, ...rollUpRep(lookups, repId, [month]), members: [] }));
}
