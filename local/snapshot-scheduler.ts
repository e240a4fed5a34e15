/**
 * The local stand-in for the two EventBridge rules of the as-at snapshots: it invokes the
 * real snapshot handler at the instants of each series (core/pipeline/snapshot-instants.ts, the
 * same instants SNAPSHOT_SCHEDULES' cron fields name; a unit test checks they agree),
 * with the event EventBridge would send: `{ series, time }`.
 *
 * On start it runs each series once for "now": the handler catches up the earlier instants
 * of the series, so a runtime that was stopped over a 1st or a Monday takes the snapshot
 * it missed, for the instant it should have had. Runs go one at a time (on a Monday 1st
 * both series fire for the same instant), and each run re-arms its series' timer.
 *
 * It also stands in for the hourly stale retake (STALE_RETAKE_SCHEDULE), every minute by
 * default here: past snapshots an import made stale are retaken soon after it. A retake
 * that finds nothing to do logs nothing.
 */

import { SNAPSHOT_SERIES, type SnapshotSeries, seriesInstantsBetween } from '#core/pipeline/snapshot-instants.js';
import type { SnapshotResult } from '#core/pipeline/take-pipeline-snapshots.js';
import type { Clock } from '#core/shared/clock.js';

/** setTimeout cannot wait longer: a larger delay fires after 1 ms (Node's TimeoutOverflowWarning). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Every instant of either series is within this long of any time (a month is at most 31 days). */
const LOOK_AHEAD_MS = 32 * 86_400_000;

export interface SchedulerTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, looked up at call time (so test fakes apply), unref'd: a schedule alone never keeps the process alive. */
const nodeTimers: SchedulerTimers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** What the handler is invoked with: one series' run, or the retake of stale snapshots. */
export type ScheduledSnapshotEvent =
  | { readonly series: SnapshotSeries; readonly time: string }
  | { readonly retake: 'stale'; readonly time: string };

/** How often the local runtime retakes stale snapshots (the deployed stack: hourly). */
export const LOCAL_STALE_RETAKE_EVERY_MS = 60_000;

export interface SnapshotRun {
  readonly series: SnapshotSeries;
  /** When the run was for: the instant the timer fired for, or "now" for the run on start. */
  readonly time: string;
  readonly results: readonly SnapshotResult[];
  /** Set when the handler failed; the run's series is re-armed anyway (its next run catches up). */
  readonly error?: unknown;
}

export interface SnapshotSchedulerOptions {
  /** The snapshot handler (functions/pipeline/snapshot-handler.ts). */
  readonly handler: (event: ScheduledSnapshotEvent) => Promise<SnapshotResult[]>;
  readonly clock: Clock;
  /** @default Node's setTimeout / clearTimeout */
  readonly timers?: SchedulerTimers;
  /** One line per run. @default console */
  readonly log?: (line: string) => void;
  /** @default both series */
  readonly series?: readonly SnapshotSeries[];
  /** Between two stale retakes; 0 for none. @default LOCAL_STALE_RETAKE_EVERY_MS */
  readonly staleRetakeEveryMs?: number;
}

export interface SnapshotScheduler {
  /** Runs each series once for now (catching up missed instants), then arms the timers. Resolves with those runs. */
  start(): Promise<SnapshotRun[]>;
  /** Clears the timers and waits for the run in flight, if any. */
  stop(): Promise<void>;
  /** The instant each armed series fires next. */
  nextRuns(): Partial<Record<SnapshotSeries, string>>;
  /** Resolves when no run is queued or running. */
  idle(): Promise<void>;
}

/** The first instant of the series strictly after `time`. */
export function nextSeriesInstantAfter(series: SnapshotSeries, time: Date): string {
  const after = time.getTime() + 1;
  const next = seriesInstantsBetween(series, new Date(after), new Date(after + LOOK_AHEAD_MS))[0];
  if (next === undefined) throw new Error(`no ${series} snapshot instant within ${LOOK_AHEAD_MS} ms of ${time.toISOString()}`);
  return next.toISOString();
}

