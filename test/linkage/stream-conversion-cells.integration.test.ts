/**
 * The deal conversion cells through the real stream handler on DynamoDB Local: a deal won
 * from a lead lands in its owner's cells by creation month and stage-entry months; a move
 * of owner or close month and a delete move its counters; a replayed record adds nothing.
 * Reconcile finds a cell changed behind the stream's back and rewrites it, after which a
 * replay still adds nothing; and the upgrade step: links stored before the counters get
 * their cells from one `reconcile --repair`, and the stream keeps them exact from there.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealCounterKey, funnelCounterKey } from '#core/conversion/counter-keys.js';
import { repMonthOf } from '#core/linkage/rep-month.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { reconcileDerivedRecords } from '#core/reconcile/reconcile-derived-records.js';
import type { Counters } from '#core/shared/counters.js';
import { cellFromItem } from '#functions/conversion/conversion-cell-item.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { ReconcileStore } from '#functions/reconcile/reconcile-store.js';
import type { FailureSink } from '#functions/shared/failure-sink.js';
import { keys } from '#functions/store/keys.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';
import { opportunityStreamRecord } from '../support/stream-records.js';

const clock = fixedClock('2026-11-27T00:00:00.000Z');
const noPoison: FailureSink = {
  reportPoisonRecord: async (_record, reason) => {
    throw new Error(`unexpected poison record: ${reason}`);
  },
};
let table: TestTable;
let handle: ReturnType<typeof createStreamHandler>;

beforeAll(async () => {
  table = await createTestTable('stream-conversion');
  handle = createStreamHandler({
    ...table.dependencies(clock),
    failureSink: noPoison,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
});
afterAll(async () => {
  await table?.delete();
});

/** Delivers the writes as one batch each, and keeps each written opportunity item as the API would. */
async function deliver(...writes: ReadonlyArray<readonly [Opportunity | undefined, Opportunity | undefined]>): Promise<void> {
  for (const [before, after] of writes) {
    const { batchItemFailures } = await handle({ Records: [opportunityStreamRecord(before, after)] });
    expect(batchItemFailures).toEqual([]);
    const subject = (after ?? before)!;
    if (after)
      await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.opportunity(subject.id), ...after } }));
    else await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: keys.opportunity(subject.id) }));
  }
}

/** The deal cells of a month, by rep, counters without zeros. */
async function dealCells(month: string): Promise<Record<string, Counters>> {
  const { Items = [] } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      ConsistentRead: true,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.conversionMonthPartition(month).pk },
    }),
  );
  const cells: Record<string, Counters> = {};
  for (const cell of Items.map(cellFromItem)) {
    if (cell.kind === 'deals' && Object.keys(cell.counters).length > 0) cells[cell.repId] = cell.counters;
  }
  return cells;
}

const fromLead = (counter: Parameters<typeof dealCounterKey>[0]) => dealCounterKey(counter, 'lead', 'web', 'c:spring');
const DAY = 24 * 60 * 60;

describe('deal conversion cells kept by the stream', () => {
  const created = anOpportunity({
    id: 'from-lead',
    ownerId: 'kim',
    stageId: 'prospecting',
    amount: 20_000,
    closeDate: '2026-03-20',
    leadId: 'l1',
    leadSource: 'web',
    campaignId: 'spring',
    createdAt: '2026-01-31T12:00:00.000Z',
    updatedAt: '2026-01-31T12:00:00.000Z',
  });
  const negotiating = nextVersion(created, '2026-02-02T12:00:00.000Z', { stageId: 'negotiation' });
  const won = nextVersion(negotiating, '2026-03-04T12:00:00.000Z', { stageId: 'closed-won', stageOutcome: 'won' });

  it('puts a deal won from a lead in its creation month and in the months it entered each stage', async () => {
    await deliver([undefined, created], [created, negotiating], [negotiating, won]);

    expect(await dealCells('2026-01')).toEqual({
      kim: {
        [fromLead('count')]: 1,
        [fromLead('won')]: 1,
        [fromLead('wonAmount')]: 20_000,
        [fromLead('closeSeconds')]: 32 * DAY,
        [funnelCounterKey('reached', 'prospecting')]: 1,
        [funnelCounterKey('then', 'prospecting', 'negotiation')]: 1,
        [funnelCounterKey('then', 'prospecting', 'closed-won')]: 1,
        [funnelCounterKey('won', 'prospecting')]: 1,
        [funnelCounterKey('stageSeconds', 'prospecting')]: 2 * DAY,
        [funnelCounterKey('stageExits', 'prospecting')]: 1,
      },
    });
    expect(await dealCells('2026-02')).toEqual({
      kim: {
        [funnelCounterKey('reached', 'negotiation')]: 1,
        [funnelCounterKey('then', 'negotiation', 'closed-won')]: 1,
        [funnelCounterKey('won', 'negotiation')]: 1,
        [funnelCounterKey('stageSeconds', 'negotiation')]: 30 * DAY,
        [funnelCounterKey('stageExits', 'negotiation')]: 1,
      },
    });
    expect(await dealCells('2026-03')).toEqual({
      kim: { [funnelCounterKey('reached', 'closed-won')]: 1, [funnelCounterKey('won', 'closed-won')]: 1 },
    });
  });

  it('adds nothing when the records come again', async () => {
    const before = [await dealCells('2026-01'), await dealCells('2026-02'), await dealCells('2026-03')];
    await handle({
      Records: [
        opportunityStreamRecord(undefined, created),
        opportunityStreamRecord(created, negotiating),
        opportunityStreamRecord(negotiating, won),
      ],
    });
    expect([await dealCells('2026-01'), await dealCells('2026-02'), await dealCells('2026-03')]).toEqual(before);
  });

  it('moves the counters to the new owner, leaves them on a close-month move, and takes them away on delete', async () => {
    const kimsJanuary = (await dealCells('2026-01')).kim;
    const reassigned = nextVersion(won, '2026-03-05T12:00:00.000Z', { ownerId: 'lee' });
    await deliver([won, reassigned]);
    expect(await dealCells('2026-01')).toEqual({ lee: kimsJanuary });

    const slipped = nextVersion(reassigned, '2026-03-06T12:00:00.000Z', { closeDate: '2026-05-02' });
    await deliver([reassigned, slipped]);
    expect(await dealCells('2026-01')).toEqual({ lee: kimsJanuary });

    const deleted = nextVersion(slipped, '2026-03-07T12:00:00.000Z', { deleted: true });
    await deliver([slipped, deleted]);
    expect([await dealCells('2026-01'), await dealCells('2026-02'), await dealCells('2026-03')]).toEqual([{}, {}, {}]);
  });
});

