import { describe, expect, it } from 'vitest';
import type { AccessContextPorts } from '#core/organisation/access-context.js';
import {
  failedJob,
  mayTake,
  type PipelineJob,
  type PipelineJobStatus,
  progressedJob,
  progressOf,
  queuedJob,
  succeededJob,
  takenJob,
} from '#core/pipeline/pipeline-job.js';
import { answerMode, prefersAsync } from '#core/pipeline/pipeline-job-decision.js';
import type { PipelineJobRepository } from '#core/pipeline/pipeline-job-repository.js';
import { readPipelineJob } from '#core/pipeline/pipeline-job-requests.js';
import { type RunPipelineJobPorts, runPipelineJob } from '#core/pipeline/run-pipeline-job.js';
import { NotFoundError, RetryLaterError, ValidationError } from '#core/shared/errors.js';

const T0 = new Date('2026-06-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function aJob(overrides: Partial<PipelineJob> = {}): PipelineJob {
  return {
    ...queuedJob({
      id: 'job-1',
      kind: 'as-at',
      request: { at: '2026-05-01T00:00:00.000Z' },
      principal: { repId: 'dave', role: 'rep' },
      now: T0,
      itemsEstimated: 200,
    }),
    ...overrides,
  };
}

describe('answer now or as a job', () => {
  const base = { preferAsync: false, fastPathUsable: false, estimatedDeals: 20_000, syncFullPathMaxDeals: 10_000 };

  it('is a job when preferred, whatever the path', () => {
    expect(answerMode({ ...base, preferAsync: true, fastPathUsable: true, estimatedDeals: 3 })).toBe('job');
  });

  it('is now when a checkpoint can answer, whatever the size', () => {
    expect(answerMode({ ...base, fastPathUsable: true, estimatedDeals: 100_000 })).toBe('now');
  });

  it('is a job on the full path above the threshold, now at or below it or without an estimate', () => {
    expect(answerMode(base)).toBe('job');
    expect(answerMode({ ...base, estimatedDeals: 10_001 })).toBe('job');
    expect(answerMode({ ...base, estimatedDeals: 10_000 })).toBe('now');
    expect(answerMode({ ...base, estimatedDeals: null })).toBe('now');
  });

  it('is always a job on the full path with a threshold of 0', () => {
    expect(answerMode({ ...base, estimatedDeals: null, syncFullPathMaxDeals: 0 })).toBe('job');
    expect(answerMode({ ...base, estimatedDeals: 0, syncFullPathMaxDeals: 0 })).toBe('job');
  });

  it('reads respond-async among the preferences of a Prefer header', () => {
    expect(prefersAsync('respond-async')).toBe(true);
    expect(prefersAsync('return=minimal, Respond-Async; wait=10')).toBe(true);
    expect(prefersAsync('wait=10')).toBe(false);
    expect(prefersAsync(undefined)).toBe(false);
  });
});

describe('a pipeline job', () => {
  it('is queued for 24 hours with its estimate', () => {
    expect(aJob()).toEqual({
      id: 'job-1',
      kind: 'as-at',
      status: 'queued',
      request: { at: '2026-05-01T00:00:00.000Z' },
      requestedBy: 'dave',
      requestedRole: 'rep',
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-01T10:00:00.000Z',
      expiresAt: '2026-06-02T10:00:00.000Z',
      progress: { itemsRead: 0, itemsEstimated: 200, fraction: 0 },
      attempt: 0,
    });
  });

  it('moves queued -> running (lease 5 min, renewed by progress) -> succeeded or failed', () => {
    const running = takenJob(aJob(), at(1_000));
    expect(running).toMatchObject({ status: 'running', attempt: 1, leaseUntil: '2026-06-01T10:05:01.000Z' });
    const progressed = progressedJob(running, 50, at(4_000));
    expect(progressed).toMatchObject({
      progress: { itemsRead: 50, itemsEstimated: 200, fraction: 0.25 },
      leaseUntil: '2026-06-01T10:05:04.000Z',
    });
    const succeeded = succeededJob(progressed, { total: 1 }, at(9_000));
    expect(succeeded).toMatchObject({ status: 'succeeded', result: { total: 1 }, progress: { itemsRead: 50, fraction: 1 } });
    expect(succeeded.leaseUntil).toBeUndefined();
    const failed = failedJob(progressed, { status: 422, title: 'Unprocessable Content', detail: 'no' }, at(9_000));
    expect(failed).toMatchObject({ status: 'failed', problem: { status: 422, title: 'Unprocessable Content', detail: 'no' } });
  });

  it('may be taken queued, or running once its lease ran out; never finished or expired', () => {
    const running = takenJob(aJob(), T0);
    expect(mayTake(aJob(), T0)).toBe(true);
    expect(mayTake(running, at(5 * 60_000 - 1))).toBe(false);
    expect(mayTake(running, at(5 * 60_000))).toBe(true);
    expect(mayTake(succeededJob(running, {}, T0), at(10 * 60_000))).toBe(false);
    expect(mayTake(aJob(), at(24 * 3_600_000))).toBe(false);
  });

  it('has a fraction below 1 until done, none without an estimate', () => {
    expect(progressOf(250, 200)).toEqual({ itemsRead: 250, itemsEstimated: 200, fraction: 0.99 });
    expect(progressOf(1, 3)).toEqual({ itemsRead: 1, itemsEstimated: 3, fraction: 0.33 });
    expect(progressOf(7, null)).toEqual({ itemsRead: 7, itemsEstimated: null, fraction: null });
    expect(progressOf(7, null, true)).toEqual({ itemsRead: 7, itemsEstimated: null, fraction: 1 });
  });
});

