/**
 * The local runtime runs pipeline jobs in process: with `syncFullPathMaxDeals: 0` (what
 * the browser test uses) a question only a scan can answer is a 202, and its job runs in
 * the background through the same worker as the deployed queue's Lambda.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#local/local-runtime.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation, TEST_ADMIN } from '../support/test-organisation.js';

describe('local runtime: pipeline jobs', () => {
  const clock = fixedClock('2026-11-26T10:00:00.000Z');
  let runtime: LocalRuntime;
  let directory: string;

  const call = async (method: string, requestPath: string, body?: unknown) => {
    const response = await fetch(`${runtime.url}${requestPath}`, {
      method,
      headers: { authorization: `Bearer ${await runtime.identity.issueToken(TEST_ADMIN)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'local-runtime-jobs-'));
    runtime = await startLocalRuntime({
      port: 0,
      inMemory: true,
      dataDirectory: directory,
      clock,
      startSchedules: false,
      log: () => undefined,
      pipelineJobs: { syncFullPathMaxDeals: 0 },
    });
    await bootstrapTestOrganisation(runtime.dependencies, { id: 'acme', name: 'Acme' });
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('answers a full-path question with 202 and runs its job in the background to the route answer', async () => {
    await call('PUT', '/reps/alice', { name: 'Alice', email: 'alice@example.com', teamId: 'acme' });
    const put = await call('PUT', '/opportunities/deal-1', {
      name: 'Big deal',
      account: 'Globex',
      ownerId: 'alice',
      stageId: 'negotiation',
      closeDate: '2026-12-15',
      amount: 1_250_000,
    });
    expect(put.status).toBeLessThan(300);
    await runtime.poller.waitUntilIdle();
    clock.set('2026-11-26T12:00:00.000Z');

    const accepted = await call('GET', '/pipeline/change?from=2026-11-26T09:00:00.000Z&to=2026-11-26T11:00:00.000Z');
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/pipeline/jobs/${accepted.body.id}`);
    expect(accepted.headers.get('preference-applied')).toBeNull();

    await runtime.pipelineJobs.idle();
    const job = await call('GET', accepted.headers.get('location') as string);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ kind: 'change', status: 'succeeded', progress: { itemsRead: 1, fraction: 1 } });
    expect(job.body.result).toMatchObject({
      from: '2026-11-26T09:00:00.000Z',
      to: '2026-11-26T11:00:00.000Z',
      total: { closing: { amount: 1_250_000, count: 1 } },
    });
  }, 60_000);
});
