/**
 * Time-travel questions answered as asynchronous jobs, on DynamoDB Local, through the real
 * API handler, the real job worker (run in process by the local queue) and the real stream:
 * a job's result is the synchronous route's 200 document; jobs are their requester's; a
 * message delivered again writes nothing; a failing question is a failed job with the
 * route's problem; a large result goes through chunk items; the threshold rule.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineJobQueue } from '#core/pipeline/pipeline-job-repository.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { completeChangeLog } from '#functions/pipeline/change-log-upgrade.js';
import {
  createPipelineJobHandler,
  createPipelineJobWorker,
  type PipelineJobDependencies,
} from '#functions/pipeline/pipeline-job-handler.js';
import { keys } from '#functions/store/keys.js';
import { createLocalPipelineJobQueue, type LocalPipelineJobQueue } from '#local/local-pipeline-job-queue.js';
import { type ApiCall, type ApiReply, apiClientOf } from '../support/api-requests.js';
import { type EngineHarness, silentLogger, startEngine } from '../support/engine-harness.js';

let engine: EngineHarness;
const queues: LocalPipelineJobQueue[] = [];

const deal = (overrides: Record<string, unknown> = {}) => ({
  name: 'Deal',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'prospecting',
  closeDate: '2026-03-20',
  amount: 1_000_000,
  ...overrides,
});

const DAVE = { repId: 'dave', role: 'rep' } as const;
const ERIN = { repId: 'erin', role: 'rep' } as const;
const ASKED_AT = '2026-02-10T12:00:00.000Z';

function workerDeps(overrides: Partial<PipelineJobDependencies> = {}): PipelineJobDependencies {
  return {
    ...engine.table.dependencies(engine.clock),
    logger: silentLogger,
    wait: () => engine.settle(),
    scanSegments: 2,
    progressIntervalMs: 0,
    ...overrides,
  };
}

/** An API whose jobs run in process; `syncFullPathMaxDeals` as given. */
function apiWith({
  syncFullPathMaxDeals,
  worker = {},
  queue,
}: {
  syncFullPathMaxDeals: number;
  worker?: Partial<PipelineJobDependencies>;
  queue?: PipelineJobQueue;
}) {
  const local = createLocalPipelineJobQueue({ redeliveryDelayMs: 50, logger: { warn: () => undefined } });
  local.attach(createPipelineJobWorker(workerDeps(worker)));
  queues.push(local);
  const handler = createApiHandler(
    { ...engine.table.dependencies(engine.clock), pipelineJobs: { queue: queue ?? local, syncFullPathMaxDeals } },
    { logger: silentLogger },
  );
  return {
    queue: local,
    as: (user?: { repId: string; role: 'rep' | 'admin' | 'manager' }): ApiCall => apiClientOf(handler, user ? { as: user } : {}),
  };
}

/** Polls the Location of a 202 until the job is finished. */
async function finished(api: ApiCall, accepted: ApiReply, queue: LocalPipelineJobQueue): Promise<ApiReply> {
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  await queue.idle();
  const reply = await api({ method: 'GET', path: accepted.headers.location as string });
  expect(reply.status).toBe(200);
  return reply;
}

