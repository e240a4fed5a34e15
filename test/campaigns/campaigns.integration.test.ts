/** Campaigns through the real handler against DynamoDB Local: upserts, If-Match, bad input writing nothing, the audit trail, access. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { keys } from '#functions/store/keys.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { type FixedClock, fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let clock: FixedClock;
let admin: ApiCall;
let marketing: ApiCall;
let rep: ApiCall;
let manager: ApiCall;

const spring = {
  name: 'Spring webinar series',
  type: 'webinar',
  startDate: '2026-03-01',
  endDate: '2026-05-31',
  budgetedCost: 5_000_00,
  actualCost: 4_200_00,
};

beforeAll(async () => {
  table = await createTestTable('api-campaigns');
  clock = fixedClock('2026-03-02T09:00:00Z');
  const deps = table.dependencies(clock);
  await bootstrapTestOrganisation(deps, { id: 'acme', name: 'Acme Ltd' });
  const handler = createApiHandler(deps, { logger: silentLogger });
  admin = apiClientOf(handler);
  marketing = apiClientOf(handler, { as: { repId: 'mo', role: 'marketing' } });
  rep = apiClientOf(handler, { as: { repId: 'dave', role: 'rep' } });
  manager = apiClientOf(handler, { as: { repId: 'mia', role: 'manager' } });
  for (const repId of ['mo', 'dave', 'mia']) {
    await admin({ method: 'PUT', path: `/reps/${repId}`, body: { name: repId, email: `${repId}@example.com`, teamId: 'acme' } });
  }
});

afterAll(async () => {
  await table?.delete();
});

async function storedItem(campaignId: string): Promise<Record<string, unknown> | undefined> {
  const result = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: keys.campaign(campaignId), ConsistentRead: true }),
  );
  return result.Item;
}

async function auditOf(campaignId: string): Promise<any[]> {
  const reply = await admin({ method: 'GET', path: `/audit?kind=campaign&id=${campaignId}&from=2026-01-01` });
  expect(reply.status).toBe(200);
  return reply.body.items;
}

describe('PUT /campaigns/{id}', () => {
  it('creates with version 1, defaults, an ETag and a Location, audited in the same write', async () => {
    const reply = await marketing({ method: 'PUT', path: '/campaigns/spring', body: { ...spring, budgetedCost: undefined } });
    expect(reply).toMatchObject({
      status: 201,
      headers: { etag: '"1"', location: '/campaigns/spring' },
      body: {
        id: 'spring',
        type: 'webinar',
        budgetedCost: 0,
        actualCost: 4_200_00,
        parentCampaignId: null,
        version: 1,
        updatedAt: '2026-03-02T09:00:00.000Z',
        updatedBy: 'mo',
      },
    });
    expect(await storedItem('spring')).toMatchObject({ type: 'Campaign', campaignType: 'webinar', version: 1 });
    expect(await auditOf('spring')).toMatchObject([
      { actor: { repId: 'mo', role: 'marketing' }, action: 'created', before: null, after: { id: 'spring', version: 1 } },
    ]);
  });

  it('answers an identical repeat with 200 and writes nothing', async () => {
    await marketing({ method: 'PUT', path: '/campaigns/spring', body: spring });
    clock.set('2026-03-02T10:00:00Z');
    const repeat = await admin({ method: 'PUT', path: '/campaigns/spring', body: spring });
    expect(repeat).toMatchObject({ status: 200, headers: { etag: '"2"' }, body: { version: 2, updatedAt: '2026-03-02T09:00:00.000Z' } });
    expect(await storedItem('spring')).toMatchObject({ version: 2 });
    expect(await auditOf('spring')).toHaveLength(2);
  });

  it('updates with a current If-Match, and refuses a stale one with 409 writing nothing', async () => {
    const updated = await admin({
      method: 'PUT',
      path: '/campaigns/spring',
      body: { ...spring, actualCost: 4_900_00 },
      headers: { 'If-Match': '"2"' },
    });
    expect(updated).toMatchObject({
      status: 200,
      headers: { etag: '"3"' },
      body: { version: 3, actualCost: 4_900_00, updatedBy: 'admin' },
    });
    const stale = await admin({
      method: 'PUT',
      path: '/campaigns/spring',
      body: { ...spring, name: 'Lost' },
      headers: { 'If-Match': '"2"' },
    });
    expect(stale).toMatchObject({ status: 409, body: { errors: [{ field: 'if-match' }] } });
    expect(stale.headers['content-type']).toBe('application/problem+json');
    const missing = await admin({ method: 'PUT', path: '/campaigns/nothing', body: spring, headers: { 'If-Match': '*' } });
    expect(missing.status).toBe(409);
    expect(await storedItem('spring')).toMatchObject({ version: 3, name: spring.name });
    expect(await storedItem('nothing')).toBeUndefined();
  });

  it('refuses negative costs and an end before the start with 400 naming the field, writing nothing', async () => {
    for (const [body, field] of [
      [{ ...spring, budgetedCost: -1 }, 'budgetedCost'],
      [{ ...spring, actualCost: -100 }, 'actualCost'],
      [{ ...spring, endDate: '2026-02-28' }, 'endDate'],
      [{ ...spring, type: 'carrier-pigeon' }, 'type'],
    ] as const) {
      const reply = await admin({ method: 'PUT', path: '/campaigns/bad', body });
      expect(reply.status).toBe(400);
      expect(reply.body.errors[0].field).toBe(field);
    }
    expect(await storedItem('bad')).toBeUndefined();
  });

  it('refuses an unknown parent and a campaign that would be its own ancestor with 422 parentCampaignId, writing nothing', async () => {
    expect(await admin({ method: 'PUT', path: '/campaigns/wave-1', body: { ...spring, parentCampaignId: 'spring' } })).toMatchObject({
      status: 201,
    });
    expect(await admin({ method: 'PUT', path: '/campaigns/wave-1a', body: { ...spring, parentCampaignId: 'wave-1' } })).toMatchObject({
      status: 201,
    });
    for (const [campaignId, parentCampaignId] of [
      ['wave-2', 'ghost'],
      ['spring', 'spring'],
      ['spring', 'wave-1a'],
      ['wave-1', 'wave-1a'],
    ] as const) {
      const reply = await admin({ method: 'PUT', path: `/campaigns/${campaignId}`, body: { ...spring, parentCampaignId } });
      expect(reply).toMatchObject({ status: 422, body: { errors: [{ field: 'parentCampaignId' }] } });
    }
    expect(await storedItem('wave-2')).toBeUndefined();
    expect(await storedItem('spring')).toMatchObject({ version: 3, parentCampaignId: null });
    expect(await storedItem('wave-1')).toMatchObject({ version: 1, parentCampaignId: 'spring' });
  });

  it('is refused to reps and managers (403), writing nothing', async () => {
    for (const call of [rep, manager]) {
      const reply = await call({ method: 'PUT', path: '/campaigns/rogue', body: spring });
      expect(reply.status).toBe(403);
    }
    expect(await storedItem('rogue')).toBeUndefined();
  });
});

describe('GET /campaigns', () => {
  it('reads one campaign with its ETag, for every role; an unknown one is 404', async () => {
    for (const call of [rep, manager, marketing, admin]) {
      expect(await call({ method: 'GET', path: '/campaigns/spring' })).toMatchObject({
        status: 200,
        headers: { etag: '"3"' },
        body: { id: 'spring', type: 'webinar', version: 3 },
      });
    }
    expect((await rep({ method: 'GET', path: '/campaigns/ghost' })).status).toBe(404);
  });

  it('lists by id, page by page', async () => {
    const first = await rep({ method: 'GET', path: '/campaigns?limit=2' });
    expect(first.status).toBe(200);
    expect(first.body.items.map((campaign: { id: string }) => campaign.id)).toEqual(['spring', 'wave-1']);
    const second = await rep({ method: 'GET', path: `/campaigns?limit=2&cursor=${first.body.nextCursor}` });
    expect(second.body).toMatchObject({ items: [{ id: 'wave-1a' }], nextCursor: null });
    expect((await rep({ method: 'GET', path: '/campaigns?cursor=bm9wZQ' })).status).toBe(400);
  });
});