/** Jobs in memory, with the same conditional update as the store. */
function memoryJobs(initial: PipelineJob[]): PipelineJobRepository & { writes: PipelineJob[]; stored: Map<string, PipelineJob> } {
  const stored = new Map(initial.map((job) => [job.id, job]));
  const writes: PipelineJob[] = [];
  return {
    stored,
    writes,
    async create(job) {
      stored.set(job.id, job);
    },
    async read(id) {
      return stored.get(id);
    },
    async update(next, expected: { status: PipelineJobStatus; attempt: number }) {
      const before = stored.get(next.id);
      if (!before || before.status !== expected.status || before.attempt !== expected.attempt) return false;
      stored.set(next.id, next);
      writes.push(next);
      return true;
    },
  };
}

function workerPorts(jobs: PipelineJobRepository, overrides: Partial<RunPipelineJobPorts> = {}): RunPipelineJobPorts {
  let now = T0.getTime();
  const access: AccessContextPorts = {
    reps: { get: async (repId: string) => ({ id: repId, active: true, teamId: 'uk' }) },
    teams: { managedBy: async () => [] },
    settings: { get: async () => ({ managers: {} }) },
  } as unknown as AccessContextPorts;
  return {
    ...access,
    jobs,
    clock: {
      now: () => {
        now += 1_000;
        return new Date(now);
      },
    },
    wait: async () => undefined,
    answer: async (_job, _access, progress) => {
      for (let read = 1; read <= 10; read++) progress(read * 20);
      return { asAt: '2026-05-01T00:00:00.000Z', total: { count: 3 } };
    },
    problemOf: (error) =>
      error instanceof ValidationError ? { status: 422, title: 'Unprocessable Content', detail: error.message } : undefined,
    progressIntervalMs: 3_000,
    ...overrides,
  };
}

