import type { DynamoDBRecord } from 'aws-lambda';

/**
 * Where a stream record goes that can never succeed (an image that fails validation:
 * somebody wrote straight to the table). It is reported with everything needed to replay
 * it, instead of being retried until it expires. On AWS: the stream's SQS failure queue.
 */
export interface FailureSink {
  reportPoisonRecord(record: DynamoDBRecord, reason: string): Promise<void>;
}
