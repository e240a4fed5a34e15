import type { Opportunity } from '../opportunities/opportunity.js';
import { instantOf } from '../shared/instant.js';
import { monthOfDate, wholeDaysBetween } from '../shared/period.js';
import type { QualityCounters } from './deal-link.js';

/** The fields of an opportunity version that the quality counters follow. */
export type QualityVersion = Pick<Opportunity, 'createdAt' | 'updatedAt' | 'stageId' | 'stageOutcome' | 'closeDate'>;

/** Counters of a new deal; one created already closed is closed from its first write. */
export function initialQualityCounters(opportunity: QualityVersion): QualityCounters {
  return {
    createdAt: opportunity.createdAt,
    closeMonthExtensions: 0,
    lastStageChangeAt: null,
    closedAt: opportunity.stageOutcome === 'open' ? null : opportunity.updatedAt,
  };
}

/** A move of the close date to a later calendar month; a jump over several months is one slip. */
function isMonthExtension(beforeCloseDate: string, afterCloseDate: string): boolean {
  return monthOfDate(afterCloseDate) > monthOfDate(beforeCloseDate);
}

/**
 * Counters after one change from `before` to `after`, dated `after.updatedAt`.
 * Closing (open -> won/lost) stops the days-open clock; reopening clears `closedAt` so the
 * clock runs again from creation. A move between closed outcomes (won -> lost) keeps the
 * first `closedAt`: the deal never went back to open, so its days open stay frozen.
 */
export function nextQualityCounters(previous: QualityCounters, before: QualityVersion, after: QualityVersion): QualityCounters {
  const changedAt = after.updatedAt;
  const closedNow = after.stageOutcome !== 'open';
  const closedBefore = before.stageOutcome !== 'open';
  return {
    createdAt: after.createdAt,
    closeMonthExtensions: previous.closeMonthExtensions + (isMonthExtension(before.closeDate, after.closeDate) ? 1 : 0),
    lastStageChangeAt: after.stageId !== before.stageId ? changedAt : previous.lastStageChangeAt,
    closedAt: !closedNow ? null : closedBefore ? (previous.closedAt ?? changedAt) : changedAt,
  };
}

/** Close-month extensions over a whole sequence of close dates (a backfill from field history). */
export function closeMonthExtensionsOf(closeDates: readonly string[]): number {
  let extensions = 0;
  for (let index = 1; index < closeDates.length; index++) {
    if (isMonthExtension(closeDates[index - 1] ?? '', closeDates[index] ?? '')) extensions++;
  }
  return extensions;
}

/** Counters of a deal replayed over its versions in order (first = as created). */
export function qualityCountersOfVersions(versions: readonly QualityVersion[]): QualityCounters | null {
  const [first, ...rest] = versions;
  if (!first) return null;
  let counters = initialQualityCounters(first);
  let before = first;
  for (const after of rest) {
    counters = nextQualityCounters(counters, before, after);
    before = after;
  }
  return counters;
}

export interface QualityMetrics {
  readonly closeMonthExtensions: number;
  readonly daysSinceLastStageChange: number;
  readonly daysOpen: number;
  readonly lastStageChangeAt: string | null;
  readonly closedAt: string | null;
}

/**
 * The metrics as of an instant: whole days, rounded down, never negative. An `asOf`
 * before the close counts up to `asOf`, so a past date never shows more days than elapsed.
 */
export function qualityMetricsAt(counters: QualityCounters, asOf: Date): QualityMetrics {
  const closedAt = counters.closedAt === null ? null : instantOf(counters.closedAt);
  const openUntil = closedAt !== null && closedAt.getTime() < asOf.getTime() ? closedAt : asOf;
  return {
    closeMonthExtensions: counters.closeMonthExtensions,
    daysSinceLastStageChange: wholeDaysBetween(instantOf(counters.lastStageChangeAt ?? counters.createdAt), asOf),
    daysOpen: wholeDaysBetween(instantOf(counters.createdAt), openUntil),
    lastStageChangeAt: counters.lastStageChangeAt,
    closedAt: counters.closedAt,
  };
}
