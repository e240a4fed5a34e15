/**
 * The job store on DynamoDB Local: a result as large as the as-at document of a company of
 * 20,000 owners round-trips through chunk items, each far below the 400 KB item limit; the
 * conditional update lets one of two workers take a job.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuedJob, succeededJob, takenJob } from '#core/pipeline/pipeline-job.js';
import { INLINE_RESULT_BYTES, PipelineJobStore } from '#functions/pipeline/pipeline-job-store.js';
import { keys } from '#functions/store/keys.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

const ITEM_LIMIT_BYTES = 400 * 1024;
const NOW = new Date('2026-06-01T10:00:00.000Z');
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable('pipeline-job-store');
});

afterAll(async () => {
  await table?.delete();
});

/** An item's size, about as DynamoDB counts it: binary attributes by their bytes, the rest as JSON. */
function itemBytes(item: Record<string, unknown>): number {
  const binary = Object.values(item).filter((value): value is Uint8Array => value instanceof Uint8Array);
  const rest = Object.fromEntries(Object.entries(item).filter(([, value]) => !(value instanceof Uint8Array)));
  return Buffer.byteLength(JSON.stringify(rest)) + binary.reduce((sum, value) => sum + value.length, 0);
}

/** An as-at document of `owners` owners, with figures that vary as real ones do. */
function asAtOf(owners: number) {
  const figures = (index: number) => ({
    amount: 1_000_000 + ((index * 7919) % 9_000_000),
    expectedRevenue: (index * 104_729) % 5_000_000,
    count: 1 + (index % 13),
  });
  return {
    asAt: '2026-05-01T00:00:00.000Z',
    total: figures(0),
    byStage: [{ stageId: 'prospecting', name: 'Prospecting', probability: 10, configured: true, ...figures(1) }],
    byOwner: Array.from({ length: owners }, (_, index) => ({
      ownerId: `rep-${String(index).padStart(5, '0')}-${index.toString(36)}`,
      ...figures(index),
    })),
    byTeam: Array.from({ length: 200 }, (_, index) => ({ teamId: `team-${index}`, ...figures(index) })),
    byCloseMonth: Array.from({ length: 24 }, (_, index) => ({
      month: `2026-${String((index % 12) + 1).padStart(2, '0')}`,
      ...figures(index),
    })),
  };
}

describe('the pipeline job store', () => {
  it('keeps the as-at result of 20,000 owners in chunks under the item limit and reads it back equal', async () => {
    const store = new PipelineJobStore(table.dependencies());
    const queued = queuedJob({
      id: 'big',
      kind: 'as-at',
      request: { at: '2026-05-01' },
      principal: { repId: 'admin', role: 'admin' },
      now: NOW,
      itemsEstimated: 20_000,
    });
    await store.create(queued);
    const running = takenJob(queued, NOW);
    expect(await store.update(running, { status: 'queued', attempt: 0 })).toBe(true);
    const result = asAtOf(20_000);

    const startedAt = performance.now();
    expect(await store.update(succeededJob(running, result, NOW), { status: 'running', attempt: 1 })).toBe(true);
    const writeMs = performance.now() - startedAt;
    const readStartedAt = performance.now();
    const read = await store.read('big');
    const readMs = performance.now() - readStartedAt;

    expect(read?.result).toEqual(result);
    expect(read?.status).toBe('succeeded');
    const { Items = [] } = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.pipelineJobPartition('big').pk },
      }),
    );
    const sizes = Items.map(itemBytes);
    const jsonBytes = Buffer.byteLength(JSON.stringify(result));
    const chunks = Items.filter((item) => String(item.sk).startsWith('RESULT#'));
    console.log(
      `as-at result of 20,000 owners: ${jsonBytes} bytes of JSON, ${chunks.reduce((sum, item) => sum + (item.data as Uint8Array).length, 0)} gzipped in ${chunks.length} chunk(s); largest item ${Math.max(...sizes)} bytes; write ${Math.round(writeMs)} ms, read ${Math.round(readMs)} ms`,
    );
    expect(jsonBytes).toBeGreaterThan(ITEM_LIMIT_BYTES);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    for (const size of sizes) expect(size).toBeLessThan(ITEM_LIMIT_BYTES);
  }, 60_000);

  it('keeps a small result in the job item', async () => {
    const store = new PipelineJobStore(table.dependencies());
    const queued = queuedJob({
      id: 'small',
      kind: 'as-at',
      request: {},
      principal: { repId: 'admin', role: 'admin' },
      now: NOW,
      itemsEstimated: null,
    });
    await store.create(queued);
    const running = takenJob(queued, NOW);
    await store.update(running, { status: 'queued', attempt: 0 });
    await store.update(succeededJob(running, asAtOf(10), NOW), { status: 'running', attempt: 1 });
    const { Items = [] } = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.pipelineJobPartition('small').pk },
      }),
    );
    expect(Items.map((item) => item.sk)).toEqual(['JOB']);
    const [jobItem = {}] = Items;
    expect((jobItem.result as Uint8Array).length).toBeLessThan(INLINE_RESULT_BYTES);
    expect(jobItem.expiresAt).toBe(Date.parse('2026-06-02T10:00:00.000Z') / 1000);
    expect((await store.read('small'))?.result).toEqual(asAtOf(10));
  });

  it('lets one of two workers take a queued job', async () => {
    const store = new PipelineJobStore(table.dependencies());
    const queued = queuedJob({
      id: 'race',
      kind: 'change',
      request: {},
      principal: { repId: 'dave', role: 'rep' },
      now: NOW,
      itemsEstimated: null,
    });
    await store.create(queued);
    const taken = await Promise.all([1, 2].map(() => store.update(takenJob(queued, NOW), { status: 'queued', attempt: 0 })));
    expect(taken.sort()).toEqual([false, true]);
    expect(await store.read('race')).toMatchObject({ status: 'running', attempt: 1, leaseUntil: '2026-06-01T10:05:00.000Z' });
    await expect(store.create(queued)).rejects.toThrow();
  });
});
