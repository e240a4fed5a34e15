/**
 * The engine on a fresh DynamoDB Local table: the real API handler, and the real stream
 * handler fed by the local event source mapping, with a clock the test moves. The
 * organisation is bootstrapped (company + admin); requests are the admin's.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.js';
import { type ApiCall, apiClientOf } from './api-requests.js';
import { createTestTable, type TestTable } from './dynamodb-local.js';
import { type FixedClock, fixedClock } from './fixed-clock.js';
import { bootstrapTestOrganisation } from './test-organisation.js';

const silent = new Logger({ logLevel: 'SILENT' });

export interface Engine {
  readonly table: TestTable;
  readonly api: ApiCall;
  readonly poller: StreamPoller;
  readonly clock: FixedClock;
  /** A PUT at an instant, which must succeed. */
  put(path: string, body: unknown, at: string): Promise<void>;
  /** Lets the stream catch up. */
  settle(): Promise<void>;
  /** Every item of the table, sorted by key. */
  items(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function engineOnNewTable(name: string, startAt: string): Promise<Engine> {
  const table = await createTestTable(name);
  const clock = fixedClock(startAt);
  await bootstrapTestOrganisation(table.dependencies(clock));
  const api = apiClientOf(createApiHandler(table.dependencies(clock), { logger: silent }));
  const poller = createStreamPoller({
    streamsClient: table.streamsClient,
    streamArn: table.streamArn,
    handler: createStreamHandler({
      ...table.dependencies(clock),
      failureSink: { reportPoisonRecord: async () => undefined },
      logger: silent,
    }),
    filterPatterns: [OPPORTUNITY_STREAM_FILTER_PATTERN],
    idleSleepMs: 20,
    logger: silent,
  });
  await poller.start();
  return {
    table,
    api,
    poller,
    clock,
    put: async (path, body, at) => {
      clock.set(at);
      const reply = await api({ method: 'PUT', path, body });
      expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
    },
    settle: () => poller.waitUntilIdle(30_000),
    items: async () => {
      const items: Record<string, unknown>[] = [];
      for await (const page of paginateScan({ client: table.documentClient }, { TableName: table.tableName, ConsistentRead: true }))
        items.push(...(page.Items ?? []));
      return items.sort((a, b) => `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`));
    },
    stop: async () => {
      await poller.stop();
      await table.delete();
    },
  };
}