/** `monthly 2026-12-01T00:00:00.000Z: 1 created, 0 revised, 12 unchanged; as at 2026-12-01T00:00:00.000Z 42 open deals, 9 scopes written`. */
export function describeRun({ series, time, results, error }: SnapshotRun): string {
  if (error !== undefined)
    return `snapshot ${series} ${time}: failed (${error instanceof Error ? error.message : String(error)}); the next run catches up`;
  const count = (outcome: SnapshotResult['outcome']) => results.filter((result) => result.outcome === outcome).length;
  const latest = results.at(-1);
  const detail = latest ? `; as at ${latest.asAt} ${latest.openDeals} open deals, ${latest.scopesWritten} scopes written` : '';
  return `snapshot ${series} ${time}: ${count('created')} created, ${count('revised')} revised, ${count('unchanged')} unchanged${detail}`;
}

function countWritten(results: readonly SnapshotResult[]): number {
  return results.filter((result) => result.outcome !== 'unchanged').length;
}

export function createSnapshotScheduler(options: SnapshotSchedulerOptions): SnapshotScheduler {
  const timers = options.timers ?? nodeTimers;
  const log = options.log ?? ((line: string) => console.log(line));
  const seriesList = options.series ?? SNAPSHOT_SERIES;
  const armed = new Map<SnapshotSeries, { handle: unknown; instant: string }>();
  let queue: Promise<unknown> = Promise.resolve();
  let started = false;
  let stopped = false;
  const staleRetakeEveryMs = options.staleRetakeEveryMs ?? LOCAL_STALE_RETAKE_EVERY_MS;
  let staleRetakeHandle: unknown;

  /** Runs one after another; a failed run is reported, never thrown, so the queue goes on. */
  function enqueue(series: SnapshotSeries, time: string): Promise<SnapshotRun> {
    const run = queue.then(async (): Promise<SnapshotRun> => {
      try {
        return { series, time, results: await options.handler({ series, time }) };
      } catch (error) {
        return { series, time, results: [], error };
      }
    });
    queue = run.then((done) => log(describeRun(done)));
    return run;
  }

  /** Retakes stale snapshots in the queue, then re-arms; logs only a retake that did something, or failed. */
  function armStaleRetake(): void {
    if (stopped || staleRetakeEveryMs <= 0) return;
    staleRetakeHandle = timers.setTimeout(() => {
      staleRetakeHandle = undefined;
      const time = options.clock.now().toISOString();
      const run = queue.then(async () => {
        try {
          const results = await options.handler({ retake: 'stale', time });
          if (results.length > 0) log(`stale snapshots retaken ${time}: ${results.length} instant(s), ${countWritten(results)} written`);
        } catch (error) {
          log(`stale snapshot retake ${time}: failed (${error instanceof Error ? error.message : String(error)}); retried in a minute`);
        }
      });
      queue = run;
      void run.then(armStaleRetake);
    }, staleRetakeEveryMs);
  }

  /** Waits for the next instant after `after`, in steps no longer than setTimeout allows. */
  function arm(series: SnapshotSeries, after: string): void {
    if (stopped) return;
    const instant = nextSeriesInstantAfter(series, new Date(after));
    const wait = () => {
      const remaining = Date.parse(instant) - options.clock.now().getTime();
      if (remaining > 0) {
        armed.set(series, { instant, handle: timers.setTimeout(wait, Math.min(remaining, MAX_TIMER_DELAY_MS)) });
        return;
      }
      armed.delete(series);
      void enqueue(series, instant).then(() => arm(series, instant));
    };
    wait();
  }

  return {
    async start() {
      if (started || stopped) throw new Error('the snapshot scheduler can only be started once');
      started = true;
      const now = options.clock.now().toISOString();
      const runs = await Promise.all(seriesList.map((series) => enqueue(series, now)));
      // Armed from the start time, not from after the run: an instant passed during a long catch-up still fires.
      for (const series of seriesList) arm(series, now);
      armStaleRetake();
      return runs;
    },
    async stop() {
      stopped = true;
      for (const { handle } of armed.values()) timers.clearTimeout(handle);
      armed.clear();
      if (staleRetakeHandle !== undefined) timers.clearTimeout(staleRetakeHandle);
      await queue;
    },
    nextRuns() {
      return Object.fromEntries([...armed.entries()].map(([series, { instant }]) => [series, instant]));
    },
    async idle() {
      // A run may queue another (a timer due at once): wait until the queue stops growing.
      for (let current = queue; ; ) {
        await current;
        if (current === queue) return;
        current = queue;
      }
    },
  };
}
