/** Batch gets and writes of any size: DynamoDB's batches of 100 and 25, unprocessed requests retried with backoff. */
import { setTimeout as delay } from 'node:timers/promises';
import { BatchGetCommand, BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dependencies } from '../shared/dependencies.js';
import { mapConcurrently, READ_CONCURRENCY } from './concurrency.js';
import type { ItemKey } from './query-pages.js';

type Item = Record<string, unknown>;

const BATCH_GET_SIZE = 100;
const BATCH_WRITE_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;

/**
 * Gets any number of items by key: batches of 100, a few in flight, unprocessed keys
 * (throttling) retried with backoff. Missing items are simply absent from the result.
 */
export async function batchGetAll(
  deps: Dependencies,
  itemKeys: readonly ItemKey[],
  { consistentRead = false }: { readonly consistentRead?: boolean } = {},
): Promise<Item[]> {
  const batches: ItemKey[][] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_SIZE) batches.push(itemKeys.slice(start, start + BATCH_GET_SIZE));
  const results = await mapConcurrently(batches, READ_CONCURRENCY, async (batch) => {
    const found: Item[] = [];
    let pending: Record<string, unknown>[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`batch get throttled: ${pending.length} keys unprocessed`);
      if (attempt > 0) await delay(25 * 2 ** attempt);
      const result = await deps.documentClient.send(
        new BatchGetCommand({
          RequestItems: { [deps.tableName]: { Keys: pending, ...(consistentRead ? { ConsistentRead: true } : {}) } },
        }),
      );
      found.push(...(result.Responses?.[deps.tableName] ?? []));
      pending = result.UnprocessedKeys?.[deps.tableName]?.Keys ?? [];
    }
    return found;
  });
  return results.flat();
}

/** One request of a batch write: put an item, or delete one by key. */
export type WriteRequest = { readonly put: Item } | { readonly delete: ItemKey };

/**
 * Writes any number of puts and deletes: batches of 25, one after another, unprocessed
 * requests (throttling) retried with backoff.
 */
export async function batchWriteAll(deps: Dependencies, requests: readonly WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_SIZE) {
    let pending: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = requests
      .slice(start, start + BATCH_WRITE_SIZE)
      .map((request) => ('put' in request ? { PutRequest: { Item: request.put } } : { DeleteRequest: { Key: request.delete } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`batch write throttled: ${pending.length} requests unprocessed`);
      if (attempt > 0) await delay(25 * 2 ** attempt);
      const result = await deps.documentClient.send(new BatchWriteCommand({ RequestItems: { [deps.tableName]: pending } }));
      pending = result.UnprocessedItems?.[deps.tableName] ?? [];
    }
  }
}

/** Puts any number of items (see batchWriteAll). */
export function batchPutAll(deps: Dependencies, items: readonly Item[]): Promise<void> {
  return batchWriteAll(
    deps,
    items.map((put) => ({ put })),
  );
}
