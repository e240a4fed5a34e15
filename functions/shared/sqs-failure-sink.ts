import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import type { FailureSink } from './failure-sink.js';

/**
 * Sends a poison stream record to the stream's failure queue, whole (keys, both images,
 * sequence number), so it can be inspected, fixed and replayed after the stream has
 * trimmed it.
 */
export class SqsFailureSink implements FailureSink {
  constructor(
    private readonly queueUrl: string,
    private readonly sqs = new SQSClient({}),
  ) {}

  async reportPoisonRecord(record: DynamoDBRecord, reason: string): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({ kind: 'PoisonStreamRecord', reason, record }),
      }),
    );
  }
}
