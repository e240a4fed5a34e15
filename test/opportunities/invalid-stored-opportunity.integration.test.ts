/**
 * One invalid stored opportunity (as the API stored before product lines were capped in
 * sum) must not take down what reads many deals: the owner's list, time travel, the
 * pipeline change, snapshots on request and on schedule, and reconcile skip it and report
 * it. The deal itself answers a clear 409, and PUT or DELETE mend it, the stream following.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reconcileDerivedRecords } from '#core/reconcile/reconcile-derived-records.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { ReconcileStore } from '#functions/reconcile/reconcile-store.js';
import { keys } from '#functions/store/keys.js';
import { storedItemLogger } from '#functions/store/stored-item.js';
import { apiClientOf } from '../support/api-requests.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { anOverCapOpportunity } from '../support/opportunity-factory.js';

let engine: EngineHarness;

const deal = (overrides: Record<string, unknown> = {}) => ({
  name: 'Deal',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'negotiation',
  closeDate: '2026-03-20',
  amount: 1_000_000,
  ...overrides,
});
const warnings = vi.spyOn(storedItemLogger, 'warn').mockImplementation(() => undefined);

/** Writes what the API stored before the fix: two lines at the cap, their sum (over it) as the amount. */
async function storeOverCap(opportunityId: string, version: number, at: string, ownerId = 'dave'): Promise<void> {
  const item = opportunityToItem(
    anOverCapOpportunity({
      id: opportunityId,
      name: 'Too big',
      ownerId,
      stageId: 'negotiation',
      closeDate: '2026-03-20',
      createdAt: '2026-01-06T10:00:00.000Z',
      updatedAt: at,
      updatedBy: ownerId,
      version,
    }),
  );
  await engine.table.documentClient.send(new PutCommand({ TableName: engine.table.tableName, Item: item }));
}

async function storedItem(opportunityId: string): Promise<Record<string, unknown> | undefined> {
  const result = await engine.table.documentClient.send(
    new GetCommand({ TableName: engine.table.tableName, Key: keys.opportunity(opportunityId), ConsistentRead: true }),
  );
  return result.Item;
}

beforeAll(async () => {
  engine = await startEngine('invalid-stored-opportunity', '2026-01-05T08:00:00.000Z');
  await engine.write(
    'PUT',
    '/reps/dave',
    { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'company' },
    '2026-01-05T08:00:00.000Z',
  );
  await engine.write('PUT', '/reps/erin', { name: 'Erin Kaur', email: 'erin@example.com', teamId: 'company' }, '2026-01-05T08:00:00.000Z');
  await engine.write('PUT', '/opportunities/good', deal({ name: 'Good' }), '2026-01-06T10:00:00.000Z');
  // 'big' was valid first (linked to Dave's March), then grew past the cap.
  await engine.write('PUT', '/opportunities/big', deal({ name: 'Big' }), '2026-01-06T10:00:00.000Z');
  await engine.settle();
  engine.clock.set('2026-01-08T10:00:00.000Z');
  await storeOverCap('big', 2, '2026-01-08T10:00:00.000Z');
  // 'huge' was stored invalid from the start; 'gone' too, to be deleted.
  await storeOverCap('huge', 1, '2026-01-08T10:00:00.000Z');
  await storeOverCap('gone', 1, '2026-01-08T10:00:00.000Z');
  await engine.settle();
  engine.clock.set('2026-01-12T09:00:00.000Z');
}, 120_000);

afterAll(async () => {
  await engine?.stop();
});

const skippedIds = (body: { skipped?: Array<{ id: string }> }) => (body.skipped ?? []).map((item) => item.id).sort();

