/**
 * The local runtime's snapshot schedules, on vitest's fake timers and Date: when each
 * series fires, the catch-up run on start, re-arming, setTimeout's 2^31-1 ms limit, stop.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotResult } from '#core/pipeline/take-pipeline-snapshots.js';
import { systemClock } from '#core/shared/clock.js';
import {
  createSnapshotScheduler,
  describeRun,
  MAX_TIMER_DELAY_MS,
  nextSeriesInstantAfter,
  type ScheduledSnapshotEvent,
  type SchedulerTimers,
  type SnapshotScheduler,
} from '#local/snapshot-scheduler.js';

const HOUR_MS = 3_600_000;

/** A snapshot handler that records its events and answers one unchanged result per event. */
function recordingHandler(fail: (event: ScheduledSnapshotEvent) => boolean = () => false) {
  const events: ScheduledSnapshotEvent[] = [];
  const handler = async (event: ScheduledSnapshotEvent): Promise<SnapshotResult[]> => {
    events.push(event);
    if (fail(event)) throw new Error('stream still catching up');
    return [{ asAt: event.time, outcome: 'unchanged', scopesWritten: 0, scopesDeleted: 0, openDeals: 3 }];
  };
  return { handler, events };
}

/** The global (faked) timers, with every requested delay recorded; a delay Node would cut to 1 ms is refused. */
function recordingTimers() {
  const delays: number[] = [];
  const timers: SchedulerTimers = {
    setTimeout: (callback, delayMs) => {
      delays.push(delayMs);
      if (delayMs > MAX_TIMER_DELAY_MS) throw new Error(`setTimeout(${delayMs}) would fire after 1 ms`);
      return setTimeout(callback, delayMs);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  return { timers, delays };
}

const seriesOf = (event: ScheduledSnapshotEvent) => ('series' in event ? event.series : undefined);

const advanceTo = (instant: string) => vi.advanceTimersByTimeAsync(Date.parse(instant) - Date.now());

describe('snapshot scheduler', () => {
  let scheduler: SnapshotScheduler | undefined;
  const lines: string[] = [];

  beforeEach(() => {
    lines.length = 0;
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
  });

  /** The series schedules alone unless a stale retake interval is given (it would fire every minute of a simulated year). */
  function startAt(now: string, handler: ReturnType<typeof recordingHandler>['handler'], timers?: SchedulerTimers, staleRetakeEveryMs = 0) {
    vi.useFakeTimers({ now: new Date(now) });
    scheduler = createSnapshotScheduler({ handler, clock: systemClock, timers, log: (line) => lines.push(line), staleRetakeEveryMs });
    return scheduler;
  }

  it('runs each series once on start, for now: the handler catches up what a stopped runtime missed', async () => {
    // Prepare: stopped over Monday 2026-11-23 and since; started again on Thursday.
    const { handler, events } = recordingHandler();
    const started = startAt('2026-11-26T10:15:00.000Z', handler);

    // Act
    const runs = await started.start();

    // Assess
    expect(events).toEqual([
      { series: 'monthly', time: '2026-11-26T10:15:00.000Z' },
      { series: 'weekly', time: '2026-11-26T10:15:00.000Z' },
    ]);
    expect(runs.map((run) => [run.series, run.results.length])).toEqual([
      ['monthly', 1],
      ['weekly', 1],
    ]);
    expect(lines).toHaveLength(2);
  });

  it('fires the weekly series at the next Monday 00:00 UTC and the monthly at the next 1st 00:00 UTC, not a millisecond before', async () => {
    // Prepare: Thursday 26 November; next Monday is the 30th, the next 1st is Tuesday 1 December.
    const { handler, events } = recordingHandler();
    await startAt('2026-11-26T10:15:00.000Z', handler).start();
    events.length = 0;

    // Act
    await vi.advanceTimersByTimeAsync(Date.parse('2026-11-30T00:00:00.000Z') - Date.now() - 1);
    const beforeMonday = [...events];
    await advanceTo('2026-11-30T00:00:00.000Z');
    const atMonday = [...events];
    await vi.advanceTimersByTimeAsync(Date.parse('2026-12-01T00:00:00.000Z') - Date.now() - 1);
    const beforeFirst = [...events];
    await advanceTo('2026-12-01T00:00:00.000Z');

    // Assess
    expect(beforeMonday).toEqual([]);
    expect(atMonday).toEqual([{ series: 'weekly', time: '2026-11-30T00:00:00.000Z' }]);
    expect(beforeFirst).toEqual(atMonday);
    expect(events).toEqual([
      { series: 'weekly', time: '2026-11-30T00:00:00.000Z' },
      { series: 'monthly', time: '2026-12-01T00:00:00.000Z' },
    ]);
  });

  it('re-arms after each run: one run per instant, week after week and month after month', async () => {
    // Prepare
    const { handler, events } = recordingHandler();
    const started = startAt('2026-11-26T10:15:00.000Z', handler);
    await started.start();
    events.length = 0;

    // Act
    await advanceTo('2027-01-12T12:00:00.000Z');

    // Assess
    expect(events.filter((event) => seriesOf(event) === 'weekly').map((event) => event.time)).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2026-12-07T00:00:00.000Z',
      '2026-12-14T00:00:00.000Z',
      '2026-12-21T00:00:00.000Z',
      '2026-12-28T00:00:00.000Z',
      '2027-01-04T00:00:00.000Z',
      '2027-01-11T00:00:00.000Z',
    ]);
    expect(events.filter((event) => seriesOf(event) === 'monthly').map((event) => event.time)).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(started.nextRuns()).toEqual({ weekly: '2027-01-18T00:00:00.000Z', monthly: '2027-02-01T00:00:00.000Z' });
  });

  it('never asks setTimeout for more than 2^31-1 ms, and still fires a month away on the instant', async () => {
    // Prepare: 2 November to 1 December is 29 days, more than setTimeout's 24.8.
    const { handler, events } = recordingHandler();
    const { timers, delays } = recordingTimers();
    await startAt('2026-11-02T00:00:00.000Z', handler, timers).start();
    events.length = 0;

    // Act
    await advanceTo('2026-12-01T00:00:00.000Z');

    // Assess
    expect(Math.max(...delays)).toBe(MAX_TIMER_DELAY_MS);
    expect(events.filter((event) => seriesOf(event) === 'monthly')).toEqual([{ series: 'monthly', time: '2026-12-01T00:00:00.000Z' }]);
  });

  it('on a Monday the 1st, runs both series for the same instant one after the other', async () => {
    // Prepare: 1 March 2027 is a Monday.
    let running = 0;
    let overlapped = false;
    const { handler: record, events } = recordingHandler();
    const handler = async (event: ScheduledSnapshotEvent) => {
      running++;
      overlapped ||= running > 1;
      await new Promise((resolve) => setTimeout(resolve, HOUR_MS));
      running--;
      return record(event);
    };
    const started = startAt('2027-02-27T12:00:00.000Z', handler);
    const start = started.start();
    await vi.advanceTimersByTimeAsync(2 * HOUR_MS);
    await start;
    events.length = 0;

    // Act
    await advanceTo('2027-03-01T03:00:00.000Z');

    // Assess
    expect(events.map((event) => event.time)).toEqual(['2027-03-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z']);
    expect(events.map((event) => seriesOf(event)).sort()).toEqual(['monthly', 'weekly']);
    expect(overlapped).toBe(false);
  });

  it('logs a failed run and keeps the schedule: the next run catches the instant up', async () => {
    // Prepare
    const { handler, events } = recordingHandler((event) => event.time === '2026-11-30T00:00:00.000Z');
    await startAt('2026-11-26T10:15:00.000Z', handler).start();

    // Act
    await advanceTo('2026-12-07T00:00:00.000Z');

    // Assess
    expect(lines.filter((line) => line.includes('failed'))).toEqual([
      'snapshot weekly 2026-11-30T00:00:00.000Z: failed (stream still catching up); the next run catches up',
    ]);
    expect(events.at(-1)).toEqual({ series: 'weekly', time: '2026-12-07T00:00:00.000Z' });
  });

  it('stop clears every timer: nothing runs afterwards', async () => {
    // Prepare
    const { handler, events } = recordingHandler();
    const started = startAt('2026-11-26T10:15:00.000Z', handler);
    await started.start();
    events.length = 0;
    const armedTimers = vi.getTimerCount();

    // Act
    await started.stop();
    await advanceTo('2027-01-01T00:00:00.000Z');

    // Assess
    expect(armedTimers).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
    expect(started.nextRuns()).toEqual({});
    expect(events).toEqual([]);
  });

  it('stop waits for the run in flight and arms nothing after it', async () => {
    // Prepare: a start run that takes an hour.
    const { handler: record, events } = recordingHandler();
    const handler = async (event: ScheduledSnapshotEvent) => {
      await new Promise((resolve) => setTimeout(resolve, HOUR_MS));
      return record(event);
    };
    const started = startAt('2026-11-26T10:15:00.000Z', handler);
    void started.start();

    // Act
    const stopping = started.stop();
    await vi.advanceTimersByTimeAsync(3 * HOUR_MS);
    await stopping;

    // Assess
    expect(events.map((event) => seriesOf(event))).toEqual(['monthly', 'weekly']);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('stale snapshot retake', () => {
  afterEach(() => vi.useRealTimers());

  it('runs every interval after start, in the queue with the series runs, logs only a retake that did something, and stops', async () => {
    // Prepare: the handler finds stale snapshots on the second retake only.
    vi.useFakeTimers({ now: new Date('2026-11-26T10:15:00.000Z') });
    const events: ScheduledSnapshotEvent[] = [];
    const lines: string[] = [];
    const handler = async (event: ScheduledSnapshotEvent): Promise<SnapshotResult[]> => {
      events.push(event);
      const retakes = events.filter((seen) => 'retake' in seen).length;
      return 'retake' in event && retakes === 2
        ? [{ asAt: '2016-01-04T00:00:00.000Z', outcome: 'revised', scopesWritten: 3, scopesDeleted: 0, openDeals: 7 }]
        : [];
    };
    const scheduler = createSnapshotScheduler({ handler, clock: systemClock, log: (line) => lines.push(line), staleRetakeEveryMs: 60_000 });
    await scheduler.start();
    lines.length = 0;

    // Act
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);

    // Assess
    expect(events.filter((event) => 'retake' in event)).toEqual([
      { retake: 'stale', time: '2026-11-26T10:16:00.000Z' },
      { retake: 'stale', time: '2026-11-26T10:17:00.000Z' },
      { retake: 'stale', time: '2026-11-26T10:18:00.000Z' },
    ]);
    expect(lines).toEqual(['stale snapshots retaken 2026-11-26T10:17:00.000Z: 1 instant(s), 1 written']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('logs a failed retake and tries again at the next interval', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T10:15:00.000Z') });
    let retakes = 0;
    const lines: string[] = [];
    const handler = async (event: ScheduledSnapshotEvent): Promise<SnapshotResult[]> => {
      if ('retake' in event && ++retakes === 1) throw new Error('stream still catching up');
      return [];
    };
    const scheduler = createSnapshotScheduler({ handler, clock: systemClock, log: (line) => lines.push(line), staleRetakeEveryMs: 60_000 });
    await scheduler.start();
    lines.length = 0;

    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await scheduler.stop();

    expect(retakes).toBe(2);
    expect(lines).toEqual(['stale snapshot retake 2026-11-26T10:16:00.000Z: failed (stream still catching up); retried in a minute']);
  });
});

describe('nextSeriesInstantAfter', () => {
  it.each([
    ['weekly', '2026-11-26T10:15:00.000Z', '2026-11-30T00:00:00.000Z'],
    ['weekly', '2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z'],
    ['weekly', '2026-11-29T23:59:59.999Z', '2026-11-30T00:00:00.000Z'],
    ['monthly', '2026-11-26T10:15:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['monthly', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['monthly', '2027-01-31T23:59:59.999Z', '2027-02-01T00:00:00.000Z'],
  ] as const)('%s after %s is %s', (series, time, expected) => {
    expect(nextSeriesInstantAfter(series, new Date(time))).toBe(expected);
  });
});

describe('describeRun', () => {
  it('counts the outcomes and names the latest instant', () => {
    const results: SnapshotResult[] = [
      { asAt: '2026-11-23T00:00:00.000Z', outcome: 'unchanged', scopesWritten: 0, scopesDeleted: 0, openDeals: 40 },
      { asAt: '2026-11-30T00:00:00.000Z', outcome: 'created', scopesWritten: 9, scopesDeleted: 0, openDeals: 42 },
    ];

    expect(describeRun({ series: 'weekly', time: '2026-11-30T00:00:00.000Z', results })).toBe(
      'snapshot weekly 2026-11-30T00:00:00.000Z: 1 created, 0 revised, 1 unchanged; as at 2026-11-30T00:00:00.000Z 42 open deals, 9 scopes written',
    );
  });
});
