import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PIPELINE_JOB_CONCURRENCY, PIPELINE_JOB_MEMORY_MB } from './lambda-sizing.js';
import { NodeFunction } from './node-function.js';

/** The worker's timeout: the Lambda maximum, for a scan of the whole table (72-84 s at 100,000 deals locally). */
export const PIPELINE_JOB_TIMEOUT = Duration.minutes(15);

/**
 * How long a received job message stays invisible to other workers: six times the worker's
 * timeout, AWS's guidance for an SQS event source (Lambda retries a throttled batch within
 * it), so a message is never handed to a second worker while the first may still run it.
 */
export const PIPELINE_JOB_VISIBILITY_TIMEOUT = Duration.minutes(6 * PIPELINE_JOB_TIMEOUT.toMinutes());

/** Receives of a message before it goes to the dead-letter queue: the first run and one retry. */
export const PIPELINE_JOB_MAX_RECEIVE_COUNT = 2;

/** The environment variable that gives the API function the queue's URL. */
export const PIPELINE_JOB_QUEUE_URL_VARIABLE = 'PIPELINE_JOB_QUEUE_URL';

/** The API's threshold (functions/pipeline/pipeline-job-ports.ts): deals above which a question only a scan answers is a job. */
export const PIPELINE_SYNC_FULL_PATH_MAX_DEALS_VARIABLE = 'PIPELINE_SYNC_FULL_PATH_MAX_DEALS';

export interface PipelineJobsProps {
  readonly table: dynamodb.ITableV2;
  /**
   * The customer managed key of the table, also used for the worker's log group.
   * @default - AWS owned keys
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The asynchronous pipeline jobs (docs/api.md, "Pipeline jobs"): a time-travel question too
 * large to answer within API Gateway's 30 s is stored as a job item, and the API sends its id
 * (`{ "jobId": … }`) to this queue; the worker takes one message per invocation, runs the job
 * with the requester's access and writes the result (or the problem) to the job item.
 *
 * A message whose job failed twice (the worker threw or timed out, and the job's own retries
 * did not help) lands in the dead-letter queue and an alarm fires (operational-alarms.ts).
 * The queue is in this stack: its messages hold only a job id, and a job expires in 24 h.
 */
export class PipelineJobs extends Construct {
  readonly queue: sqs.Queue;
  /** Job messages received PIPELINE_JOB_MAX_RECEIVE_COUNT times without success. */
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: NodeFunction;

  constructor(scope: Construct, id: string, props: PipelineJobsProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      // Longer than the queue's, as SQS requires (a message keeps its first enqueue time), and
      // the longest it allows: someone looks at these.
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: the pipeline job queue's redrive target. A dead-letter queue behind it " +
        'would only move the failed jobs the alarm asks someone to look at.',
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      visibilityTimeout: PIPELINE_JOB_VISIBILITY_TIMEOUT,
      // A job expires 24 h after creation; its message is no use after that.
      retentionPeriod: Duration.days(1),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: PIPELINE_JOB_MAX_RECEIVE_COUNT },
    });

    this.worker = new NodeFunction(this, 'Worker', {
      entry: 'pipeline-job',
      serviceName: 'pipeline-job',
      description: 'Runs the asynchronous pipeline jobs (time travel, change, on-demand snapshots too large for the API)',
      memorySize: PIPELINE_JOB_MEMORY_MB,
      timeout: PIPELINE_JOB_TIMEOUT,
      // Never more at once than the event source below invokes: at most this many full scans
      // run together, and the rest of the account's concurrency stays the API's and the stream's.
      reservedConcurrentExecutions: PIPELINE_JOB_CONCURRENCY,
      ...(props.encryptionKey ? { logEncryptionKey: props.encryptionKey } : {}),
    });
    // It reads the whole table and writes the job item (progress, result, lease).
    this.worker.bindTable(props.table, 'readWrite', undefined, props.encryptionKey);

    // The event source grants the worker, and only it, the consumer's actions on the queue.
    this.worker.addEventSource(
      new SqsEventSource(this.queue, {
        // One job per invocation: each may take the whole timeout.
        batchSize: 1,
        // The handler reports a failed job's message instead of throwing, so only it is retried.
        reportBatchItemFailures: true,
        // Equal to the reserved concurrency: the pollers never invoke more workers than may run,
        // so no message is throttled back to the queue (each throttle would count as a receive
        // towards the dead-letter queue).
        maxConcurrency: PIPELINE_JOB_CONCURRENCY,
      }),
    );
  }

  /**
   * Lets `sender` (the API) send job messages (sqs:SendMessage, nothing else) and tells it the
   * queue's URL, and the deals above which a scan is a job when `syncFullPathMaxDeals` is given.
   */
  allowSending(sender: NodeFunction, syncFullPathMaxDeals?: number): void {
    sender.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    sender.addEnvironment(PIPELINE_JOB_QUEUE_URL_VARIABLE, this.queue.queueUrl);
    if (syncFullPathMaxDeals === undefined) return;
    if (!Number.isInteger(syncFullPathMaxDeals) || syncFullPathMaxDeals < 0) {
      throw new Error(`pipelineSyncFullPathMaxDeals must be a whole number of deals, 0 or more: ${syncFullPathMaxDeals}`);
    }
    sender.addEnvironment(PIPELINE_SYNC_FULL_PATH_MAX_DEALS_VARIABLE, String(syncFullPathMaxDeals));
  }
}