beforeAll(async () => {
  engine = await startEngine('pipeline-jobs', '2026-01-05T08:00:00.000Z');
  const setupAt = '2026-01-05T08:00:00.000Z';
  await engine.write('PUT', '/teams/emea', { name: 'EMEA', parentTeamId: 'company' }, setupAt);
  await engine.write('PUT', '/teams/americas', { name: 'Americas', parentTeamId: 'company' }, setupAt);
  await engine.write('PUT', '/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'emea' }, setupAt);
  await engine.write('PUT', '/reps/erin', { name: 'Erin Kaur', email: 'erin@example.com', teamId: 'americas' }, setupAt);
  await engine.write('PUT', '/opportunities/globex', deal({ name: 'Globex', amount: 3_000_000 }), '2026-01-06T10:00:00.000Z');
  await engine.write(
    'PUT',
    '/opportunities/initech',
    deal({ name: 'Initech', stageId: 'proposal-made', amount: 5_000_000, ownerId: 'erin' }),
    '2026-01-07T10:00:00.000Z',
  );
  await engine.write(
    'PUT',
    '/opportunities/globex',
    deal({ name: 'Globex', stageId: 'negotiation', amount: 3_500_000 }),
    '2026-01-13T10:00:00.000Z',
  );
  await engine.write(
    'PUT',
    '/opportunities/hooli',
    deal({ name: 'Hooli', amount: 1_500_000, closeDate: '2026-02-10' }),
    '2026-01-14T10:00:00.000Z',
  );
  await engine.write(
    'PUT',
    '/opportunities/initech',
    deal({ name: 'Initech', stageId: 'closed-won', amount: 5_000_000, ownerId: 'erin' }),
    '2026-01-20T10:00:00.000Z',
  );
  await engine.write('DELETE', '/opportunities/hooli', undefined, '2026-01-27T10:00:00.000Z');
  await engine.write(
    'PUT',
    '/opportunities/umbrella',
    deal({ name: 'Umbrella', ownerId: 'erin', amount: 2_000_000 }),
    '2026-01-28T10:00:00.000Z',
  );
  await engine.settle();
  engine.clock.set(ASKED_AT);
}, 120_000);

afterAll(async () => {
  for (const queue of queues) await queue.stop();
  await engine?.stop();
});

describe('a time-travel question answered as a job (Prefer: respond-async)', () => {
  it('answers 202 with Location and Retry-After, and the job succeeds with the as-at document the route answers now', async () => {
    const { as, queue } = apiWith({ syncFullPathMaxDeals: 10_000 });
    const api = as();
    const path = '/pipeline/as-at?at=2026-01-20T00:00:00.000Z&teamId=emea';
    const now = await api({ method: 'GET', path });
    expect(now.status).toBe(200);

    const accepted = await api({ method: 'GET', path, headers: { prefer: 'respond-async' } });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.location).toBe(`/pipeline/jobs/${accepted.body.id}`);
    expect(accepted.headers['retry-after']).toBe('2');
    expect(accepted.headers['preference-applied']).toBe('respond-async');
    expect(accepted.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'as-at',
      status: 'queued',
      request: { at: '2026-01-20T00:00:00.000Z', teamId: 'emea' },
      requestedBy: 'admin',
      createdAt: ASKED_AT,
      updatedAt: ASKED_AT,
      progress: { itemsRead: 0, itemsEstimated: null, fraction: null },
    });

    const job = await finished(api, accepted, queue);
    expect(job.body.status).toBe('succeeded');
    expect(job.body.result).toEqual(now.body);
    // The scan read the four deals (Hooli's tombstone among them): progress went from 0 to done.
    expect(job.body.progress).toEqual({ itemsRead: 4, itemsEstimated: null, fraction: 1 });
  });

  it('answers the change report as the route does, with `to` fixed at the request when left to now', async () => {
    const { as, queue } = apiWith({ syncFullPathMaxDeals: 10_000 });
    const api = as();
    const now = await api({ method: 'GET', path: `/pipeline/change?from=2026-01-10T00:00:00.000Z&to=${ASKED_AT}&deals=true` });
    expect(now.status).toBe(200);

    const accepted = await api({
      method: 'GET',
      path: '/pipeline/change?from=2026-01-10T00:00:00.000Z&deals=true',
      headers: { prefer: 'respond-async' },
    });
    expect(accepted.body.request).toEqual({ from: '2026-01-10T00:00:00.000Z', to: ASKED_AT, deals: 'true' });
    const job = await finished(api, accepted, queue);
    expect(job.body.status).toBe('succeeded');
    expect(job.body.result).toEqual(now.body);
  });

  it('takes snapshots as the route does', async () => {
    const { as, queue } = apiWith({ syncFullPathMaxDeals: 10_000 });
    const api = as();
    const accepted = await api({
      method: 'POST',
      path: '/pipeline/snapshots',
      body: { date: '2026-01-19' },
      headers: { prefer: 'respond-async' },
    });
    const job = await finished(api, accepted, queue);
    expect(job.body.status).toBe('succeeded');
    // The same instant again now: the route's answer, the snapshot being taken already.
    const again = await api({ method: 'POST', path: '/pipeline/snapshots', body: { date: '2026-01-19' } });
    expect(again.status).toBe(200);
    expect(job.body.result).toEqual({
      snapshots: [{ ...again.body.snapshots[0], outcome: 'created', scopesWritten: job.body.result.snapshots[0].scopesWritten }],
    });
    expect(again.body.snapshots[0]).toMatchObject({ asAt: '2026-01-19T00:00:00.000Z', outcome: 'unchanged', scopesWritten: 0 });
    expect(job.body.result.snapshots[0]).toMatchObject({ asAt: '2026-01-19T00:00:00.000Z', outcome: 'created', openDeals: 3 });
  });

  it("is its requester's: another rep gets 404, an admin reads it", async () => {
    const { as, queue } = apiWith({ syncFullPathMaxDeals: 10_000 });
    const dave = as(DAVE);
    const accepted = await dave({
      method: 'GET',
      path: '/pipeline/as-at?at=2026-01-20T00:00:00.000Z&repId=dave',
      headers: { prefer: 'respond-async' },
    });
    const job = await finished(dave, accepted, queue);
    expect(job.body).toMatchObject({
      status: 'succeeded',
      requestedBy: 'dave',
      result: { asAt: '2026-01-20T00:00:00.000Z', total: { count: 2 } },
    });

    const other = await as(ERIN)({ method: 'GET', path: accepted.headers.location as string });
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toBe('application/problem+json');
    const admin = await as()({ method: 'GET', path: accepted.headers.location as string });
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual(job.body);
    const unknown = await dave({ method: 'GET', path: '/pipeline/jobs/00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
  });

  it('refuses at once a question its requester may not ask: no job is made', async () => {
    const { as } = apiWith({ syncFullPathMaxDeals: 10_000 });
    const reply = await as(DAVE)({
      method: 'GET',
      path: '/pipeline/as-at?at=2026-01-20T00:00:00.000Z',
      headers: { prefer: 'respond-async' },
    });
    expect(reply.status).toBe(403);
  });

  it('writes nothing when the message of a finished job is delivered again', async () => {
    const { as, queue } = apiWith({ syncFullPathMaxDeals: 10_000 });
    const api = as();
    const accepted = await api({
      method: 'GET',
      path: '/pipeline/as-at?at=2026-01-20T00:00:00.000Z',
      headers: { prefer: 'respond-async' },
    });
    await finished(api, accepted, queue);
    const jobKey = keys.pipelineJob(accepted.body.id);
    const read = () =>
      engine.table.documentClient.send(new GetCommand({ TableName: engine.table.tableName, Key: jobKey, ConsistentRead: true }));
    const before = (await read()).Item;

    engine.clock.advanceBy(60_000);
    const handler = createPipelineJobHandler(workerDeps());
    const response = await handler({ Records: [{ messageId: 'm-1', body: JSON.stringify({ jobId: accepted.body.id }) } as never] });
    engine.clock.set(ASKED_AT);

    expect(response).toEqual({ batchItemFailures: [] });
    expect((await read()).Item).toEqual(before);
  });

  it('is failed with the problem the route would have answered when its question fails', async () => {
    const sent: string[] = [];
    const { as } = apiWith({ syncFullPathMaxDeals: 10_000, queue: { enqueue: async (jobId) => void sent.push(jobId) } });
    const api = as();
    await engine.write('PUT', '/reps/zoe', { name: 'Zoe Price', email: 'zoe@example.com', teamId: 'emea' }, ASKED_AT);
    const zoe = as({ repId: 'zoe', role: 'rep' });
    const accepted = await zoe({
      method: 'GET',
      path: '/pipeline/as-at?at=2026-01-20T00:00:00.000Z&repId=zoe',
      headers: { prefer: 'respond-async' },
    });
    expect(accepted.status).toBe(202);
    // Zoe leaves before the job runs: her question is refused as her request would be now.
    await engine.write('PUT', '/reps/zoe', { name: 'Zoe Price', email: 'zoe@example.com', teamId: 'emea', active: false }, ASKED_AT);
    const refusedNow = await zoe({ method: 'GET', path: '/pipeline/as-at?at=2026-01-20T00:00:00.000Z&repId=zoe' });

    expect(await createPipelineJobWorker(workerDeps())(sent[0] as string)).toBe('failed');

    const job = await api({ method: 'GET', path: accepted.headers.location as string });
    expect(refusedNow.status).toBe(403);
    expect(job.body).toMatchObject({
      status: 'failed',
      problem: { status: 403, title: 'Forbidden', detail: refusedNow.body.detail },
    });
    expect(job.body.result).toBeUndefined();
  });
});

describe('a large result', () => {
  it('round-trips through chunk items, equal to the route answer', async () => {
    const setupAt = '2026-02-01T08:00:00.000Z';
    for (let index = 0; index < 60; index++) {
      const repId = `owner-${String(index).padStart(3, '0')}`;
      await engine.write('PUT', `/reps/${repId}`, { name: `Owner ${index}`, email: `${repId}@example.com`, teamId: 'americas' }, setupAt);
      await engine.write('PUT', `/opportunities/deal-${repId}`, deal({ ownerId: repId, amount: 10_000 + index }), setupAt);
    }
    await engine.settle();
    engine.clock.set(ASKED_AT);
    // Results above 600 gzipped bytes go to chunks of 500.
    const { as, queue } = apiWith({
      syncFullPathMaxDeals: 10_000,
      worker: { jobStore: { inlineResultBytes: 600, resultChunkBytes: 500 } },
    });
    const api = as();
    const path = '/pipeline/as-at?at=2026-02-05T00:00:00.000Z';
    const now = await api({ method: 'GET', path });
    expect(now.body.byOwner).toHaveLength(62);

    const accepted = await api({ method: 'GET', path, headers: { prefer: 'respond-async' } });
    const job = await finished(api, accepted, queue);
    expect(job.body.result).toEqual(now.body);
    const { Items = [] } = await engine.table.documentClient.send(
      new QueryCommand({
        TableName: engine.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.pipelineJobPartition(accepted.body.id).pk },
      }),
    );
    const chunks = Items.filter((item) => String(item.sk).startsWith('RESULT#1#'));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Items.find((item) => item.sk === 'JOB')).toMatchObject({
      resultChunks: chunks.length,
      expiresAt: Date.parse('2026-02-11T12:00:00.000Z') / 1000,
    });
    for (const chunk of chunks) expect((chunk.data as Uint8Array).length).toBeLessThanOrEqual(500);
  }, 120_000);
});

