import type { PipelineJob, PipelineJobStatus } from './pipeline-job.js';

/** Where jobs are kept, with their results. */
export interface PipelineJobRepository {
  create(job: PipelineJob): Promise<void>;
  /** The job with its result; undefined when unknown (or removed after it expired). */
  read(id: string): Promise<PipelineJob | undefined>;
  /**
   * Stores `next` only while the stored job is still at `expected` (its status and attempt):
   * false when another worker took or finished it meanwhile, and nothing is written.
   */
  update(next: PipelineJob, expected: { readonly status: PipelineJobStatus; readonly attempt: number }): Promise<boolean>;
}

/** Where a job waits for a worker. */
export interface PipelineJobQueue {
  enqueue(jobId: string): Promise<void>;
}

/** A cheap estimate of the deals in the table (no scan); null when there is nothing to go by. */
export interface DealCountEstimate {
  estimatedDeals(): Promise<number | null>;
}

/** What the routes need to answer as a job. */
export interface PipelineJobPorts {
  readonly jobs: PipelineJobRepository;
  readonly queue: PipelineJobQueue;
  readonly dealCount: DealCountEstimate;
  /** Above this many deals (estimated), a question that needs the full path is answered as a job; 0: always. */
  readonly syncFullPathMaxDeals: number;
}
