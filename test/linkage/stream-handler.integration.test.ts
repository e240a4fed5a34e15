/**
 * The stream handler's batch contract: an opportunity's records in order, stopping at its
 * first failure and reporting it and the opportunity's records behind it, so Lambda
 * redelivers from there and no later version of a deal is applied before an earlier one;
 * other opportunities' records go on.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repMonthOf } from '#core/linkage/rep-month.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
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
  table = await createTestTable('stream-handler');
});
afterAll(async () => {
  await table?.delete();
});

async function linkOf(opportunityId: string, owner: { ownerId: string; closeDate: string }) {
  const { Item } = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: keys.dealLink(repMonthOf(owner), opportunityId), ConsistentRead: true }),
  );
  return Item;
}

describe('stream handler batches', () => {
  it("stops an opportunity's records at its first failure, reports them, and goes on with other opportunities", async () => {
    // Prepare: the second record's writes are throttled, the others would succeed.
    let failNext = false;
    const { documentClient } = faultyDocumentClient(table.endpoint, {
      transactionConflict: 0,
      throttle: 1,
      random: () => (failNext ? 0 : 1),
    });
    const handler = createStreamHandler({ documentClient, tableName: table.tableName, clock, failureSink: noPoison, logger: silent });
    // The other deals are renamed, not created: a rename records no history and no creation,
    // so the batch's one history write is about the second deal only.
    const firstCreated = anOpportunity({ id: 'first', ownerId: 'kim' });
    const first = nextVersion(firstCreated, '2016-01-06T09:00:00.000Z', { name: 'First, renamed' });
    const second = anOpportunity({ id: 'second', ownerId: 'kim' });
    const secondMoved = nextVersion(second, '2016-01-06T09:00:00.000Z', { closeDate: '2016-03-01' });
    const thirdCreated = anOpportunity({ id: 'third', ownerId: 'kim' });
    const third = nextVersion(thirdCreated, '2016-01-06T09:00:00.000Z', { name: 'Third, renamed' });
    const records = [
      opportunityStreamRecord(firstCreated, first),
      opportunityStreamRecord(undefined, second),
      opportunityStreamRecord(second, secondMoved),
      opportunityStreamRecord(thirdCreated, third),
    ];
    const failing = records[1]!.dynamodb!.SequenceNumber!;

    // Act: throttle the first call about the second deal only; a third record processed
    // after the failure would succeed, and its link would show.
    const original = documentClient.send.bind(documentClient);
    let throttled = false;
    documentClient.send = ((command: never) => {
      failNext = !throttled && JSON.stringify(command).includes('second');
      throttled ||= failNext;
      return original(command);
    }) as typeof documentClient.send;
    const response = await handler({ Records: records });

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([failing, records[2]!.dynamodb!.SequenceNumber]);
    expect(await linkOf('first', first)).toMatchObject({ live: true, version: 2 });
    expect(await linkOf('second', secondMoved)).toBeUndefined();
    expect(await linkOf('third', third)).toMatchObject({ live: true, version: 2 });
  });

  it('applies a redelivered batch once, however often it comes, and counts the replays', async () => {
    const counted = new Map<string, number>();
    const metrics = {
      addMetric: (name: string, _unit: string, value: number) => void counted.set(name, (counted.get(name) ?? 0) + value),
      publishStoredMetrics: () => {},
    } as unknown as Metrics;
    const handler = createStreamHandler({ ...table.dependencies(clock), failureSink: noPoison, logger: silent, metrics });
    const created = anOpportunity({ id: 'repeated', ownerId: 'lee', stageId: 'negotiation' });
    const won = nextVersion(created, '2016-02-01T09:00:00.000Z', { stageId: 'closed-won', stageOutcome: 'won' });
    const records = [opportunityStreamRecord(undefined, created), opportunityStreamRecord(created, won)];

    for (let delivery = 0; delivery < 3; delivery++) expect((await handler({ Records: records })).batchItemFailures).toEqual([]);

    const { Item: record } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.repMonthRecord(repMonthOf(won)), ConsistentRead: true }),
    );
    expect(record).toMatchObject({ 'amount|closed-won|': 4_000_000, 'count|closed-won': 1, 'amount|negotiation|': 0, rev: 2 });
    expect(Object.fromEntries(counted)).toEqual({ OpportunityChangesApplied: 2, ReplayedRecordsIgnored: 4, RecordsFailed: 0 });
    expect(await linkOf('repeated', won)).toMatchObject({
      version: 2,
      quality: { closedAt: '2016-02-01T09:00:00.000Z', lastStageChangeAt: '2016-02-01T09:00:00.000Z' },
    });
  });
});