describe('readers of many deals skip an invalid one and report it', () => {
  it("the owner's list answers the valid deals and names the skipped ones", async () => {
    warnings.mockClear();
    const reply = await engine.api({ method: 'GET', path: '/opportunities?ownerId=dave' });
    expect(reply.status).toBe(200);
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual(['good']);
    expect(skippedIds(reply.body)).toEqual(['big', 'gone', 'huge']);
    expect(reply.body.skipped[0]).toMatchObject({ kind: 'opportunity', reason: expect.stringContaining('amount') });
    expect(warnings).toHaveBeenCalledWith('skipped an invalid stored item', expect.objectContaining({ kind: 'opportunity', id: 'big' }));
  });

  it('time travel answers the company pipeline without them, and reports them', async () => {
    warnings.mockClear();
    const reply = await engine.api({ method: 'GET', path: '/pipeline/as-at?at=2026-01-10T00:00:00Z' });
    expect(reply.status).toBe(200);
    expect(reply.body.total).toEqual({ amount: 1_000_000, expectedRevenue: expect.any(Number), count: 1 });
    expect(skippedIds(reply.body)).toEqual(['big', 'gone', 'huge']);
    expect(warnings).toHaveBeenCalledWith('skipped an invalid stored item', expect.objectContaining({ id: 'huge' }));
  });

  it('the pipeline change answers and reports them', async () => {
    const reply = await engine.api({ method: 'GET', path: '/pipeline/change?from=2026-01-07T00:00:00Z&to=2026-01-10T00:00:00Z' });
    expect(reply.status).toBe(200);
    expect(reply.body.total.closing).toEqual({ amount: 1_000_000, count: 1 });
    expect(skippedIds(reply.body)).toEqual(['big', 'gone', 'huge']);
  });

  it('snapshots on request and on schedule are taken without them, and report them', async () => {
    const reply = await engine.api({ method: 'POST', path: '/pipeline/snapshots', body: { date: '2026-01-10' } });
    expect(reply.status).toBe(200);
    expect(reply.body.snapshots).toEqual([expect.objectContaining({ asAt: '2026-01-10T00:00:00.000Z', openDeals: 1 })]);
    expect(skippedIds(reply.body)).toEqual(['big', 'gone', 'huge']);
    const scheduled = await engine.scheduledRun('weekly', '2026-01-12T00:00:03.000Z');
    expect(scheduled.length).toBeGreaterThan(0);
  });

  it('reconcile reports them, and leaves the links of a deal it cannot read alone', async () => {
    const store = new ReconcileStore(engine.table.dependencies(engine.clock));
    const summary = await reconcileDerivedRecords(store, { repair: true });
    expect(summary.invalidItems.map((item) => item.pk).sort()).toEqual(
      [keys.opportunity('big').pk, keys.opportunity('gone').pk, keys.opportunity('huge').pk].sort(),
    );
    // Big's link of version 1 is what is known of it: not an orphan to unlink.
    expect(summary.drift.filter((drift) => drift.opportunityId === 'big')).toEqual([]);
    expect(summary.driftCount).toBe(0);
  });
});

describe('the invalid deal itself', () => {
  it('answers 409 problem+json saying how to mend it, and 404 to whoever may not see it', async () => {
    const reply = await engine.api({ method: 'GET', path: '/opportunities/big' });
    expect(reply).toMatchObject({ status: 409, headers: { 'content-type': 'application/problem+json' } });
    expect(reply.body.detail).toMatch(/invalid.*replace it with PUT or DELETE it/);
    const erin = apiClientOf(engine.handler, { as: { repId: 'erin', role: 'rep' } });
    expect((await erin({ method: 'GET', path: '/opportunities/big' })).status).toBe(404);
  });

  it('keeps its history readable by whoever may see it, and hidden from anyone else', async () => {
    expect(await engine.api({ method: 'GET', path: '/opportunities/huge/history' })).toMatchObject({
      status: 200,
      body: { opportunityId: 'huge' },
    });
    const erin = apiClientOf(engine.handler, { as: { repId: 'erin', role: 'rep' } });
    expect((await erin({ method: 'GET', path: '/opportunities/huge/history' })).status).toBe(404);
  });

  it('is replaced by a valid PUT of its owner, its version continuing, and the stream links the new version', async () => {
    const dave = apiClientOf(engine.handler, { as: { repId: 'dave', role: 'rep' } });
    const reply = await dave({ method: 'PUT', path: '/opportunities/big', body: deal({ name: 'Big', amount: 2_000_000 }) });
    expect(reply).toMatchObject({ status: 200, body: { version: 3, amount: 2_000_000 } });
    await engine.settle();
    const read = await engine.api({ method: 'GET', path: '/opportunities/big' });
    expect(read).toMatchObject({ status: 200, body: { opportunity: { version: 3 }, qualityPending: false } });
  });

  it("is deleted by DELETE, and is gone from its owner's list", async () => {
    expect((await engine.api({ method: 'DELETE', path: '/opportunities/gone', headers: { 'If-Match': '"1"' } })).status).toBe(204);
    expect(await storedItem('gone')).toMatchObject({ version: 2, deleted: true });
    expect((await engine.api({ method: 'GET', path: '/opportunities/gone' })).status).toBe(404);
    await engine.settle();
    const list = await engine.api({ method: 'GET', path: '/opportunities?ownerId=dave' });
    expect(list.body.items.map((item: { id: string }) => item.id).sort()).toEqual(['big', 'good']);
    expect(skippedIds(list.body)).toEqual(['huge']);
  });

  it('leaves reconcile with nothing to repair once mended', async () => {
    const store = new ReconcileStore(engine.table.dependencies(engine.clock));
    const summary = await reconcileDerivedRecords(store, { repair: false });
    expect(summary.driftCount).toBe(0);
  });
});