describe('the threshold rule', () => {
  it('answers a full-path question of a table above the threshold as a job, and one a checkpoint can answer now', async () => {
    // The change log complete (as reconcile --repair leaves it) and a checkpoint as at 2026-01-26 (1 chunk: 1,000 deals estimated).
    await completeChangeLog(engine.table.dependencies(engine.clock), { segments: 2 });
    await engine.scheduledRun('weekly', '2026-01-26T00:00:00.000Z');
    engine.clock.set(ASKED_AT);
    const { as, queue } = apiWith({ syncFullPathMaxDeals: 999 });
    const api = as();

    const nearCheckpoint = await api({ method: 'GET', path: '/pipeline/as-at?at=2026-01-27T00:00:00.000Z' });
    expect(nearCheckpoint.status).toBe(200);

    // The last hour is not settled: no checkpoint can answer, only the scan.
    const recent = await api({ method: 'GET', path: '/pipeline/as-at?at=2026-02-10T11:30:00.000Z' });
    expect(recent.status).toBe(202);
    expect(recent.headers['preference-applied']).toBeUndefined();
    expect(recent.body.progress).toEqual({ itemsRead: 0, itemsEstimated: 1000, fraction: 0 });
    const job = await finished(api, recent, queue);
    expect(job.body.status).toBe('succeeded');

    const { as: asAtDefault } = apiWith({ syncFullPathMaxDeals: 10_000 });
    const sync = await asAtDefault()({ method: 'GET', path: '/pipeline/as-at?at=2026-02-10T11:30:00.000Z' });
    expect(sync.status).toBe(200);
    expect(job.body.result).toEqual(sync.body);
    expect(job.body.progress).toMatchObject({ itemsEstimated: 1000, fraction: 1 });
  }, 120_000);
});