describe('runPipelineJob', () => {
  it('takes a queued job, reports progress at most every 3 s, and stores the result', async () => {
    const jobs = memoryJobs([aJob()]);
    expect(await runPipelineJob(workerPorts(jobs), 'job-1')).toBe('succeeded');
    // Clock: +1 s a read; take at 10:00:02, reports at reads 3, 6 and 9 (3 s apart), done.
    expect(jobs.writes.map((job) => [job.status, job.progress.itemsRead])).toEqual([
      ['running', 0],
      ['running', 60],
      ['running', 120],
      ['running', 180],
      ['succeeded', 200],
    ]);
    expect(jobs.stored.get('job-1')).toMatchObject({
      status: 'succeeded',
      attempt: 1,
      result: { asAt: '2026-05-01T00:00:00.000Z', total: { count: 3 } },
      progress: { itemsRead: 200, itemsEstimated: 200, fraction: 1 },
    });
  });

  it('writes nothing for a finished, unknown or expired job; says busy for a live lease', async () => {
    const done = succeededJob(takenJob(aJob(), T0), {}, T0);
    const jobs = memoryJobs([done, takenJob(aJob({ id: 'job-2' }), T0), aJob({ id: 'old', expiresAt: T0.toISOString() })]);
    expect(await runPipelineJob(workerPorts(jobs), 'job-1')).toBe('skipped');
    expect(await runPipelineJob(workerPorts(jobs), 'nope')).toBe('skipped');
    expect(await runPipelineJob(workerPorts(jobs), 'old')).toBe('skipped');
    expect(await runPipelineJob(workerPorts(jobs), 'job-2')).toBe('busy');
    expect(jobs.writes).toEqual([]);
  });

  it('takes over a running job whose lease ran out', async () => {
    const stale = takenJob(aJob(), new Date(T0.getTime() - 6 * 60_000));
    const jobs = memoryJobs([stale]);
    expect(await runPipelineJob(workerPorts(jobs), 'job-1')).toBe('succeeded');
    expect(jobs.stored.get('job-1')?.attempt).toBe(2);
  });

  it('waits while the stream records, then answers', async () => {
    const jobs = memoryJobs([aJob()]);
    let calls = 0;
    const waits: number[] = [];
    const ports = workerPorts(jobs, {
      wait: async (seconds) => void waits.push(seconds),
      answer: async () => {
        if (++calls < 3) throw new RetryLaterError('recording', 5);
        return { ok: true };
      },
    });
    expect(await runPipelineJob(ports, 'job-1')).toBe('succeeded');
    expect(waits).toEqual([5, 5]);
    expect(jobs.stored.get('job-1')?.result).toEqual({ ok: true });
  });

  it('stores the problem of a failing question', async () => {
    const jobs = memoryJobs([aJob()]);
    const ports = workerPorts(jobs, {
      answer: async () => {
        throw new ValidationError('at 2027-01-01T00:00:00.000Z is in the future');
      },
    });
    expect(await runPipelineJob(ports, 'job-1')).toBe('failed');
    expect(jobs.stored.get('job-1')).toMatchObject({
      status: 'failed',
      problem: { status: 422, title: 'Unprocessable Content', detail: 'at 2027-01-01T00:00:00.000Z is in the future' },
    });
    expect(jobs.stored.get('job-1')?.result).toBeUndefined();
  });

  it('puts the job back in the queue and throws on a passing failure', async () => {
    const jobs = memoryJobs([aJob()]);
    const ports = workerPorts(jobs, {
      answer: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    await expect(runPipelineJob(ports, 'job-1')).rejects.toThrow('ECONNREFUSED');
    expect(jobs.stored.get('job-1')).toMatchObject({ status: 'queued', attempt: 1 });
  });

  it('writes no answer once another worker has taken the job over', async () => {
    const jobs = memoryJobs([aJob()]);
    const ports = workerPorts(jobs, {
      answer: async () => {
        const mine = jobs.stored.get('job-1') as PipelineJob;
        jobs.stored.set('job-1', { ...mine, attempt: mine.attempt + 1 });
        return { late: true };
      },
    });
    expect(await runPipelineJob(ports, 'job-1')).toBe('lost');
    expect(jobs.stored.get('job-1')?.status).toBe('running');
  });
});

describe('readPipelineJob', () => {
  const jobs = memoryJobs([aJob()]);
  const clock = { now: () => at(60_000) };
  const access = (repId: string, role: 'rep' | 'admin' | 'manager') => ({ principal: { repId, role } }) as never;

  it('gives the job to its requester and to sales operations, not found to anyone else or once expired', async () => {
    expect((await readPipelineJob({ jobs, clock }, access('dave', 'rep'), 'job-1')).id).toBe('job-1');
    expect((await readPipelineJob({ jobs, clock }, access('sales-ops', 'admin'), 'job-1')).id).toBe('job-1');
    await expect(readPipelineJob({ jobs, clock }, access('erin', 'manager'), 'job-1')).rejects.toThrow(NotFoundError);
    await expect(readPipelineJob({ jobs, clock }, access('dave', 'rep'), 'nope')).rejects.toThrow(NotFoundError);
    await expect(readPipelineJob({ jobs, clock: { now: () => at(24 * 3_600_000) } }, access('dave', 'rep'), 'job-1')).rejects.toThrow(
      NotFoundError,
    );
  });
});
