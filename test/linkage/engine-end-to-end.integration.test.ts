/**
 * The engine end to end on DynamoDB Local: requests through the real API handler, the
 * table's real stream read by the local event source mapping, the real stream handler.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileDerivedRecords } from '#core/reconcile/reconcile-derived-records.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { ReconcileStore } from '#functions/reconcile/reconcile-store.js';
import type { FailureSink } from '#functions/shared/failure-sink.js';
import { keys } from '#functions/store/keys.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { SEED_BANDS } from '#local/demo/demo-dataset.js';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

const silent = new Logger({ logLevel: 'SILENT' });
const clock = fixedClock('2016-01-04T09:00:00.000Z');
const poisonRecords: Array<{ record: DynamoDBRecord; reason: string }> = [];
const failureSink: FailureSink = { reportPoisonRecord: async (record, reason) => void poisonRecords.push({ record, reason }) };

let table: TestTable;
let poller: StreamPoller;
let api: ApiCall;

/** Lets the stream recalculation catch up, as it would within a second or so on AWS. */
const settle = () => poller.waitUntilIdle(30_000);

const deal = (overrides: Record<string, unknown> = {}) => ({
  name: 'Acme renewal',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'proposal-made',
  closeDate: '2016-02-20',
  amount: 1_500_000,
  ...overrides,
});

async function put(path: string, body: unknown, at: string): Promise<void> {
  clock.set(at);
  const reply = await api({ method: 'PUT', path, body });
  expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
}

async function repMonth(repId: string, month: string) {
  const reply = await api({ method: 'GET', path: `/reps/${repId}/months/${month}` });
  expect(reply.status).toBe(200);
  return reply.body;
}

