/**
 * A hard delete (an item removed around the API) through the stream handler: the deal's
 * last image is kept as a tombstone, dated by the stream record's creation time rather
 * than by when the record was processed, so its past can still be rebuilt; a replay
 * changes nothing, and reconcile sees nothing wrong in the history items.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repMonthOf } from '#core/linkage/rep-month.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { reconcileDerivedRecords } from '#core/reconcile/reconcile-derived-records.js';
import { auditSubjects } from '#core/shared/audit-entry.js';
import { removedOpportunityFromItem } from '#functions/linkage/deal-link-store.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { RepStore } from '#functions/organisation/rep-store.js';
import { StageConfigurationStore } from '#functions/organisation/stage-configuration-store.js';
import { ReconcileStore } from '#functions/reconcile/reconcile-store.js';
import type { FailureSink } from '#functions/shared/failure-sink.js';
import { keys } from '#functions/store/keys.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';
import { setupAudit } from '../support/setup-audit.js';
import { opportunityStreamRecord } from '../support/stream-records.js';

const silent = new Logger({ logLevel: 'SILENT' });
const noPoison: FailureSink = { reportPoisonRecord: async () => {} };
/** The handler runs long after the changes: its clock must not date them. */
const clock = fixedClock('2026-11-27T00:00:00.000Z');
let table: TestTable;
/** The last image of the deal the first test removes; the second delivers its removal again. */
let goneLast: Opportunity;

beforeAll(async () => {
  table = await createTestTable('stream-hard-delete');
});
afterAll(async () => {
  await table?.delete();
});

function handler() {
  return createStreamHandler({ ...table.dependencies(clock), failureSink: noPoison, logger: silent });
}

/** A REMOVE record as Lambda delivers it, created at `createdAt` (epoch seconds on the wire). */
function removeRecord(last: Opportunity, createdAt?: string): DynamoDBRecord {
  const record = opportunityStreamRecord(last, undefined);
  if (createdAt !== undefined) record.dynamodb!.ApproximateCreationDateTime = Date.parse(createdAt) / 1000;
  return record;
}

/** A deal created and moved to negotiation, through the handler. */
async function dealInNegotiation(id: string, movedAt: string): Promise<Opportunity> {
  const created = anOpportunity({ id, ownerId: 'kim' });
  const moved = nextVersion(created, movedAt, { stageId: 'negotiation' });
  const { batchItemFailures } = await handler()({
    Records: [opportunityStreamRecord(undefined, created), opportunityStreamRecord(created, moved)],
  });
  expect(batchItemFailures).toEqual([]);
  return moved;
}

async function tombstoneOf(id: string): Promise<Record<string, unknown> | undefined> {
  return (
    await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: keys.removedOpportunity(id), ConsistentRead: true }))
  ).Item;
}

async function historyOf(id: string): Promise<Record<string, unknown>[]> {
  const { pk, skPrefix } = keys.fieldHistoryPrefix(id);
  const { Items } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

async function everyItem(): Promise<Record<string, unknown>[]> {
  const { Items } = await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
  return (Items ?? []).sort((a, b) => `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`));
}

