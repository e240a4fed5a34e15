/**
 * The local runtime's snapshot schedules with the real handlers on a pinned clock and
 * hand-fired timers, and `npm run snapshot` (its main function) against a table.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { type LocalRuntime, startLocalRuntime } from '#local/local-runtime.js';
import { snapshotCli } from '#local/snapshot-cli.js';
import type { SchedulerTimers } from '#local/snapshot-scheduler.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { type FixedClock, fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation, TEST_ADMIN } from '../support/test-organisation.js';

/** Timers that fire only when told to, on the test's clock. */
function manualTimers(clock: FixedClock) {
  let nextId = 0;
  const pending = new Map<number, { callback: () => void; dueAt: number }>();
  const timers: SchedulerTimers = {
    setTimeout: (callback, delayMs) => {
      pending.set(++nextId, { callback, dueAt: clock.now().getTime() + delayMs });
      return nextId;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  /** Fires every timer due by the clock's now. */
  const fireDue = () => {
    for (const [id, { callback, dueAt }] of [...pending.entries()]) {
      if (dueAt > clock.now().getTime()) continue;
      pending.delete(id);
      callback();
    }
  };
  return { timers, pending, fireDue };
}

describe('local runtime: snapshot schedules', () => {
  const clock = fixedClock('2026-11-26T10:00:00.000Z');
  const { timers, pending, fireDue } = manualTimers(clock);
  const lines: string[] = [];
  let runtime: LocalRuntime;
  let directory: string;

  const adminHeaders = async () => ({ authorization: `Bearer ${await runtime.identity.issueToken(TEST_ADMIN)}` });
  const send = async (method: string, requestPath: string, body: unknown) => {
    const response = await fetch(`${runtime.url}${requestPath}`, {
      method,
      headers: { ...(await adminHeaders()), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, `${method} ${requestPath}: ${await response.clone().text()}`).toBeLessThan(300);
  };

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'local-runtime-snapshots-'));
    runtime = await startLocalRuntime({
      port: 0,
      inMemory: true,
      dataDirectory: directory,
      clock,
      schedulerTimers: timers,
      log: (line) => lines.push(line),
    });
    await bootstrapTestOrganisation(runtime.dependencies, { id: 'acme', name: 'Acme' });
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('runs each series once on start, catching up the instants before now', async () => {
    // Act
    await runtime.scheduler!.idle();

    // Assess: Thursday 26 November; the empty pipeline is taken for the last 13 firsts and 8 Mondays.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^snapshot monthly 2026-11-26T10:00:00\.000Z: 13 created, 0 revised, 0 unchanged; as at 2026-11-01T00:00:00\.000Z 0 open deals/,
    );
    expect(lines[1]).toMatch(
      /^snapshot weekly 2026-11-26T10:00:00\.000Z: \d+ created, 0 revised, \d+ unchanged; as at 2026-11-23T00:00:00\.000Z 0 open deals/,
    );
    expect(runtime.scheduler!.nextRuns()).toEqual({ monthly: '2026-12-01T00:00:00.000Z', weekly: '2026-11-30T00:00:00.000Z' });
    // The two series, and the stale retake a minute after start.
    expect(pending.size).toBe(3);
  });

  it('fires the weekly series on Monday 00:00 UTC with the real handler: the snapshot is in the weekly trend', async () => {
    // Prepare: a deal written on Thursday, recorded by the stream.
    await send('PUT', '/teams/acme', { name: 'Acme', parentTeamId: null });
    await send('PUT', '/reps/alice', { name: 'Alice', email: 'alice@example.com', teamId: 'acme' });
    await send('PUT', '/opportunities/deal-1', {
      name: 'Big deal',
      account: 'Globex',
      ownerId: 'alice',
      stageId: 'negotiation',
      closeDate: '2026-12-15',
      amount: 1_250_000,
    });
    await runtime.poller.waitUntilIdle();
    clock.set('2026-11-29T23:59:59.999Z');
    fireDue();
    await runtime.scheduler!.idle();
    const linesBeforeMonday = lines.length;

    // Act
    clock.set('2026-11-30T00:00:00.000Z');
    fireDue();
    await runtime.scheduler!.idle();

    // Assess
    expect(linesBeforeMonday).toBe(2);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(
        /^snapshot weekly 2026-11-30T00:00:00\.000Z: 1 created, 0 revised, 7 unchanged; as at 2026-11-30T00:00:00\.000Z 1 open deals/,
      ),
    ]);
    const response = await fetch(`${runtime.url}/pipeline/trend?series=weekly`, { headers: await adminHeaders() });
    expect(response.status).toBe(200);
    const trend = (await response.json()) as {
      points: Array<{ asAt: string; taken: boolean; snapshot: { total: { amount: number; count: number } } | null }>;
    };
    expect(trend.points.map((point) => point.asAt).at(-1)).toBe('2026-11-30T00:00:00.000Z');
    expect(trend.points.at(-1)).toMatchObject({ taken: true, snapshot: { total: { amount: 1_250_000, count: 1 } } });
    expect(trend.points.at(-2)).toMatchObject({ asAt: '2026-11-23T00:00:00.000Z', taken: true, snapshot: { total: { count: 0 } } });
    const stored = await new PipelineSnapshotStore(runtime.dependencies).readInstant('2026-11-30T00:00:00.000Z');
    expect(stored.find((entry) => entry.scope.kind === 'company')?.snapshot.total).toMatchObject({ amount: 1_250_000, count: 1 });
    expect(runtime.scheduler!.nextRuns()).toEqual({ monthly: '2026-12-01T00:00:00.000Z', weekly: '2026-12-07T00:00:00.000Z' });
  });

  it('fires the monthly series on the 1st 00:00 UTC', async () => {
    // Act
    clock.set('2026-12-01T00:00:00.000Z');
    fireDue();
    await runtime.scheduler!.idle();

    // Assess
    expect(lines.at(-1)).toMatch(
      /^snapshot monthly 2026-12-01T00:00:00\.000Z: 1 created, 0 revised, 12 unchanged; as at 2026-12-01T00:00:00\.000Z 1 open deals/,
    );
  });

  it('retakes the past snapshots an import made stale at the next stale retake, a minute later', async () => {
    // Prepare: a deal imported on 1 December, created on 10 November.
    await send('POST', '/imports/opportunities', {
      opportunities: [
        {
          id: 'deal-2',
          name: 'Imported deal',
          account: 'Initech',
          ownerId: 'alice',
          stageId: 'proposal-made',
          closeDate: '2026-12-20',
          amount: 400_000,
          createdAt: '2026-11-10T09:00:00.000Z',
        },
      ],
      history: [],
    });
    await runtime.poller.waitUntilIdle();
    const linesBefore = lines.length;

    // Act
    clock.set('2026-12-01T00:01:00.000Z');
    fireDue();
    await runtime.scheduler!.idle();

    // Assess: the Mondays 16, 23 and 30 November and the 1st of December, each revised with the deal.
    expect(lines.slice(linesBefore)).toEqual([
      expect.stringMatching(/^stale snapshots retaken 2026-12-01T00:01:00\.000Z: 4 instant\(s\), 4 written$/),
    ]);
    const stored = await new PipelineSnapshotStore(runtime.dependencies).readInstant('2026-11-16T00:00:00.000Z');
    expect(stored.find((entry) => entry.scope.kind === 'company')?.snapshot.total).toMatchObject({ amount: 400_000, count: 1 });
  });

  it('stop clears the timers', async () => {
    // Act
    await runtime.stop();

    // Assess
    expect(pending.size).toBe(0);
    expect(runtime.scheduler!.nextRuns()).toEqual({});
  });
});

