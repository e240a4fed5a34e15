/**
 * DynamoDB Local dies under the local runtime (its Java process is SIGKILLed). While it is
 * away every route, /health included, answers 503 with Retry-After; on a data folder the
 * runtime restarts it on the same port and files, and the stream poller carries on from its
 * checkpoint (no record handled twice); in memory, where a restart would come back empty,
 * `npm start` stops with a non-zero exit code for its supervisor.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { type LocalRuntime, startLocalRuntime } from '#local/local-runtime.js';
import {
  dynamoDbLocalOn,
  dynamoDbLocalProcesses,
  HAS_PROC,
  isRunning,
  killAll,
  type NpmStart,
  npmStart,
} from '../support/local-processes.js';
import { bootstrapTestOrganisation, TEST_ADMIN } from '../support/test-organisation.js';

describe.skipIf(!HAS_PROC)('local runtime: DynamoDB Local dies', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  async function temporaryDirectory(): Promise<string> {
    const directory = await mkdtemp(path.join(tmpdir(), 'database-outage-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    return directory;
  }

  it('answers 503 with Retry-After on every route while it is down, restarts it on the same files, and the stream resumes from its checkpoint', async () => {
    // Prepare: a runtime on a data folder with the real handlers; the stream handler also records what it is given.
    const directory = await temporaryDirectory();
    const databaseDirectory = path.join(directory, 'dynamodb');
    cleanups.push(() => killAll([], [databaseDirectory]));
    const streamed: DynamoDBRecord[] = [];
    const runtime: LocalRuntime = await startLocalRuntime({
      port: 0,
      dataDirectory: directory,
      startSchedules: false,
      createHandlers: async (dependencies, failureSink) => {
        const stream = createStreamHandler({ ...dependencies, failureSink });
        return {
          api: createApiHandler(dependencies, { logger: new Logger({ logLevel: 'SILENT' }) }),
          stream: async (event, context) => {
            streamed.push(...event.Records);
            return stream(event, context);
          },
        };
      },
    });
    cleanups.push(() => runtime.stop());
    await bootstrapTestOrganisation(runtime.dependencies, { id: 'acme', name: 'Acme' });
    const headers = { authorization: `Bearer ${await runtime.identity.issueToken(TEST_ADMIN)}`, 'content-type': 'application/json' };
    const request = (method: string, requestPath: string, body?: unknown) =>
      fetch(`${runtime.url}${requestPath}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const deal = (name: string) => ({
      name,
      account: 'Globex',
      ownerId: 'r1',
      stageId: 'negotiation',
      closeDate: '2026-12-15',
      amount: 1000,
    });
    expect((await request('PUT', '/reps/r1', { name: 'R1', email: 'r1@example.com', teamId: 'acme' })).status).toBeLessThan(300);
    expect((await request('PUT', '/opportunities/d1', deal('one'))).status).toBeLessThan(300);
    await runtime.poller.waitUntilIdle();
    const [java] = dynamoDbLocalOn(databaseDirectory);
    expect(java).toBeDefined();

    // Act
    process.kill(java!.pid, 'SIGKILL');
    await expect.poll(() => isRunning(java!.pid), { timeout: 5_000, interval: 20 }).toBe(false);
    const health = await request('GET', '/health');
    const read = await request('GET', '/reps/r1');

    // Assess: unavailable, and said so.
    for (const response of [health, read]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await response.json()).toMatchObject({ status: 503, type: 'urn:sales-performance-engine:problem:database-unavailable' });
    }

    // Assess: back on the same files, with what was written before.
    await expect.poll(async () => (await request('GET', '/health')).status, { timeout: 30_000, interval: 200 }).toBe(200);
    const restarted = dynamoDbLocalOn(databaseDirectory);
    expect(restarted).toHaveLength(1);
    expect(restarted[0]!.pid).not.toBe(java!.pid);
    expect(restarted[0]!.ppid).toBe(process.pid);
    expect((await request('GET', '/opportunities/d1')).status).toBe(200);

    // Assess: the stream carries on from its checkpoint; nothing is handled twice.
    const written = await request('PUT', '/opportunities/d2', deal('two'));
    expect(written.status, await written.clone().text()).toBeLessThan(300);
    await runtime.poller.waitUntilIdle(20_000);
    const sequenceNumbers = streamed.map((record) => record.dynamodb?.SequenceNumber);
    expect(new Set(sequenceNumbers).size).toBe(sequenceNumbers.length);
    expect(streamed.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(expect.arrayContaining(['OPP#d1', 'OPP#d2']));

    // Assess: stop() stops the restarted Java too.
    await runtime.stop();
    expect(isRunning(restarted[0]!.pid)).toBe(false);
  }, 90_000);

  it('in memory, where a restart would lose every table, `npm start` exits with a non-zero code', async () => {
    // Prepare
    const directory = await temporaryDirectory();
    const starts: NpmStart[] = [];
    cleanups.push(() => killAll(starts, []));
    const start = npmStart(['--in-memory', '--port', '0', '--data-dir', directory]);
    starts.push(start);
    await start.waitFor(/Sales performance API on/);
    const java = dynamoDbLocalProcesses().filter(({ ppid }) => ppid === start.child.pid);
    expect(java).toHaveLength(1);

    // Act
    process.kill(java[0]!.pid, 'SIGKILL');
    const exit = await Promise.race([start.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000))]);

    // Assess
    expect(exit, start.output()).not.toBe('still running');
    expect(exit).not.toBe(0);
    expect(typeof exit).toBe('number');
    expect(start.output()).toMatch(/DynamoDB Local .*exited.*in memory/is);
  }, 60_000);
});
