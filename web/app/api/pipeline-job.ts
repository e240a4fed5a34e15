/**
 * An answer that comes later: the time-travel reads (`GET /pipeline/as-at`, `GET
 * /pipeline/change`, `POST /pipeline/snapshots`) may answer 202 Accepted with a job
 * (docs/api.md, "Pipeline jobs") when the question is too large to answer within API
 * Gateway's 30 s. The client then polls the job's `Location` until it has succeeded (its
 * `result` is exactly the synchronous answer) or failed (its `problem`), reporting progress.
 */
import { apiErrorOf } from './api-error.js';

export type PipelineJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface PipelineJobProgress {
  readonly itemsRead: number;
  readonly itemsEstimated: number | null;
  /** 0 to 1, when the worker can estimate it. */
  readonly fraction: number | null;
}

/** `GET /pipeline/jobs/{id}`, and the body of the 202. */
export interface PipelineJob {
  readonly id: string;
  readonly kind: 'as-at' | 'change' | 'snapshots';
  readonly status: PipelineJobStatus;
  readonly progress: PipelineJobProgress;
  readonly result?: unknown;
  readonly problem?: { readonly status: number; readonly title: string; readonly detail?: string };
}

/** What a view is told while it waits: the job's status and progress. */
export interface JobUpdate {
  readonly status: 'queued' | 'running';
  readonly progress: PipelineJobProgress;
}

/** Pause between polls: the API's Retry-After, kept within these bounds; this when it sends none. */
export const JOB_POLL_MIN_MS = 1_000;
export const JOB_POLL_MAX_MS = 5_000;
export const JOB_POLL_DEFAULT_MS = 2_000;

/**
 * How long a view follows one job: past the worker's 15-minute timeout and a margin, a job
 * still queued or running is waiting for a redelivery (90 minutes away) or lost to the
 * dead-letter queue, so the view says so instead of polling until the job expires.
 */
export const JOB_WAIT_LIMIT_MS = 20 * 60_000;

/** Retry-After (delay-seconds, or an HTTP date) as a pause within the bounds; `fallback` when absent or unreadable. */
export function pollDelayMs(retryAfter: string | null, fallback = JOB_POLL_DEFAULT_MS, now = Date.now()): number {
  const text = retryAfter?.trim() ?? '';
  let delay = fallback;
  if (/^\d+$/.test(text)) delay = Number(text) * 1_000;
  else if (text !== '' && !Number.isNaN(Date.parse(text))) delay = Date.parse(text) - now;
  return Math.min(JOB_POLL_MAX_MS, Math.max(JOB_POLL_MIN_MS, delay));
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    if (signal?.aborted) aborted();
    else signal?.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Where a 202's job is: its Location, or, when the browser hides that header (an API on
 * another origin that does not expose it), the job resource of the body's id. Null when the
 * 202 is no job (no Location, no job document).
 */
export function jobLocationOf(headers: Headers, body: unknown): string | null {
  const location = headers.get('location');
  if (location) return location;
  const job = body as Partial<PipelineJob> | undefined;
  const isJob =
    typeof job === 'object' && job !== null && typeof job.id === 'string' && typeof job.status === 'string' && 'progress' in job;
  return isJob ? `/pipeline/jobs/${encodeURIComponent(job.id as string)}` : null;
}

/** The job's URL: its Location, an absolute path, taken relative to the API's base URL (which may have a path). */
export function jobUrlOf(baseUrl: string, location: string): string {
  if (/^https?:\/\//i.test(location)) return location;
  return `${baseUrl.replace(/\/+$/, '')}/${location.replace(/^\/+/, '')}`;
}

/** A job document's outcome: the result, a thrown ApiError, or undefined while it runs. */
function outcomeOf<T>(job: PipelineJob): { readonly result: T } | undefined {
  if (job.status === 'succeeded') return { result: job.result as T };
  if (job.status === 'failed') {
    const problem = job.problem ?? { status: 500, title: 'Job failed', detail: 'the job failed without saying why' };
    throw apiErrorOf(problem.status, JSON.stringify(problem));
  }
  return undefined;
}

export interface FollowJobOptions {
  /** The 202's body and Retry-After. */
  readonly accepted: PipelineJob;
  readonly retryAfter: string | null;
  /** GETs the job (the client's own call: bearer, errors as ApiError). */
  readonly poll: () => Promise<{ readonly job: PipelineJob; readonly retryAfter: string | null }>;
  readonly signal: AbortSignal | undefined;
  readonly onUpdate: ((update: JobUpdate) => void) | undefined;
  /** Milliseconds now, for the wait limit. @default Date.now */
  readonly now?: () => number;
}

/** Polls a job until it succeeds (its result) or fails (its problem, thrown as ApiError); the signal or the wait limit stops it. */
export async function followJob<T>({ accepted, retryAfter, poll, signal, onUpdate, now = Date.now }: FollowJobOptions): Promise<T> {
  let job = accepted;
  let delay = pollDelayMs(retryAfter);
  const giveUpAt = now() + JOB_WAIT_LIMIT_MS;
  for (;;) {
    const outcome = outcomeOf<T>(job);
    if (outcome) return outcome.result;
    if (now() >= giveUpAt) {
      const detail = `the rebuild (job ${job.id}) is still ${job.status} after ${JOB_WAIT_LIMIT_MS / 60_000} minutes; try again later`;
      throw apiErrorOf(504, JSON.stringify({ status: 504, title: 'The answer is taking too long', detail }));
    }
    onUpdate?.({ status: job.status as JobUpdate['status'], progress: job.progress });
    await pause(delay, signal);
    const answer = await poll();
    job = answer.job;
    delay = pollDelayMs(answer.retryAfter, delay);
  }
}