describe('npm run snapshot', () => {
  let engine: EngineHarness;
  const output: string[] = [];
  const cli = (...argv: string[]) =>
    snapshotCli(['--endpoint', engine.table.endpoint, '--table', engine.table.tableName, ...argv], {
      log: (line) => output.push(line),
      clock: engine.clock,
    });

  beforeAll(async () => {
    engine = await startEngine('snapshot-cli', '2026-09-20T09:00:00.000Z');
    await engine.write('PUT', '/teams/company', { name: 'Acme', parentTeamId: null }, '2026-09-20T09:00:00.000Z');
    await engine.write('PUT', '/reps/alice', { name: 'Alice', email: 'alice@example.com', teamId: 'company' }, '2026-09-20T09:00:00.000Z');
    const deal = { name: 'Big deal', account: 'Globex', ownerId: 'alice', closeDate: '2026-12-15', amount: 1_000_000 };
    await engine.write('PUT', '/opportunities/deal-1', { ...deal, stageId: 'prospecting' }, '2026-09-21T09:00:00.000Z');
    await engine.write('PUT', '/opportunities/deal-1', { ...deal, stageId: 'negotiation', amount: 1_500_000 }, '2026-10-14T09:00:00.000Z');
    await engine.settle();
    engine.clock.set('2026-11-27T12:00:00.000Z');
  }, 120_000);

  afterAll(async () => {
    await engine?.stop();
  });

  it('--date takes 00:00 UTC of any date, and a second run changes nothing', async () => {
    // Act
    output.length = 0;
    const first = await cli('--date', '2026-10-13');
    const firstOutput = [...output];
    output.length = 0;
    const second = await cli('--date', '2026-10-13');

    // Assess
    expect(first).toBe(0);
    expect(firstOutput[0]).toMatch(/^2026-10-13T00:00:00\.000Z {2}created {3}\s+1 open deals\s+\d+ scopes written, 0 deleted$/);
    expect(firstOutput[1]).toMatch(/^1 instant\(s\) of snapshot-cli-\S+ in \d+ ms: 1 created, 0 revised, 0 unchanged\.$/);
    expect(second).toBe(0);
    expect(output[0]).toMatch(/^2026-10-13T00:00:00\.000Z {2}unchanged {2}\s+1 open deals\s+0 scopes written, 0 deleted$/);
    const stored = await new PipelineSnapshotStore(engine.table.dependencies()).readInstant('2026-10-13T00:00:00.000Z');
    expect(stored.find((entry) => entry.scope.kind === 'company')?.snapshot.total).toMatchObject({ amount: 1_000_000, count: 1 });
  });

  it('--from --to takes every monthly and weekly instant in the range, one line each', async () => {
    // Act
    output.length = 0;
    const exitCode = await cli('--from', '2026-09-28', '--to', '2026-10-19');

    // Assess: Mondays 28 Sep, 5, 12, 19 Oct and Thursday 1 Oct; the deal grew on 14 October.
    expect(exitCode).toBe(0);
    expect(output.slice(0, -1).map((line) => line.slice(0, 24))).toEqual([
      '2026-09-28T00:00:00.000Z',
      '2026-10-01T00:00:00.000Z',
      '2026-10-05T00:00:00.000Z',
      '2026-10-12T00:00:00.000Z',
      '2026-10-19T00:00:00.000Z',
    ]);
    expect(output.at(-1)).toMatch(/: 5 created, 0 revised, 0 unchanged\.$/);
    const snapshots = new PipelineSnapshotStore(engine.table.dependencies());
    const companyAt = async (asAt: string) =>
      (await snapshots.readInstant(asAt)).find((entry) => entry.scope.kind === 'company')?.snapshot.total.amount;
    expect([await companyAt('2026-10-12T00:00:00.000Z'), await companyAt('2026-10-19T00:00:00.000Z')]).toEqual([1_000_000, 1_500_000]);
  });

  it('fails with exit code 1 on a bad date, an instant in the future, or no runtime to find', async () => {
    // Prepare
    const emptyDataDirectory = await mkdtemp(path.join(tmpdir(), 'snapshot-cli-'));
    output.length = 0;

    // Act
    const codes = [
      await cli('--date', '2026-02-30'),
      await cli('--date', '2026-12-01'),
      await cli('--from', '2026-10-20', '--to', '2026-10-10'),
      await cli(),
      await snapshotCli(['--date', '2026-11-01', '--data-dir', emptyDataDirectory], { log: (line) => output.push(line) }),
    ];
    await rm(emptyDataDirectory, { recursive: true, force: true });

    // Assess
    expect(codes).toEqual([1, 1, 1, 1, 1]);
    expect(output.filter((line) => line.startsWith('snapshot: '))).toEqual([
      'snapshot: --date must be a calendar date YYYY-MM-DD',
      'snapshot: cannot take a snapshot as at 2026-12-01T00:00:00.000Z: it is in the future',
      'snapshot: --from 2026-10-20 is after --to 2026-10-10',
      expect.stringMatching(/^snapshot: --date or --from is required/),
      'snapshot: no running `npm start` found: start it, or pass --table NAME (and --endpoint URL for a local DynamoDB)',
    ]);
  });
});
