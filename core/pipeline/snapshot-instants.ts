/**
 * The instants the as-at snapshots are taken for: 00:00 UTC on the 1st of every month
 * (the long-term series) and 00:00 UTC every Monday (the short-term series). A snapshot
 * belongs to its instant, not to a run: when the 1st is a Monday one snapshot serves both
 * series, and a run taken late is filed under the instant it should have had.
 */
import { invalidField } from '../shared/errors.js';
import { epochMillisOf } from '../shared/instant.js';

export const SNAPSHOT_SERIES = ['monthly', 'weekly'] as const;
export type SnapshotSeries = (typeof SNAPSHOT_SERIES)[number];

const MS_PER_DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function startOfDay(millis: number): number {
  return Math.floor(millis / MS_PER_DAY) * MS_PER_DAY;
}

/** The latest instant of the series at or before `time`. */
export function seriesInstantAtOrBefore(series: SnapshotSeries, time: Date): Date {
  const day = new Date(startOfDay(epochMillisOf(time)));
  if (series === 'monthly') return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  const daysSinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - daysSinceMonday * MS_PER_DAY);
}

/** The instant of the series after `instant` (which must be one of its instants). */
function nextSeriesInstant(series: SnapshotSeries, instant: Date): Date {
  if (series === 'monthly') return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() + 1, 1));
  return new Date(instant.getTime() + 7 * MS_PER_DAY);
}

/** The instants of the series from `from` to `to`, both included when they are instants of it. */
export function seriesInstantsBetween(series: SnapshotSeries, from: Date, to: Date): Date[] {
  const end = epochMillisOf(to);
  const instants: Date[] = [];
  let instant = seriesInstantAtOrBefore(series, from);
  if (instant.getTime() < from.getTime()) instant = nextSeriesInstant(series, instant);
  while (instant.getTime() <= end) {
    instants.push(instant);
    instant = nextSeriesInstant(series, instant);
  }
  return instants;
}

/** The last `count` instants of the series at or before `time`, oldest first. */
export function lastSeriesInstants(series: SnapshotSeries, count: number, time: Date): Date[] {
  const instants: Date[] = [];
  let instant = seriesInstantAtOrBefore(series, time);
  for (let index = 0; index < count; index++) {
    instants.unshift(instant);
    instant = seriesInstantAtOrBefore(series, new Date(instant.getTime() - 1));
  }
  return instants;
}

/** Every instant of either series between two times, once each, in order. */
export function snapshotInstantsBetween(from: Date, to: Date): Date[] {
  const times = new Set(SNAPSHOT_SERIES.flatMap((series) => seriesInstantsBetween(series, from, to).map((instant) => instant.getTime())));
  return [...times].sort((a, b) => a - b).map((time) => new Date(time));
}

/** True when `instant` is 00:00 UTC of the 1st of a month or of a Monday. */
export function isSnapshotInstant(instant: Date): boolean {
  return SNAPSHOT_SERIES.some((series) => seriesInstantAtOrBefore(series, instant).getTime() === epochMillisOf(instant));
}

/** 00:00 UTC of a calendar date (YYYY-MM-DD): the as-at instant a "snapshot for a date" means. */
export function instantOfDate(date: string, field = 'date'): Date {
  const time = DATE.test(date) ? Date.parse(`${date}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) {
    throw invalidField(field, 'must be a calendar date YYYY-MM-DD');
  }
  return new Date(time);
}