describe('reconcile of the deal cells', () => {
  const deal = anOpportunity({
    id: 'checked',
    ownerId: 'ann',
    stageId: 'proposal-made',
    amount: 7_000,
    closeDate: '2026-06-10',
    createdAt: '2026-04-01T09:00:00.000Z',
    updatedAt: '2026-04-01T09:00:00.000Z',
  });

  it("reports a cell changed behind the stream's back, rewrites it, and a replay afterwards adds nothing", async () => {
    // Prepare
    await deliver([undefined, deal]);
    const expected = await dealCells('2026-04');
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.conversionDealCell('2026-04', 'ann'),
        UpdateExpression: 'ADD #won :three',
        ExpressionAttributeNames: { '#won': dealCounterKey('won', 'other', null, '') },
        ExpressionAttributeValues: { ':three': 3 },
      }),
    );
    const store = new ReconcileStore(table.dependencies(clock));

    // Act
    const found = await reconcileDerivedRecords(store, { repair: true });

    // Assess
    expect(found.drift.map((d) => `${d.kind} ${d.repMonth.repId} ${d.repMonth.month}`)).toEqual(['conversion-cell ann 2026-04']);
    expect(found).toMatchObject({ repaired: 1, changedMeanwhile: 0 });
    expect(found.checked.cells).toBeGreaterThan(0);
    expect(await dealCells('2026-04')).toEqual(expected);

    await handle({ Records: [opportunityStreamRecord(undefined, deal)] });
    expect(await dealCells('2026-04')).toEqual(expected);
    expect((await reconcileDerivedRecords(store, { repair: false })).driftCount).toBe(0);
  });

  it('upgrade: links stored before the counters get their cells from one repair, and the stream keeps them exact after it', async () => {
    // Prepare: a deal from a lead, its link written the way the stream wrote links before
    // the counters (no lead, source, campaign or path), and no cells.
    const old = anOpportunity({
      id: 'old',
      ownerId: 'bo',
      stageId: 'prospecting',
      amount: 3_000,
      closeDate: '2026-08-10',
      leadId: 'l9',
      leadSource: 'event',
      createdAt: '2026-07-01T09:00:00.000Z',
      updatedAt: '2026-07-01T09:00:00.000Z',
    });
    await deliver([undefined, old]);
    const linkKey = keys.dealLink(repMonthOf(old), 'old');
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: linkKey,
        UpdateExpression: 'REMOVE leadId, leadSource, campaignId, campaign, stagePath',
      }),
    );
    await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: keys.conversionDealCell('2026-07', 'bo') }));
    const store = new ReconcileStore(table.dependencies(clock));

    // Act
    const upgrade = await reconcileDerivedRecords(store, { repair: true });
    const moved = nextVersion(old, '2026-07-03T09:00:00.000Z', { stageId: 'negotiation' });
    await deliver([old, moved]);

    // Assess
    expect(upgrade.drift.map((d) => `${d.kind} ${d.repMonth.repId} ${d.repMonth.month}`)).toEqual([
      'stale-link bo 2026-08',
      'conversion-cell bo 2026-07',
    ]);
    const origin = (counter: Parameters<typeof dealCounterKey>[0]) => dealCounterKey(counter, 'lead', 'event', '');
    expect(await dealCells('2026-07')).toEqual({
      bo: {
        [origin('count')]: 1,
        [origin('open')]: 1,
        [origin('openAmount')]: 3_000,
        [funnelCounterKey('reached', 'prospecting')]: 1,
        [funnelCounterKey('then', 'prospecting', 'negotiation')]: 1,
        [funnelCounterKey('stageSeconds', 'prospecting')]: 2 * DAY,
        [funnelCounterKey('stageExits', 'prospecting')]: 1,
        [funnelCounterKey('reached', 'negotiation')]: 1,
      },
    });
    expect((await reconcileDerivedRecords(store, { repair: false })).driftCount).toBe(0);
  });
});
