/**
 * The scheduled snapshot run: EventBridge invokes it with the series and the time the
 * schedule fired; it takes that instant's snapshot and catches up missed ones. A third,
 * hourly schedule sends `{ retake: 'stale' }`: the run retakes the past snapshots an import
 * marked stale (core/pipeline/stale-snapshots.ts), and does nothing when none are. While the
 * stream is still recording changes made just before the instant it waits and tries
 * again, within the invocation; if that is not enough it fails, and the asynchronous
 * invocation's retries (and the next run's catch-up) take it later, with the same figures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { retryWhileHistoryIsRecorded } from '#core/pipeline/history-recorded.js';
import { runScheduledSnapshots } from '#core/pipeline/run-scheduled-snapshots.js';
import { SNAPSHOT_SERIES } from '#core/pipeline/snapshot-instants.js';
import { retakeStaleSnapshots } from '#core/pipeline/stale-snapshots.js';
import type { SnapshotResult } from '#core/pipeline/take-pipeline-snapshots.js';
import { instantOf } from '#core/shared/instant.js';
import { snapshotPortsOf } from '../composition-root.js';
import type { Dependencies } from '../shared/dependencies.js';

const FiredAt = z.iso.datetime().optional().meta({ description: 'when the schedule fired; defaults to now' });

/** What a schedule's target sends: the series and the event's time (`<aws.events.event.time>`), or the stale retake. */
export const ScheduledSnapshotEvent = z.union([
  z.strictObject({ series: z.enum(SNAPSHOT_SERIES), time: FiredAt }),
  z.strictObject({ retake: z.literal('stale'), time: FiredAt }),
]);
export type ScheduledSnapshotEvent = z.infer<typeof ScheduledSnapshotEvent>;

export interface SnapshotDependencies extends Dependencies {
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /**
   * Attempts while the stream catches up, and the wait between them (injected by tests).
   * @default 6 attempts, waiting the Retry-After of the error
   */
  readonly attempts?: number;
  readonly wait?: (seconds: number) => Promise<void>;
  /** Segments of the parallel scan. @default DEFAULT_SCAN_SEGMENTS (16) */
  readonly scanSegments?: number;
}

export type SnapshotHandler = (event: unknown) => Promise<SnapshotResult[]>;

export function createSnapshotHandler(deps: SnapshotDependencies): SnapshotHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'sales-performance-snapshot' });
  const ports = snapshotPortsOf(deps, deps.scanSegments === undefined ? {} : { scanSegments: deps.scanSegments });
  const attempts = deps.attempts ?? 6;
  const wait = deps.wait ?? ((seconds: number) => sleep(seconds * 1000));

  const retryWhileRecording = <T>(run: () => Promise<T>, context: Record<string, unknown>) =>
    retryWhileHistoryIsRecorded(run, {
      attempts,
      wait,
      onWait: (error, attempt) => logger.info('waiting for the stream before the snapshot', { ...context, attempt, reason: error.message }),
    });

  return async (event) => {
    const parsed = ScheduledSnapshotEvent.parse(event);
    if (!('series' in parsed)) {
      const retake = await retryWhileRecording(() => retakeStaleSnapshots(ports), { retake: 'stale' });
      if (retake.staleFrom !== null)
        logger.info('stale snapshots retaken', { staleFrom: retake.staleFrom, instants: retake.snapshots.length, cleared: retake.cleared });
      return publish(retake.snapshots, { retake: 'stale' });
    }
    const { series, time } = parsed;
    const firedAt = time !== undefined ? instantOf(time) : deps.clock.now();
    const results = await retryWhileRecording(() => runScheduledSnapshots(ports, series, firedAt), { series });
    return publish(results, { series });
  };

  function publish(results: readonly SnapshotResult[], context: Record<string, unknown>): SnapshotResult[] {
    const written = results.filter((entry) => entry.outcome !== 'unchanged');
    for (const result of written) logger.info('as-at snapshot written', { ...context, ...result });
    deps.metrics?.addMetric('SnapshotsWritten', MetricUnit.Count, written.length);
    deps.metrics?.publishStoredMetrics();
    return [...results];
  }
}
