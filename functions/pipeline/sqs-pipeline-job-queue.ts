import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { PipelineJobQueue } from '#core/pipeline/pipeline-job-repository.js';
import { requiredEnvironment } from '../shared/dependencies.js';

/** Sends `{ "jobId": "..." }` to the pipeline job queue; the pipeline-job Lambda takes it from there. */
export class SqsPipelineJobQueue implements PipelineJobQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly sqs = new SQSClient({}),
  ) {}

  async enqueue(jobId: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ jobId }) }));
  }
}

/** The queue of PIPELINE_JOB_QUEUE_URL (read at the first job, so a function without jobs needs none). */
export function sqsPipelineJobQueueFromEnvironment(): SqsPipelineJobQueue {
  return new SqsPipelineJobQueue(requiredEnvironment('PIPELINE_JOB_QUEUE_URL'));
}
