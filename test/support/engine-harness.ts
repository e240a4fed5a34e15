/**
 * The whole engine on a fresh DynamoDB Local table: the real API handler, the table's
 * stream read by the local event source mapping into the real stream handler, and the
 * real snapshot handler, all on one fixed clock. The organisation is bootstrapped
 * (company + admin); requests are the admin's.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { expect } from 'vitest';
import type { SnapshotResult } from '#core/pipeline/take-pipeline-snapshots.js';
import { type ApiHandler, createApiHandler } from '#functions/api/create-api-handler.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { createSnapshotHandler } from '#functions/pipeline/snapshot-handler.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.js';
import { type ApiCall, apiClientOf } from './api-requests.js';
import { createTestTable, type TestTable } from './dynamodb-local.js';
import { type FixedClock, fixedClock } from './fixed-clock.js';
import { bootstrapTestOrganisation } from './test-organisation.js';

export const silentLogger = new Logger({ logLevel: 'SILENT' });

export interface EngineHarness {
  readonly table: TestTable;
  readonly clock: FixedClock;
  /** The API handler, for callers other than the admin (`apiClientOf(handler, { as })`). */
  readonly handler: ApiHandler;
  /** The API, called as the organisation's first admin. */
  readonly api: ApiCall;
  /** Sends a write "at" an instant and expects it to succeed. */
  write(method: 'PUT' | 'DELETE' | 'POST', path: string, body: unknown, at: string): Promise<void>;
  /** Waits until the stream has processed every write so far. */
  settle(): Promise<void>;
  /** Runs the scheduled snapshot handler as EventBridge would, fired at `at` (the stream settles while it waits). */
  scheduledRun(series: 'monthly' | 'weekly', at: string): Promise<SnapshotResult[]>;
  /** Runs the hourly retake of stale snapshots as EventBridge would, fired at `at`. */
  staleRetake(at: string): Promise<SnapshotResult[]>;
  stop(): Promise<void>;
}

export async function startEngine(name: string, startAt = '2026-01-01T00:00:00.000Z'): Promise<EngineHarness> {
  const clock = fixedClock(startAt);
  const table = await createTestTable(name);
  const deps = table.dependencies(clock);
  await bootstrapTestOrganisation(deps);
  const handler = createApiHandler(deps, { logger: silentLogger });
  const api = apiClientOf(handler);
  const poller: StreamPoller = createStreamPoller({
    streamsClient: table.streamsClient,
    streamArn: table.streamArn,
    handler: createStreamHandler({ ...deps, failureSink: { reportPoisonRecord: async () => undefined }, logger: silentLogger }),
    filterPatterns: [OPPORTUNITY_STREAM_FILTER_PATTERN],
    idleSleepMs: 20,
    logger: silentLogger,
  });
  await poller.start();
  const settle = () => poller.waitUntilIdle(30_000);
  const snapshotHandler = createSnapshotHandler({ ...deps, logger: silentLogger, scanSegments: 2, wait: settle });
  return {
    table,
    clock,
    handler,
    api,
    async write(method, path, body, at) {
      clock.set(at);
      const reply = await api({ method, path, body });
      expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
    },
    settle,
    async scheduledRun(series, at) {
      clock.set(at);
      return snapshotHandler({ series, time: at });
    },
    async staleRetake(at) {
      clock.set(at);
      return snapshotHandler({ retake: 'stale', time: at });
    },
    async stop() {
      await poller.stop();
      await table.delete();
    },
  };
}
