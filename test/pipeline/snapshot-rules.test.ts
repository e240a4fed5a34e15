/**
 * SNAPSHOT_SCHEDULES (the EventBridge cron fields CDK deploys) and core/pipeline/snapshot-instants.ts
 * (the instants snapshots are filed under and the local runtime fires at) must name the same
 * instants. A tiny evaluator of the cron fields used here (numbers, '*', '?', day-of-week
 * names) checks every minute-aligned candidate hour over two years against the core.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isSnapshotInstant,
  SNAPSHOT_SERIES,
  type SnapshotSeries,
  seriesInstantAtOrBefore,
  seriesInstantsBetween,
} from '#core/pipeline/snapshot-instants.js';
import { SNAPSHOT_SCHEDULES, type SnapshotScheduleDefinition } from '#functions/pipeline/snapshot-rules.js';

const WEEK_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** Does one EventBridge cron field accept a value? Only the forms SNAPSHOT_SCHEDULES may use. */
function fieldMatches(field: string | undefined, value: number, names?: readonly string[]): boolean {
  if (field === undefined || field === '*' || field === '?') return true;
  if (/^\d+$/.test(field)) return Number(field) === value;
  if (names?.includes(field)) return names.indexOf(field) === value;
  throw new Error(`cron field form not understood by this test: ${field}`);
}

/** Does the rule fire at `time` (UTC: EventBridge evaluates cron in UTC)? */
function cronFiresAt({ cron }: SnapshotScheduleDefinition, time: Date): boolean {
  return (
    time.getUTCSeconds() === 0 &&
    time.getUTCMilliseconds() === 0 &&
    fieldMatches(cron.minute, time.getUTCMinutes()) &&
    fieldMatches(cron.hour, time.getUTCHours()) &&
    fieldMatches(cron.day, time.getUTCDate()) &&
    fieldMatches(cron.weekDay, time.getUTCDay(), WEEK_DAYS)
  );
}

const HOUR_MS = 3_600_000;
const FROM = new Date('2026-01-01T00:00:00.000Z');
const TO = new Date('2027-12-31T23:00:00.000Z');

/** Every whole hour in [from, to]: the cron fields here fire on minute 0, so nothing between hours can match. */
function everyHour(from: Date, to: Date): Date[] {
  const hours: Date[] = [];
  for (let time = from.getTime(); time <= to.getTime(); time += HOUR_MS) hours.push(new Date(time));
  return hours;
}

describe('snapshot schedules: cron fields and core instants agree', () => {
  it('fire on minute 0 of hour 0 only, one day field set and the other left to EventBridge', () => {
    expect(SNAPSHOT_SCHEDULES.monthly.cron).toEqual({ minute: '0', hour: '0', day: '1' });
    expect(SNAPSHOT_SCHEDULES.weekly.cron).toEqual({ minute: '0', hour: '0', weekDay: 'MON' });
  });

  it.each(SNAPSHOT_SERIES)('%s: the cron fires at exactly the instants of the series, over two years', (series: SnapshotSeries) => {
    // Act
    const cronInstants = everyHour(FROM, TO).filter((time) => cronFiresAt(SNAPSHOT_SCHEDULES[series], time));

    // Assess
    expect(cronInstants).toEqual(seriesInstantsBetween(series, FROM, TO));
    expect(cronInstants.length).toBe(series === 'monthly' ? 24 : 104);
  });

  it('monthly day 1 is the 1st of the month; weekly MON is a Monday', () => {
    for (const instant of seriesInstantsBetween('monthly', FROM, TO)) expect(instant.getUTCDate()).toBe(1);
    for (const instant of seriesInstantsBetween('weekly', FROM, TO)) expect(instant.getUTCDay()).toBe(1);
  });

  it('at any time, the latest firing of each cron at or before it is the core instant at or before it', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00.000Z'), max: new Date('2035-12-31T23:59:59.999Z'), noInvalidDate: true }),
        fc.constantFrom(...SNAPSHOT_SERIES),
        (time, series) => {
          const instant = seriesInstantAtOrBefore(series, time);
          const hoursBetween = everyHour(instant, new Date(Math.floor(time.getTime() / HOUR_MS) * HOUR_MS));

          expect(cronFiresAt(SNAPSHOT_SCHEDULES[series], instant)).toBe(true);
          expect(isSnapshotInstant(instant)).toBe(true);
          expect(hoursBetween.slice(1).filter((hour) => cronFiresAt(SNAPSHOT_SCHEDULES[series], hour))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
