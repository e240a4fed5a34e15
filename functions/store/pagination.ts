/**
 * Reading and writing past DynamoDB's per-request limits: opaque page cursors, every page
 * of a query, parallel scans, batch gets and writes of any size, and a bound on how many requests run at once.
 */
import pLimit from 'p-limit';
import { setTimeout as delay } from 'node:timers/promises';
import { BatchGetCommand, BatchWriteCommand, paginateScan, QueryCommand, type BatchWriteCommandInput, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError, type Page, type PageRequest } from '../../core/shared/page.js';
import type { Dependencies } from '../shared/dependencies.js';

type Item = Record<string, unknown>;
export type ItemKey = Record<string, string>;

/** How many queries or batch gets one request keeps in flight. */
export const READ_CONCURRENCY = 8;
const BATCH_GET_SIZE = 100;
const BATCH_WRITE_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;

/** The key attributes a cursor carries: the table key, plus the index key for an index query. */
export interface CursorShape {
  readonly attributes: readonly string[];
  /** Attributes whose value must equal the queried partition: a cursor cannot jump lists. */
  readonly fixed: Readonly<Record<string, string>>;
}

export function encodeCursor(key: ItemKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The start key a cursor stands for; InvalidCursorError for anything this list did not issue. */
export function decodeCursor(cursor: string, shape: CursorShape): ItemKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new InvalidCursorError();
  const entries = Object.entries(decoded);
  const expected = new Set(shape.attributes);
  if (entries.length !== expected.size) throw new InvalidCursorError();
  for (const [name, value] of entries) {
    if (!expected.has(name) || typeof value !== 'string' || value.length === 0) throw new InvalidCursorError();
    const fixed = shape.fixed[name];
    if (fixed !== undefined && value !== fixed) throw new InvalidCursorError();
  }
  return decoded as ItemKey;
}

function keyOf(item: Item, attributes: readonly string[]): ItemKey {
  return Object.fromEntries(attributes.map((name) => [name, String(item[name])]));
}

/**
 * One page of a query. It asks for one item more than the page holds, so the last page
 * says so (nextCursor null) instead of handing out a cursor to an empty page.
 */
export async function queryPage(deps: Dependencies, input: Omit<QueryCommandInput, 'TableName'>, page: PageRequest, shape: CursorShape): Promise<Page<Item>> {
  const startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, shape);
  try {
    const result = await deps.documentClient.send(
      new QueryCommand({ ...input, TableName: deps.tableName, Limit: page.limit + 1, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    const items = result.Items ?? [];
    const pageItems = items.slice(0, page.limit);
    const last = pageItems[pageItems.length - 1];
    // Fewer items than asked with a LastEvaluatedKey: the 1 MB response limit cut the page.
    const more = items.length > page.limit || result.LastEvaluatedKey !== undefined;
    return { items: pageItems, nextCursor: more && last ? encodeCursor(keyOf(last, shape.attributes)) : null };
  } catch (error) {
    // A well-formed cursor can still lie outside the queried range: DynamoDB rejects it.
    if (startKey && error instanceof Error && error.name === 'ValidationException' && /start(ing)? ?key/i.test(error.message)) {
      throw new InvalidCursorError();
    }
    throw error;
  }
}

/** Every item of a query, following LastEvaluatedKey to the end. */
export async function queryAll(deps: Dependencies, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await deps.documentClient.send(new QueryCommand({ ...input, TableName: deps.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Gets any number of items by key: batches of 100, a few in flight, unprocessed keys
 * (throttling) retried with backoff. Missing items are simply absent from the result.
 */
export async function batchGetAll(deps: Dependencies, itemKeys: readonly ItemKey[]): Promise<Item[]> {
  const batches: ItemKey[][] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_SIZE) batches.push(itemKeys.slice(start, start + BATCH_GET_SIZE));
  const results = await mapConcurrently(batches, READ_CONCURRENCY, async (batch) => {
    const found: Item[] = [];
    let pending: Record<string, unknown>[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`batch get throttled: ${pending.length} keys unprocessed`);
      if (attempt > 0) await delay(25 * 2 ** attempt);
      const result = await deps.documentClient.send(new BatchGetCommand({ RequestItems: { [deps.tableName]: { Keys: pending } } }));
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
  return batchWriteAll(deps, items.map((put) => ({ put })));
}

/**
 * A parallel scan: the table split in `segments` read side by side, each page handed to
 * `onPage` as it arrives, so a caller can fold a large table without holding all of it.
 */
export async function scanInSegments(
  deps: Dependencies,
  input: Omit<ScanCommandInput, 'TableName' | 'Segment' | 'TotalSegments' | 'ExclusiveStartKey'>,
  segments: number,
  onPage: (items: readonly Item[]) => void,
): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const pages = paginateScan({ client: deps.documentClient }, { ...input, TableName: deps.tableName, Segment: segment, TotalSegments: segments });
      for await (const page of pages) onPage(page.Items ?? []);
    }),
  );
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
export function mapConcurrently<T, R>(inputs: readonly T[], limit: number, map: (input: T) => Promise<R>): Promise<R[]> {
  return pLimit(limit).map(inputs, map);
}

