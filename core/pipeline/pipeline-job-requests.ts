/**
 * Submitting and reading pipeline jobs.
 *
 * A job is its requester's: they (and sales operations) may read it; to anyone else it is
 * not found, as is an expired one. The question is checked for access before the job is
 * made (the route does that), so a job never holds a question its requester may not ask.
 */
import type { AccessContext } from '../organisation/access-policy.js';
import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import { isExpired, type PipelineJob, type PipelineJobKind, queuedJob } from './pipeline-job.js';
import type { PipelineJobPorts, PipelineJobRepository } from './pipeline-job-repository.js';

export interface SubmitPipelineJob {
  readonly id: string;
  readonly kind: PipelineJobKind;
  readonly request: Readonly<Record<string, unknown>>;
  /** The deal estimate the decision read, when it read one (else it is read here). */
  readonly estimatedDeals?: number | null;
}

/** Stores the job queued, then sends it to the queue. */
export async function submitPipelineJob(
  ports: PipelineJobPorts & { readonly clock: Clock },
  access: AccessContext,
  { id, kind, request, estimatedDeals }: SubmitPipelineJob,
): Promise<PipelineJob> {
  const itemsEstimated = estimatedDeals !== undefined ? estimatedDeals : await ports.dealCount.estimatedDeals();
  const job = queuedJob({ id, kind, request, principal: access.principal, now: ports.clock.now(), itemsEstimated });
  await ports.jobs.create(job);
  await ports.queue.enqueue(job.id);
  return job;
}

export async function readPipelineJob(
  ports: { readonly jobs: PipelineJobRepository; readonly clock: Clock },
  access: AccessContext,
  id: string,
): Promise<PipelineJob> {
  const job = await ports.jobs.read(id);
  const visible = job && (job.requestedBy === access.principal.repId || access.principal.role === 'admin');
  if (!job || !visible || isExpired(job, ports.clock.now())) throw new NotFoundError(`pipeline job ${id} not found`);
  return job;
}
