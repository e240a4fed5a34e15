/** Lambda entry of the pipeline job worker (the SQS queue of PIPELINE_JOB_QUEUE_URL, see infra/). */
import { dependenciesFromEnvironment } from '../shared/dependencies.js';
import { createPipelineJobHandler, type PipelineJobHandler } from './pipeline-job-handler.js';

export const handler: PipelineJobHandler = createPipelineJobHandler(dependenciesFromEnvironment());
