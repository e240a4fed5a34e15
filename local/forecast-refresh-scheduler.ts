/**
 * The local stand-in for the daily EventBridge rule of the forecast refresh
 * (FORECAST_REFRESH_SCHEDULE, 02:15 UTC): it invokes the real refresh handler with the
 * event EventBridge would send, `{ refresh: 'forecasts', time }`, once on start (so the
 * dashboard shows learned rates at once, the demo's included) and then at every 02:15 UTC.
 * A failed run is logged; the next one refreshes anyway.
 */
import type { ForecastRefreshSummary } from '#core/forecasts/refresh-forecasts.js';
import type { Clock } from '#core/shared/clock.js';
import { FORECAST_REFRESH_SCHEDULE } from '#functions/pipeline/snapshot-rules.js';
import { MAX_TIMER_DELAY_MS, type SchedulerTimers } from './snapshot-scheduler.js';

const DAY_MS = 86_400_000;

const nodeTimers: SchedulerTimers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export interface ForecastRefreshRun {
  readonly time: string;
  readonly summary?: ForecastRefreshSummary;
  readonly error?: unknown;
}

export interface ForecastRefreshSchedulerOptions {
  readonly handler: (event: { readonly refresh: 'forecasts'; readonly time: string }) => Promise<ForecastRefreshSummary>;
  readonly clock: Clock;
  /** @default Node's setTimeout / clearTimeout, unref'd */
  readonly timers?: SchedulerTimers;
  /** One line per run. @default console.log */
  readonly log?: (line: string) => void;
}

export interface ForecastRefreshScheduler {
  /** Runs the refresh once for now, then arms the daily timer. Resolves with that run. */
  start(): Promise<ForecastRefreshRun>;
  /** Clears the timer and waits for the run in flight. */
  stop(): Promise<void>;
  /** The instant the next daily run fires (undefined before start or after stop). */
  nextRun(): string | undefined;
}

/** The first 02:15 UTC strictly after `time`. */
export function nextForecastRefreshAfter(time: Date): string {
  const hour = Number(FORECAST_REFRESH_SCHEDULE.cron.hour);
  const minute = Number(FORECAST_REFRESH_SCHEDULE.cron.minute);
  const sameDay = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate(), hour, minute);
  return new Date(sameDay > time.getTime() ? sameDay : sameDay + DAY_MS).toISOString();
}

/** `forecasts refreshed 2026-12-02T02:15:00.000Z: 1,234 deals (900 closed), 12 months x 40 scopes; read 120 ms, learn 80 ms, backtest 900 ms, write 60 ms` */
export function describeRefresh({ time, summary, error }: ForecastRefreshRun): string {
  if (error !== undefined || summary === undefined)
    return `forecast refresh ${time}: failed (${error instanceof Error ? error.message : String(error)}); the next run refreshes`;
  const { readMs, learnMs, backtestMs, writeMs } = summary.durations;
  const ms = (value: number) => `${Math.round(value)} ms`;
  return `forecasts refreshed ${time}: ${summary.dealsRead.toLocaleString('en-US')} deals (${summary.closedDeals.toLocaleString('en-US')} closed), ${summary.months.length} months x ${summary.scopes} scopes backtested; read ${ms(readMs)}, learn ${ms(learnMs)}, backtest ${ms(backtestMs)}, write ${ms(writeMs)}`;
}

export function createForecastRefreshScheduler(options: ForecastRefreshSchedulerOptions): ForecastRefreshScheduler {
  const timers = options.timers ?? nodeTimers;
  const log = options.log ?? ((line: string) => console.log(line));
  let queue: Promise<unknown> = Promise.resolve();
  let armed: { handle: unknown; instant: string } | undefined;
  let started = false;
  let stopped = false;

  function run(time: string): Promise<ForecastRefreshRun> {
    const done = queue.then(async (): Promise<ForecastRefreshRun> => {
      try {
        return { time, summary: await options.handler({ refresh: 'forecasts', time }) };
      } catch (error) {
        return { time, error };
      }
    });
    queue = done.then((result) => log(describeRefresh(result)));
    return done;
  }

  function arm(after: string): void {
    if (stopped) return;
    const instant = nextForecastRefreshAfter(new Date(after));
    const wait = () => {
      const remaining = Date.parse(instant) - options.clock.now().getTime();
      if (remaining > 0) {
        armed = { instant, handle: timers.setTimeout(wait, Math.min(remaining, MAX_TIMER_DELAY_MS)) };
        return;
      }
      armed = undefined;
      void run(instant).then(() => arm(instant));
    };
    wait();
  }

  return {
    async start() {
      if (started || stopped) throw new Error('the forecast refresh scheduler can only be started once');
      started = true;
      const now = options.clock.now().toISOString();
      const first = run(now);
      arm(now);
      return first;
    },
    async stop() {
      stopped = true;
      if (armed) timers.clearTimeout(armed.handle);
      armed = undefined;
      await queue;
    },
    nextRun: () => armed?.instant,
  };
}
