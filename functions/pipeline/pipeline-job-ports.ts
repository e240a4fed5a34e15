/**
 * The ports the pipeline routes answer jobs through, for the composition root. Each store
 * loads on first use (the SQS client only when a job is sent), so the API's entry chunk
 * holds none of them.
 */
import type { PipelineJobPorts } from '#core/pipeline/pipeline-job-repository.js';
import type { Dependencies } from '../shared/dependencies.js';
import { lazyPort } from '../shared/lazy-port.js';

/** Above this many deals (estimated), a question only a scan can answer is a job. */
export const DEFAULT_SYNC_FULL_PATH_MAX_DEALS = 10_000;

function syncFullPathMaxDealsFromEnvironment(): number {
  const text = process.env.PIPELINE_SYNC_FULL_PATH_MAX_DEALS;
  const value = text === undefined || text === '' ? Number.NaN : Number(text);
  return Number.isInteger(value) && value >= 0 ? value : DEFAULT_SYNC_FULL_PATH_MAX_DEALS;
}

export function pipelineJobPortsOf(deps: Dependencies): PipelineJobPorts {
  return {
    jobs: lazyPort(async () => new (await import('./pipeline-job-store.js')).PipelineJobStore(deps)),
    queue:
      deps.pipelineJobs?.queue ?? lazyPort(async () => (await import('./sqs-pipeline-job-queue.js')).sqsPipelineJobQueueFromEnvironment()),
    dealCount: lazyPort(async () => new (await import('./deal-count-estimate-store.js')).DealCountEstimateStore(deps)),
    syncFullPathMaxDeals: deps.pipelineJobs?.syncFullPathMaxDeals ?? syncFullPathMaxDealsFromEnvironment(),
  };
}