describe('hard delete through the stream', () => {
  it('keeps the last image as a deleted version dated by the record, in no index', async () => {
    // Prepare
    const last = await dealInNegotiation('gone', '2016-01-20T10:00:00.000Z');
    goneLast = last;

    // Act
    const { batchItemFailures } = await handler()({ Records: [removeRecord(last, '2016-02-03T08:30:00.000Z')] });

    // Assess
    expect(batchItemFailures).toEqual([]);
    const removed: Opportunity = { ...last, deleted: true, version: 3, updatedAt: '2016-02-03T08:30:00.000Z' };
    const tombstone = await tombstoneOf('gone');
    expect(tombstone).toEqual({ ...keys.removedOpportunity('gone'), type: 'RemovedOpportunity', ...removed });
    expect(removedOpportunityFromItem(tombstone ?? {})).toEqual(removed);
    expect((await historyOf('gone')).filter((change) => change.field === 'deleted')).toMatchObject([
      { oldValue: false, newValue: true, changedAt: '2016-02-03T08:30:00.000Z', version: 3 },
    ]);
    const link = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.dealLink(repMonthOf(last), 'gone'), ConsistentRead: true }),
    );
    expect(link.Item).toMatchObject({ live: false, version: 3 });
  });

  it('changes nothing when the same removal is delivered again, later', async () => {
    // Prepare: the removal of the previous test was applied.
    const before = await everyItem();
    clock.advanceBy(60 * 60 * 1000);

    // Act
    const { batchItemFailures } = await handler()({ Records: [removeRecord(goneLast, '2016-02-03T08:30:00.000Z')] });

    // Assess
    expect(batchItemFailures).toEqual([]);
    expect(await everyItem()).toEqual(before);
  });

  it('keeps the first tombstone when a replay comes dated otherwise', async () => {
    // Prepare: a removal record without a creation time, dated by the clock on each delivery.
    const last = await dealInNegotiation('undated', '2016-01-21T10:00:00.000Z');
    clock.set('2026-11-27T01:00:00.000Z');
    await handler()({ Records: [removeRecord(last)] });
    clock.set('2026-11-28T01:00:00.000Z');

    // Act
    const { batchItemFailures } = await handler()({ Records: [removeRecord(last)] });

    // Assess
    expect(batchItemFailures).toEqual([]);
    expect(await tombstoneOf('undated')).toMatchObject({ deleted: true, version: 3, updatedAt: '2026-11-27T01:00:00.000Z' });
  });

  it('dates a removal no earlier than the version it removes (the record time is rounded down)', async () => {
    // Prepare: the last version was written half a minute into the minute the record is dated by.
    const last = await dealInNegotiation('same-minute', '2016-01-22T10:00:30.500Z');

    // Act
    await handler()({ Records: [removeRecord(last, '2016-01-22T10:00:00.000Z')] });

    // Assess
    expect(await tombstoneOf('same-minute')).toMatchObject({ deleted: true, version: 3, updatedAt: '2016-01-22T10:00:30.500Z' });
    expect((await historyOf('same-minute')).filter((change) => change.field === 'deleted')).toMatchObject([
      { changedAt: '2016-01-22T10:00:30.500Z', version: 3 },
    ]);
  });

  it('keeps a soft-deleted deal as it was when its item is then removed', async () => {
    // Prepare
    const open = await dealInNegotiation('soft-then-hard', '2016-01-23T10:00:00.000Z');
    const softDeleted = nextVersion(open, '2016-01-25T10:00:00.000Z', { deleted: true });
    await handler()({ Records: [opportunityStreamRecord(open, softDeleted)] });

    // Act
    await handler()({ Records: [removeRecord(softDeleted, '2016-03-01T00:00:00.000Z')] });

    // Assess
    expect(removedOpportunityFromItem((await tombstoneOf('soft-then-hard')) ?? {})).toEqual(softDeleted);
    expect((await historyOf('soft-then-hard')).filter((change) => change.field === 'deleted').map((change) => change.changedAt)).toEqual([
      '2016-01-25T10:00:00.000Z',
    ]);
  });

  it('leaves tombstones, version items and snapshots out of reconcile: no drift, nothing invalid', async () => {
    // Prepare: a live deal, and every kind of history item beside the removed deals above.
    const deps = table.dependencies(clock);
    const alive = await dealInNegotiation('alive', '2016-01-24T10:00:00.000Z');
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: opportunityToItem(alive) }));
    const stages = { stages: DEFAULT_STAGES.stages, version: 1, updatedAt: '2016-01-01T00:00:00.000Z' };
    await new StageConfigurationStore(deps).save(stages, 0, setupAudit(auditSubjects.stageConfiguration(), stages, stages.updatedAt));
    const kim = {
      id: 'kim',
      name: 'Kim',
      email: 'kim@example.com',
      teamId: 'emea',
      managerId: null,
      active: true,
      version: 1,
      updatedAt: '2016-01-01T00:00:00.000Z',
    };
    await new RepStore(deps).save(kim, null, setupAudit(auditSubjects.rep('kim'), kim, kim.updatedAt));
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.pipelineSnapshot('2016-02-01T00:00:00.000Z', 'company'), total: { amount: 0 } },
      }),
    );
    const kinds = new Set(
      (await everyItem()).map((item) => (String(item.pk).startsWith('AUDIT#') ? 'AUDIT' : String(item.sk).replace(/#.*/, '#'))),
    );
    expect([...kinds].sort()).toEqual([
      'AUDIT',
      'CREATED',
      'DEAL#',
      'DEALS#',
      'HISTORY#',
      'OPPORTUNITY',
      'RECORD',
      'REMOVED',
      'REP',
      'SCOPE#',
      'STAGES',
      'STAGES#',
      'VERSION#',
    ]);

    // Act
    const summary = await reconcileDerivedRecords(new ReconcileStore(deps), { repair: false });

    // Assess
    expect(summary).toMatchObject({ driftCount: 0, invalidItems: [] });
    expect(summary.checked.opportunities).toBe(1);
  });
});
