import type { DynamoDBRecord } from 'aws-lambda';

/**
 * When the change a stream record carries was made, as a UTC instant: the record's
 * `ApproximateCreationDateTime` (epoch seconds, as Lambda delivers it), else `fallback`.
 * A hard delete has no `updatedAt` of its own, and the handler's clock would date it by
 * when the record was processed — late by the stream's backlog, and again on every retry.
 */
export function recordInstantOf(record: DynamoDBRecord, fallback: Date): string {
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  const instant = typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : fallback;
  return instant.toISOString();
}
