/**
 * An asynchronous pipeline job: a time-travel question (as-at, change, snapshots) too large
 * to answer within the API's 30 s, answered in the background with the same figures.
 *
 * queued ──take──▶ running ──▶ succeeded | failed
 *                   │ ▲
 *                   └─┘ taken over once its lease has run out (a worker that died)
 *
 * A worker holds a running job by its `attempt` (the take that set it) until `leaseUntil`,
 * renewed with each progress report. Every write after the take names that attempt, so a
 * worker whose job was taken over writes nothing more.
 */
import type { Principal } from '../shared/principal.js';

export const PIPELINE_JOB_KINDS = ['as-at', 'change', 'snapshots'] as const;
export type PipelineJobKind = (typeof PIPELINE_JOB_KINDS)[number];

export const PIPELINE_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type PipelineJobStatus = (typeof PIPELINE_JOB_STATUSES)[number];

/** A job is kept (and readable) this long after its creation; the table's TTL removes it later. */
export const PIPELINE_JOB_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** How long a running job is its worker's without a sign of life (a progress report). */
export const PIPELINE_JOB_LEASE_MS = 5 * 60 * 1000;

/**
 * How far the job has read: deals read by the scan of the full path, against the deals
 * estimated (the latest checkpoint's); the fraction stays below 1 until the job is done.
 * A job answered from a checkpoint reads no deal one by one: 0 until done.
 */
export interface PipelineJobProgress {
  readonly itemsRead: number;
  readonly itemsEstimated: number | null;
  readonly fraction: number | null;
}

/** Why a job failed, as the synchronous route's problem would have said. */
export interface PipelineJobProblem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
}

export interface PipelineJob {
  readonly id: string;
  readonly kind: PipelineJobKind;
  readonly status: PipelineJobStatus;
  /** The validated query (as-at, change) or body (snapshots), with the instants the request left to "now" fixed. */
  readonly request: Readonly<Record<string, unknown>>;
  readonly requestedBy: string;
  /** The requester's role: the worker answers with their access. */
  readonly requestedRole: Principal['role'];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly progress: PipelineJobProgress;
  /** The take that holds (or last held) the job; 0 while queued. */
  readonly attempt: number;
  readonly leaseUntil?: string;
  /** Exactly the synchronous route's 200 document. */
  readonly result?: unknown;
  readonly problem?: PipelineJobProblem;
}

/** The fraction of a progress: below 1 until done, null without an estimate. */
export function progressOf(itemsRead: number, itemsEstimated: number | null, done = false): PipelineJobProgress {
  if (done) return { itemsRead, itemsEstimated, fraction: 1 };
  if (itemsEstimated === null) return { itemsRead, itemsEstimated, fraction: null };
  const fraction = itemsEstimated === 0 ? 0 : Math.min(0.99, Math.floor((itemsRead / itemsEstimated) * 100) / 100);
  return { itemsRead, itemsEstimated, fraction };
}

export interface NewPipelineJob {
  readonly id: string;
  readonly kind: PipelineJobKind;
  readonly request: Readonly<Record<string, unknown>>;
  readonly principal: Principal;
  readonly now: Date;
  readonly itemsEstimated: number | null;
}

export function queuedJob({ id, kind, request, principal, now, itemsEstimated }: NewPipelineJob): PipelineJob {
  const at = now.toISOString();
  return {
    id,
    kind,
    status: 'queued',
    request,
    requestedBy: principal.repId,
    requestedRole: principal.role,
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(now.getTime() + PIPELINE_JOB_LIFETIME_MS).toISOString(),
    progress: progressOf(0, itemsEstimated),
    attempt: 0,
  };
}

export function isExpired(job: PipelineJob, now: Date): boolean {
  return Date.parse(job.expiresAt) <= now.getTime();
}

/** A worker may take a queued job, or a running one whose lease has run out; never a finished one. */
export function mayTake(job: PipelineJob, now: Date): boolean {
  if (isExpired(job, now)) return false;
  if (job.status === 'queued') return true;
  return job.status === 'running' && (job.leaseUntil === undefined || Date.parse(job.leaseUntil) <= now.getTime());
}

function leaseFrom(now: Date): string {
  return new Date(now.getTime() + PIPELINE_JOB_LEASE_MS).toISOString();
}

export function takenJob(job: PipelineJob, now: Date): PipelineJob {
  return { ...job, status: 'running', attempt: job.attempt + 1, leaseUntil: leaseFrom(now), updatedAt: now.toISOString() };
}

/** A running job's progress; the report renews the lease. */
export function progressedJob(job: PipelineJob, itemsRead: number, now: Date): PipelineJob {
  return { ...job, progress: progressOf(itemsRead, job.progress.itemsEstimated), leaseUntil: leaseFrom(now), updatedAt: now.toISOString() };
}

export function succeededJob(job: PipelineJob, result: unknown, now: Date): PipelineJob {
  const { leaseUntil: _lease, problem: _problem, ...rest } = job;
  return {
    ...rest,
    status: 'succeeded',
    result,
    progress: progressOf(job.progress.itemsRead, job.progress.itemsEstimated, true),
    updatedAt: now.toISOString(),
  };
}

export function failedJob(job: PipelineJob, problem: PipelineJobProblem, now: Date): PipelineJob {
  const { leaseUntil: _lease, result: _result, ...rest } = job;
  return { ...rest, status: 'failed', problem, updatedAt: now.toISOString() };
}

/** Back to the queue (a failure worth another delivery, such as the database out of reach). */
export function releasedJob(job: PipelineJob, now: Date): PipelineJob {
  const { leaseUntil: _lease, ...rest } = job;
  return { ...rest, status: 'queued', updatedAt: now.toISOString() };
}
