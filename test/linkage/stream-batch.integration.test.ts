/**
 * The stream handler recalculates a batch together, on DynamoDB Local: the history in one
 * batched write, every deal's links in one batched read, one transaction per deal however
 * many of its records the batch holds (or one for several deals when merging). A deal that
 * loses a race mid-batch is read again and counted once; a redelivered batch writes nothing.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repMonthOf } from '#core/linkage/rep-month.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { createStreamHandler, type StreamHandler } from '#functions/linkage/stream-handler.js';
import type { FailureSink } from '#functions/shared/failure-sink.js';
import { keys } from '#functions/store/keys.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { faultyDocumentClient } from '../support/fault-injection.js';
import { fixedClock } from '../support/fixed-clock.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';
import { opportunityStreamRecord } from '../support/stream-records.js';

const silent = new Logger({ logLevel: 'SILENT' });
const clock = fixedClock('2026-11-27T00:00:00.000Z');
const noPoison: FailureSink = { reportPoisonRecord: async () => {} };
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable('stream-batch');
});
afterAll(async () => {
  await table?.delete();
});

type Send = (command: { constructor: { name: string }; input: unknown }) => Promise<void>;

/** A handler whose DynamoDB calls are counted by command, `before` running ahead of each. */
function countingHandler(options: { mergeDealsUpTo?: number; before?: Send } = {}) {
  const { documentClient } = faultyDocumentClient(table.endpoint, { transactionConflict: 0, throttle: 0, random: () => 1 });
  const calls: string[] = [];
  const original = documentClient.send.bind(documentClient);
  documentClient.send = (async (command: Parameters<Send>[0]) => {
    calls.push(command.constructor.name);
    await options.before?.(command);
    return original(command as never);
  }) as typeof documentClient.send;
  const handler = createStreamHandler({
    documentClient,
    tableName: table.tableName,
    clock,
    failureSink: noPoison,
    logger: silent,
    ...(options.mergeDealsUpTo === undefined ? {} : { mergeDealsUpTo: options.mergeDealsUpTo }),
  });
  return { handler, calls };
}

/** Everything stored under a rep's month: its totals record and the links in it. */
async function monthItems(owner: { ownerId: string; closeDate: string }) {
  const { pk } = keys.repMonthRecord(repMonthOf(owner));
  const { Items = [] } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return Items;
}

async function deliver(handler: StreamHandler, records: DynamoDBRecord[]) {
  const { batchItemFailures } = await handler({ Records: records });
  expect(batchItemFailures).toEqual([]);
}

/** Three deals of one rep's month, each created, moved on and changed again. */
function threeDeals(owner: string) {
  const histories = ['a', 'b', 'c'].map((id) => {
    const created = anOpportunity({ id: `${owner}-${id}`, ownerId: owner, closeDate: '2016-01-31', stageId: 'prospecting' });
    const negotiating = nextVersion(created, '2016-01-10T09:00:00.000Z', { stageId: 'negotiation', amount: 2_000_000 });
    const won = nextVersion(negotiating, '2016-01-20T09:00:00.000Z', { stageId: 'closed-won', stageOutcome: 'won' });
    return [created, negotiating, won] as const;
  });
  const records = histories.flatMap(([created, negotiating, won]) => [
    opportunityStreamRecord(undefined, created),
    opportunityStreamRecord(created, negotiating),
    opportunityStreamRecord(negotiating, won),
  ]);
  return { histories, records };
}

/** Interleaves the records of several deals, each deal's kept in order, as a shard may hold them. */
function interleaved(records: readonly DynamoDBRecord[], perDeal: number): DynamoDBRecord[] {
  const deals = records.length / perDeal;
  return Array.from({ length: records.length }, (_, i) => records[(i % deals) * perDeal + Math.floor(i / deals)]!);
}

const wonTotals = { 'amount|closed-won|': 6_000_000, 'count|closed-won': 3 };

