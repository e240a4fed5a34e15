/**
 * The worker of an asynchronous pipeline job (one queue message: `{ jobId }`).
 *
 * 1. Load the job. Unknown, expired or finished: nothing to do, nothing written (a message
 *    delivered twice is harmless). Running under a live lease: another worker has it
 *    ('busy': the message comes back later, in case that worker dies).
 * 2. Take it (a conditional write: of two workers, one wins; the other stops).
 * 3. Rebuild the requester's access context, as their request would have, and answer the
 *    same use case the synchronous route runs, reporting the deals read at most every
 *    `progressIntervalMs` (each report renews the lease). While the stream has not recorded
 *    a deal (RetryLaterError) wait and answer again, up to `attempts` times.
 * 4. Store the result (succeeded) or the problem the route would have answered (failed).
 *    A passing failure (`problemOf` gives none: the database out of reach) puts the job back
 *    in the queue and throws, so the message is delivered again.
 */
import { type AccessContextPorts, accessContextFor } from '../organisation/access-context.js';
import type { AccessContext } from '../organisation/access-policy.js';
import type { Clock } from '../shared/clock.js';
import { retryWhileHistoryIsRecorded } from './history-recorded.js';
import {
  failedJob,
  isExpired,
  mayTake,
  type PipelineJob,
  type PipelineJobProblem,
  progressedJob,
  releasedJob,
  succeededJob,
  takenJob,
} from './pipeline-job.js';
import type { PipelineJobRepository } from './pipeline-job-repository.js';
import type { ReadProgress } from './pipeline-rebuild-repository.js';

/** Progress writes at most this often: a few per minute of a long scan, not one per page. */
export const PROGRESS_INTERVAL_MS = 3_000;
/** Answers while the stream catches up (5 s apart): a minute at most. */
export const RECORDING_ATTEMPTS = 12;

export interface RunPipelineJobPorts extends AccessContextPorts {
  readonly jobs: PipelineJobRepository;
  readonly clock: Clock;
  /** Waits the seconds asked for (core keeps no timers). */
  readonly wait: (seconds: number) => Promise<void>;
  /** Answers the job's question as the synchronous route does, for `access`, telling `progress` the deals read. */
  readonly answer: (job: PipelineJob, access: AccessContext, progress: ReadProgress) => Promise<unknown>;
  /** The problem the route would answer for an error; undefined for a passing failure worth another delivery. */
  readonly problemOf: (error: unknown) => PipelineJobProblem | undefined;
  /** @default RECORDING_ATTEMPTS */
  readonly attempts?: number;
  /** @default PROGRESS_INTERVAL_MS */
  readonly progressIntervalMs?: number;
}

/**
 * - 'succeeded' / 'failed': this run finished the job;
 * - 'skipped': unknown, expired or already finished: nothing written;
 * - 'busy': another worker holds it under a live lease;
 * - 'lost': taken over (or finished) by another worker while this one ran: its answer is not written.
 */
export type PipelineJobRun = 'succeeded' | 'failed' | 'skipped' | 'busy' | 'lost';

export async function runPipelineJob(ports: RunPipelineJobPorts, jobId: string): Promise<PipelineJobRun> {
  const { jobs, clock } = ports;
  const stored = await jobs.read(jobId);
  if (!stored || isExpired(stored, clock.now()) || stored.status === 'succeeded' || stored.status === 'failed') return 'skipped';
  if (!mayTake(stored, clock.now())) return 'busy';
  let current = takenJob(stored, clock.now());
  if (!(await jobs.update(current, { status: stored.status, attempt: stored.attempt }))) return 'lost';
  const held = { status: 'running' as const, attempt: current.attempt };

  // Progress is best effort: a lost report changes no figure, so its failure is ignored.
  let reports: Promise<unknown> = Promise.resolve();
  let reportedAt = clock.now().getTime();
  const interval = ports.progressIntervalMs ?? PROGRESS_INTERVAL_MS;
  let dealsReadSoFar = 0;
  const progress: ReadProgress = (dealsRead) => {
    dealsReadSoFar = dealsRead;
    const now = clock.now();
    if (now.getTime() - reportedAt < interval) return;
    reportedAt = now.getTime();
    current = progressedJob(current, dealsRead, now);
    const report = current;
    reports = reports.then(() => jobs.update(report, held)).catch(() => false);
  };

  let finished: PipelineJob;
  try {
    const access = await accessContextFor(ports, { repId: current.requestedBy, role: current.requestedRole });
    const result = await retryWhileHistoryIsRecorded(() => ports.answer(current, access, progress), {
      attempts: ports.attempts ?? RECORDING_ATTEMPTS,
      wait: ports.wait,
    });
    await reports;
    // A document as the route sends it: what JSON keeps of the use case's answer.
    const read = { ...current, progress: { ...current.progress, itemsRead: dealsReadSoFar } };
    finished = succeededJob(read, JSON.parse(JSON.stringify(result)) as unknown, clock.now());
  } catch (error) {
    await reports;
    const problem = ports.problemOf(error);
    if (!problem) {
      await jobs.update(releasedJob(current, clock.now()), held);
      throw error;
    }
    finished = failedJob(current, problem, clock.now());
  }
  if (!(await jobs.update(finished, held))) return 'lost';
  return finished.status === 'succeeded' ? 'succeeded' : 'failed';
}
