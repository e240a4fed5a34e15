/**
 * The local runtime's daily forecast refresh, on vitest's fake timers and Date: a run on
 * start, then every 02:15 UTC with the event EventBridge sends; a failed run is logged and
 * the next day's still fires; stop clears the timer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForecastRefreshSummary } from '#core/forecasts/refresh-forecasts.js';
import { systemClock } from '#core/shared/clock.js';
import { createForecastRefreshScheduler, describeRefresh, type ForecastRefreshScheduler } from '#local/forecast-refresh-scheduler.js';

const summary = (time: string): ForecastRefreshSummary => ({
  learnedAt: time,
  dealsRead: 1_234,
  closedDeals: 900,
  stages: 4,
  months: ['2026-10', '2026-11'],
  scopes: 7,
  durations: { readMs: 120.4, learnMs: 80, backtestMs: 900, writeMs: 60 },
  skipped: 0,
});

describe('forecast refresh scheduler', () => {
  let scheduler: ForecastRefreshScheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
  });

  it('runs on start, then daily at 02:15 UTC with { refresh: forecasts, time }', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T22:00:00.000Z') });
    const events: unknown[] = [];
    const lines: string[] = [];
    let failNext = false;
    scheduler = createForecastRefreshScheduler({
      handler: async (event) => {
        events.push(event);
        if (failNext) {
          failNext = false;
          throw new Error('stream still catching up');
        }
        return summary(event.time);
      },
      clock: systemClock,
      log: (line) => lines.push(line),
    });

    const first = await scheduler.start();
    expect(first.summary?.learnedAt).toBe('2026-11-30T22:00:00.000Z');
    expect(scheduler.nextRun()).toBe('2026-12-01T02:15:00.000Z');

    failNext = true;
    await vi.advanceTimersByTimeAsync(Date.parse('2026-12-01T02:15:00.000Z') - Date.now());
    await vi.advanceTimersByTimeAsync(Date.parse('2026-12-02T02:15:00.000Z') - Date.now());

    expect(events).toEqual([
      { refresh: 'forecasts', time: '2026-11-30T22:00:00.000Z' },
      { refresh: 'forecasts', time: '2026-12-01T02:15:00.000Z' },
      { refresh: 'forecasts', time: '2026-12-02T02:15:00.000Z' },
    ]);
    expect(lines).toEqual([
      'forecasts refreshed 2026-11-30T22:00:00.000Z: 1,234 deals (900 closed), 2 months x 7 scopes backtested; read 120 ms, learn 80 ms, backtest 900 ms, write 60 ms',
      'forecast refresh 2026-12-01T02:15:00.000Z: failed (stream still catching up); the next run refreshes',
      'forecasts refreshed 2026-12-02T02:15:00.000Z: 1,234 deals (900 closed), 2 months x 7 scopes backtested; read 120 ms, learn 80 ms, backtest 900 ms, write 60 ms',
    ]);
    expect(scheduler.nextRun()).toBe('2026-12-03T02:15:00.000Z');

    await scheduler.stop();
    expect(scheduler.nextRun()).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('describes a failure without a summary', () => {
    expect(describeRefresh({ time: '2026-12-01T02:15:00.000Z', error: 'boom' })).toBe(
      'forecast refresh 2026-12-01T02:15:00.000Z: failed (boom); the next run refreshes',
    );
  });
});
