import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import type { FailureSink } from '#functions/shared/failure-sink.js';

/**
 * The local stand-in for the stream handler's SQS failure queue: each poison record is
 * appended as one JSON line (with everything needed to replay it) and logged, so it is
 * noticed rather than retried until it expires.
 */
export function createFileFailureSink(filePath: string, logger: Pick<Console, 'warn'> = console): FailureSink {
  return {
    async reportPoisonRecord(record: DynamoDBRecord, reason: string) {
      await mkdir(path.dirname(filePath), { recursive: true });
      await appendFile(filePath, `${JSON.stringify({ reportedAt: new Date().toISOString(), reason, record })}\n`);
      logger.warn(`poison stream record ${record.dynamodb?.SequenceNumber ?? '?'} recorded in ${filePath}: ${reason}`);
    },
  };
}