describe('a batch recalculated together', () => {
  it('writes the history once, reads every link once, and each deal in one transaction; a redelivery writes nothing', async () => {
    const { handler, calls } = countingHandler({ mergeDealsUpTo: 0 });
    const { histories, records } = threeDeals('kim');

    await deliver(handler, interleaved(records, 3));

    expect(calls.sort()).toEqual(['BatchGetCommand', 'BatchWriteCommand', ...Array(3).fill('TransactWriteCommand')]);
    const items = await monthItems(histories[0]![2]);
    expect(items.find((item) => item.sk === 'RECORD')).toMatchObject({ ...wonTotals, 'count|negotiation': 0, rev: 9 });
    expect(items.filter((item) => item.type === 'DealLink')).toMatchObject(
      histories.map(([, , won]) => ({ opportunityId: won.id, version: 3, live: true, stageId: 'closed-won' })),
    );

    // Act again: the same batch redelivered, then half of it.
    calls.length = 0;
    await deliver(handler, records);
    await deliver(handler, records.slice(4));

    expect(calls.filter((call) => call !== 'BatchWriteCommand' && call !== 'BatchGetCommand')).toEqual([]);
    expect(await monthItems(histories[0]![2])).toEqual(items);
  });

  it('reads again only the deal that lost a race mid-batch, and counts its change once', async () => {
    const { histories, records } = threeDeals('lee');
    const [b0, b1] = histories[1]!;
    const other = countingHandler();
    // Another delivery of b's second record (another invocation) commits just before the batch's transaction for b.
    let armed = false;
    let raced = false;
    const { handler, calls } = countingHandler({
      mergeDealsUpTo: 0,
      before: async (command) => {
        if (!armed || raced || command.constructor.name !== 'TransactWriteCommand' || !JSON.stringify(command.input).includes('lee-b'))
          return;
        raced = true;
        await deliver(other.handler, [opportunityStreamRecord(b0, b1)]);
      },
    });
    await deliver(
      handler,
      records.filter((_, i) => i % 3 === 0),
    );
    armed = true;

    await deliver(
      handler,
      records.filter((_, i) => i % 3 !== 0),
    );

    expect(raced).toBe(true);
    // The batch's read and b's again; b's transaction lost, then b's next record alone.
    expect(calls.filter((call) => call === 'BatchGetCommand')).toHaveLength(3);
    const record = (await monthItems(histories[0]![2])).find((item) => item.sk === 'RECORD');
    expect(record).toMatchObject({ ...wonTotals, 'count|negotiation': 0, rev: 9 });
  });

  it('merges the transactions of several deals into one, and falls back to each deal alone when that one loses a race', async () => {
    const { histories, records } = threeDeals('max');
    const lost: Opportunity[] = histories.map(([, , won]) => nextVersion(won, '2016-01-25T09:00:00.000Z', { amount: 3_000_000 }));
    const other = countingHandler();
    // Armed for the second batch: c's change committed by another invocation just before the batch's one transaction.
    let armed = false;
    const merged = countingHandler({
      mergeDealsUpTo: 50,
      before: async (command) => {
        if (!armed || command.constructor.name !== 'TransactWriteCommand') return;
        armed = false;
        await deliver(other.handler, [opportunityStreamRecord(histories[2]![2], lost[2])]);
      },
    });

    await deliver(merged.handler, interleaved(records, 3));

    expect(merged.calls.filter((call) => call === 'TransactWriteCommand')).toHaveLength(1);
    expect((await monthItems(histories[0]![2])).find((item) => item.sk === 'RECORD')).toMatchObject({ ...wonTotals, rev: 9 });

    merged.calls.length = 0;
    armed = true;
    await deliver(
      merged.handler,
      histories.map(([, , won], i) => opportunityStreamRecord(won, lost[i])),
    );

    // The merged one lost; a and b then alone, after one read of all three; c found applied.
    expect(merged.calls.filter((call) => call === 'TransactWriteCommand')).toHaveLength(3);
    expect(merged.calls.filter((call) => call === 'BatchGetCommand')).toHaveLength(2);
    expect((await monthItems(histories[0]![2])).find((item) => item.sk === 'RECORD')).toMatchObject({
      'amount|closed-won|': 9_000_000,
      'count|closed-won': 3,
      rev: 12,
    });
  });
});
