/**
 * What DynamoDB Local itself sustains: PutItem of opportunity-sized items into a table of
 * its own (no stream, no index), from one client at the benchmark's concurrency. The
 * end-to-end rate is judged against it.
 */
import { performance } from 'node:perf_hooks';
import {
  type AttributeValue,
  CreateTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { forEachConcurrently } from './concurrency.js';

export interface RawPutResult {
  readonly items: number;
  readonly concurrency: number;
  /** DynamoDB's item size (attribute names plus values) of each item written. */
  readonly itemBytes: number;
  readonly seconds: number;
  readonly itemsPerSecond: number;
}

export const RAW_TABLE_NAME = 'bench-raw-puts';
const ITEM_BYTES = 600;

export async function measureRawPutRate(
  client: DynamoDBClient,
  { items, concurrency }: { items: number; concurrency: number },
): Promise<RawPutResult> {
  await client.send(
    new CreateTableCommand({
      TableName: RAW_TABLE_NAME,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: RAW_TABLE_NAME });
  const put = (key: string) => client.send(new PutItemCommand({ TableName: RAW_TABLE_NAME, Item: itemOf(key) }));

  // The JIT of both processes warms up on keys of their own before the clock starts.
  const warmUp = Math.min(500, Math.ceil(items / 10));
  await forEachConcurrently([...Array(warmUp).keys()], concurrency, (index) => put(`WARMUP#${index}`).then(() => undefined));

  const startedAt = performance.now();
  await forEachConcurrently([...Array(items).keys()], concurrency, (index) => put(`RAW#${index}`).then(() => undefined));
  const seconds = (performance.now() - startedAt) / 1000;
  return { items, concurrency, itemBytes: itemSize(itemOf('RAW#0')), seconds, itemsPerSecond: items / seconds };
}

/** An opportunity-like item padded to ITEM_BYTES. */
function itemOf(key: string): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    pk: { S: `OPP#${key}` },
    sk: { S: 'OPPORTUNITY' },
    name: { S: 'Globex support upgrade' },
    account: { S: 'Globex' },
    ownerId: { S: 'rep-0042' },
    stageId: { S: 'proposal-made' },
    closeDate: { S: '2026-03-14' },
    amount: { N: '4250000' },
    version: { N: '3' },
    updatedAt: { S: '2026-02-01T10:11:12.345Z' },
  };
  item.closePlan = { S: 'x'.repeat(Math.max(0, ITEM_BYTES - itemSize(item) - 'closePlan'.length)) };
  return item;
}

/** DynamoDB's item size for strings and numbers: name bytes plus value bytes (numbers: about a byte per two digits, plus one). */
function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((size, [name, value]) => {
    const valueSize = value.S !== undefined ? Buffer.byteLength(value.S) : value.N !== undefined ? Math.ceil(value.N.length / 2) + 1 : 0;
    return size + Buffer.byteLength(name) + valueSize;
  }, 0);
}
