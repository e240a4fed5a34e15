/** Delivering a shard's stream records to the handler as Lambda does, with its at-least-once failure modes (the property tests). */
import type { DynamoDBRecord } from 'aws-lambda';
import type { createStreamHandler } from '#functions/linkage/stream-handler.js';

/**
 * Delivers one shard's records like Lambda's event source mapping, with its at-least-once
 * failure modes: random batch sizes; redelivery from the first reported failure; a batch
 * that succeeded sometimes delivered again whole; sometimes an earlier stretch replayed;
 * and, at the end, a stale batch of earlier records arriving last, as from an invocation
 * that timed out and was retried while it was still running.
 */
export async function deliverLikeLambda(
  records: readonly DynamoDBRecord[],
  handler: ReturnType<typeof createStreamHandler>,
  random: () => number,
): Promise<void> {
  let position = 0;
  let invocations = 0;
  while (position < records.length) {
    if (++invocations > 2_000) throw new Error('delivery did not converge');
    const size = 1 + Math.floor(random() * 5);
    const batch = records.slice(position, position + size);
    const { batchItemFailures } = await handler({ Records: [...batch] });
    // Lambda checkpoints at the lowest failed sequence number; the handler lists failures in
    // the order they happened, so deals processed side by side may report a later one first.
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    const failedAt = batch.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    if (failedAt >= 0) {
      position += failedAt;
      continue;
    }
    if (random() < 0.2) await handler({ Records: [...batch] });
    position += batch.length;
    if (random() < 0.1) position = Math.max(0, position - 1 - Math.floor(random() * 4));
  }
  if (records.length > 0 && random() < 0.5) {
    const from = Math.floor(random() * records.length);
    await handler({ Records: records.slice(from, from + 1 + Math.floor(random() * 3)) });
  }
}