beforeAll(async () => {
  table = await createTestTable('end-to-end');
  await bootstrapTestOrganisation(table.dependencies(clock));
  api = apiClientOf(createApiHandler(table.dependencies(clock), { logger: silent }));
  poller = createStreamPoller({
    streamsClient: table.streamsClient,
    streamArn: table.streamArn,
    handler: createStreamHandler({ ...table.dependencies(clock), failureSink, logger: silent }),
    filterPatterns: [OPPORTUNITY_STREAM_FILTER_PATTERN],
    idleSleepMs: 20,
    logger: silent,
  });
  await poller.start();

  const setupAt = '2016-01-04T09:00:00.000Z';
  await put('/teams/company', { name: 'Acme Software Ltd', parentTeamId: null }, setupAt);
  await put('/teams/emea', { name: 'EMEA', parentTeamId: 'company' }, setupAt);
  await put('/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'emea' }, setupAt);
  await put('/reps/erin', { name: 'Erin Kaur', email: 'erin@example.com', teamId: 'emea' }, setupAt);
  await put('/commission-levels', { repId: 'dave', fromMonth: '2016-02', bands: SEED_BANDS }, setupAt);
  await put('/targets', { ownerType: 'rep', ownerId: 'dave', amounts: { '2016-02': 10_000_000, '2016-03': 10_000_000 } }, setupAt);

  // The seed's February: 80,000 won, 40,000 still open.
  await put('/opportunities/globex', deal({ name: 'Globex licence', account: 'Globex', amount: 3_000_000 }), '2016-01-11T10:00:00.000Z');
  await put('/opportunities/initech', deal({ name: 'Initech rollout', account: 'Initech', amount: 5_000_000 }), '2016-01-11T10:05:00.000Z');
  await put(
    '/opportunities/umbrella',
    deal({ name: 'Umbrella renewal', account: 'Umbrella', stageId: 'negotiation', amount: 2_500_000 }),
    '2016-01-11T10:10:00.000Z',
  );
  await put('/opportunities/hooli', deal({ name: 'Hooli pilot', account: 'Hooli', amount: 1_500_000 }), '2016-01-11T10:15:00.000Z');
  await put(
    '/opportunities/globex',
    deal({ name: 'Globex licence', account: 'Globex', amount: 3_000_000, stageId: 'closed-won' }),
    '2016-02-12T15:00:00.000Z',
  );
  await put(
    '/opportunities/initech',
    deal({ name: 'Initech rollout', account: 'Initech', amount: 5_000_000, stageId: 'closed-won' }),
    '2016-02-12T15:05:00.000Z',
  );
  await settle();
}, 120_000);

afterAll(async () => {
  await poller?.stop();
  await table?.delete();
});

describe('the engine end to end', () => {
  it("computes Dave Apthorp's February 2016 from the stream: 2,300 earned, 2,400 pipeline, 4,700 potential", async () => {
    const month = await repMonth('dave', '2016-02');
    expect(month.commissionRecord).toMatchObject({
      wonRevenue: 8_000_000,
      openRevenue: 4_000_000,
      earned: 230_000,
      pipelineCommission: 240_000,
      totalPotential: 470_000,
    });
    expect(month.targetRecord).toMatchObject({ target: 10_000_000, closedWon: 8_000_000, pipeline: 4_000_000, expectedRevenue: 2_625_000 });
    expect(month.deals.map((d: { opportunityId: string }) => d.opportunityId).sort()).toEqual(['globex', 'hooli', 'initech', 'umbrella']);
    // Each open deal alone: umbrella 25,000 all at 6 % = 1,500; hooli 15,000 at 6 % = 900.
    expect(
      month.commissionRecord.openDeals.map((d: { opportunityId: string; commission: number }) => [d.opportunityId, d.commission]),
    ).toEqual([
      ['umbrella', 150_000],
      ['hooli', 90_000],
    ]);
  });

  it('relinks a deal whose close date slips into March, and counts the extension', async () => {
    await put(
      '/opportunities/hooli',
      deal({ name: 'Hooli pilot', account: 'Hooli', amount: 1_500_000, closeDate: '2016-03-04' }),
      '2016-02-15T09:00:00.000Z',
    );
    await settle();

    expect((await repMonth('dave', '2016-02')).targetRecord.pipeline).toBe(2_500_000);
    const march = await repMonth('dave', '2016-03');
    expect(march.targetRecord.pipeline).toBe(1_500_000);
    expect(march.deals.map((d: { opportunityId: string }) => d.opportunityId)).toEqual(['hooli']);
    const hooli = await api({ method: 'GET', path: '/opportunities/hooli?asOf=2016-02-25T09:00:00.000Z' });
    // Created 2016-01-11T10:15Z: 44 whole days by 2016-02-25T09:00Z, and its stage never changed.
    expect(hooli.body.quality).toMatchObject({ closeMonthExtensions: 1, daysOpen: 44, daysSinceLastStageChange: 44 });
  });

  it("relinks a deal to its new owner's month when the owner changes", async () => {
    await put(
      '/opportunities/umbrella',
      deal({ name: 'Umbrella renewal', account: 'Umbrella', stageId: 'negotiation', amount: 2_500_000, ownerId: 'erin' }),
      '2016-02-16T09:00:00.000Z',
    );
    await settle();

    const dave = await repMonth('dave', '2016-02');
    const erin = await repMonth('erin', '2016-02');
    expect(dave.deals.map((d: { opportunityId: string }) => d.opportunityId).sort()).toEqual(['globex', 'initech']);
    expect(dave.targetRecord.pipeline).toBe(0);
    expect(erin.deals.map((d: { opportunityId: string }) => d.opportunityId)).toEqual(['umbrella']);
    expect(erin.targetRecord).toMatchObject({ pipeline: 2_500_000, expectedRevenue: 1_875_000 });
  });

  it('unlinks a deleted deal', async () => {
    await put('/opportunities/temp', deal({ name: 'Short-lived', amount: 700_000 }), '2016-02-17T09:00:00.000Z');
    await settle();
    expect((await repMonth('dave', '2016-02')).targetRecord.pipeline).toBe(700_000);

    clock.set('2016-02-17T10:00:00.000Z');
    expect((await api({ method: 'DELETE', path: '/opportunities/temp' })).status).toBe(204);
    await settle();
    const month = await repMonth('dave', '2016-02');
    expect(month.targetRecord.pipeline).toBe(0);
    expect(month.deals.map((d: { opportunityId: string }) => d.opportunityId)).not.toContain('temp');
  });

  it('reflects new commission levels, targets and stage probabilities at once, with no recalculation', async () => {
    const invocationsBefore = poller.stats().invocations;
    await put(
      '/commission-levels',
      { repId: 'erin', fromMonth: '2016-01', bands: [{ from: 0, to: null, ratePercent: 10 }] },
      '2016-02-18T09:00:00.000Z',
    );
    await put('/targets', { ownerType: 'rep', ownerId: 'erin', amounts: { '2016-02': 5_000_000 } }, '2016-02-18T09:00:00.000Z');
    const stages = (await api({ method: 'GET', path: '/stages' })).body;
    const negotiationAt60 = stages.stages.map((s: { id: string }) => (s.id === 'negotiation' ? { ...s, probability: 60 } : s));
    await put('/stages', { stages: negotiationAt60 }, '2016-02-18T09:00:00.000Z');

    const erin = await repMonth('erin', '2016-02');
    expect(erin.commissionRecord).toMatchObject({ pipelineCommission: 250_000, totalPotential: 250_000 });
    expect(erin.targetRecord).toMatchObject({ target: 5_000_000, expectedRevenue: 1_500_000, shortfall: 3_500_000 });
    await settle();
    expect(poller.stats().invocations).toBe(invocationsBefore);
  });

  it('never invokes the stream handler for its own derived writes', async () => {
    const before = poller.stats();
    await put(
      '/opportunities/globex',
      deal({ name: 'Globex licence', account: 'Globex', amount: 3_100_000, stageId: 'closed-won' }),
      '2016-02-19T09:00:00.000Z',
    );
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle();
    const after = poller.stats();

    // One opportunity write reaches the handler; the link, totals and history it writes are filtered out.
    expect(after.recordsRead - after.recordsFilteredOut - (before.recordsRead - before.recordsFilteredOut)).toBe(1);
    expect(after.recordsFilteredOut - before.recordsFilteredOut).toBeGreaterThanOrEqual(2);
    expect(after.invocations - before.invocations).toBe(1);
  });

  it('reports a malformed opportunity written straight to the table, and goes on with the next one', async () => {
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: { ...keys.opportunity('broken'), id: 'broken', amount: 'a lot', version: 1 } }),
    );
    await put('/opportunities/after-broken', deal({ name: 'After the broken one', amount: 100_000 }), '2016-02-19T10:00:00.000Z');
    await settle();

    expect(poisonRecords.map((p) => p.record.dynamodb?.Keys?.pk?.S)).toEqual(['OPP#broken']);
    expect(poisonRecords[0]?.reason).toMatch(/amount/);
    expect((await repMonth('dave', '2016-02')).deals.map((d: { opportunityId: string }) => d.opportunityId)).toContain('after-broken');
  });

  it('reconciles with no drift, and finds and repairs totals changed behind its back', async () => {
    const store = new ReconcileStore(table.dependencies(clock));
    const clean = await reconcileDerivedRecords(store, { repair: false });
    expect(clean.driftCount).toBe(0);
    expect(clean.invalidItems.map((item) => item.pk)).toEqual(['OPP#broken']);
    expect(clean.checked.opportunities).toBeGreaterThanOrEqual(6);

    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.repMonthRecord({ repId: 'dave', month: '2016-02' }),
        UpdateExpression: 'ADD #won :extra',
        ExpressionAttributeNames: { '#won': 'amount|closed-won|' },
        ExpressionAttributeValues: { ':extra': 999 },
      }),
    );
    const found = await reconcileDerivedRecords(store, { repair: true });
    expect(found.drift.map((d) => `${d.kind} ${d.repMonth.repId} ${d.repMonth.month}`)).toEqual(['record-totals dave 2016-02']);
    expect(found.repaired).toBe(1);
    expect((await reconcileDerivedRecords(store, { repair: false })).driftCount).toBe(0);
    expect((await repMonth('dave', '2016-02')).targetRecord.closedWon).toBe(8_100_000);
  });
});
