/** Opportunities through the real handler against DynamoDB Local: upserts, If-Match, soft delete, quality. */

import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkOf } from '#core/linkage/linkage.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { dealLinkToItem } from '#functions/linkage/deal-link-item.js';
import { keys } from '#functions/store/keys.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { type FixedClock, fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let clock: FixedClock;
let call: ApiCall;

const deal = {
  name: 'Widgets for Acme',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'negotiation',
  closeDate: '2016-02-20',
  amount: 40_000_00,
};

beforeAll(async () => {
  table = await createTestTable('api-opportunities');
  clock = fixedClock('2016-02-01T09:00:00Z');
  await bootstrapTestOrganisation(table.dependencies(clock), { id: 'acme', name: 'Acme Ltd' });
  call = apiClientOf(createApiHandler(table.dependencies(clock), { logger: new Logger({ logLevel: 'SILENT' }) }));
  await call({ method: 'PUT', path: '/reps/dave', body: { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'acme' } });
  await call({ method: 'PUT', path: '/reps/leaver', body: { name: 'Lee Ver', email: 'lee@example.com', teamId: 'acme', active: false } });
});

afterAll(async () => {
  await table.delete();
});

async function storedItem(opportunityId: string): Promise<Record<string, unknown> | undefined> {
  const result = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: keys.opportunity(opportunityId), ConsistentRead: true }),
  );
  return result.Item;
}

describe('PUT /opportunities/{id}', () => {
  it('creates with version 1, stage outcome resolved and an ETag', async () => {
    const reply = await call({ method: 'PUT', path: '/opportunities/o1', body: deal });
    expect(reply.status).toBe(201);
    expect(reply.headers.etag).toBe('"1"');
    expect(reply.body).toMatchObject({
      id: 'o1',
      version: 1,
      stageOutcome: 'open',
      createdAt: '2016-02-01T09:00:00.000Z',
      updatedAt: '2016-02-01T09:00:00.000Z',
      deleted: false,
    });
  });

  it('treats the same PUT twice as one version: 200 and nothing written', async () => {
    clock.set('2016-02-02T09:00:00Z');
    const reply = await call({ method: 'PUT', path: '/opportunities/o1', body: deal });
    expect(reply).toMatchObject({ status: 200, headers: { etag: '"1"' }, body: { version: 1, updatedAt: '2016-02-01T09:00:00.000Z' } });
    expect(await storedItem('o1')).toMatchObject({ version: 1, updatedAt: '2016-02-01T09:00:00.000Z' });
  });

  it('updates with a current If-Match, and refuses a stale one with 409 writing nothing', async () => {
    const updated = await call({
      method: 'PUT',
      path: '/opportunities/o1',
      body: { ...deal, stageId: 'closed-won' },
      headers: { 'If-Match': '"1"' },
    });
    expect(updated).toMatchObject({
      status: 200,
      headers: { etag: '"2"' },
      body: { version: 2, stageOutcome: 'won', updatedAt: '2016-02-02T09:00:00.000Z' },
    });

    const stale = await call({
      method: 'PUT',
      path: '/opportunities/o1',
      body: { ...deal, name: 'Lost update' },
      headers: { 'If-Match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toBe('application/problem+json');
    expect(await storedItem('o1')).toMatchObject({ version: 2, name: deal.name });
  });

  it('refuses an unknown owner or stage with 422 naming the field, writing nothing', async () => {
    const unknownOwner = await call({ method: 'PUT', path: '/opportunities/o9', body: { ...deal, ownerId: 'ghost' } });
    expect(unknownOwner).toMatchObject({ status: 422, body: { errors: [{ field: 'ownerId' }] } });
    const unknownStage = await call({ method: 'PUT', path: '/opportunities/o9', body: { ...deal, stageId: 'haggling' } });
    expect(unknownStage).toMatchObject({ status: 422, body: { errors: [{ field: 'stageId' }] } });
    expect(await storedItem('o9')).toBeUndefined();
  });

  it('refuses to give a new deal to an inactive rep, and a createdAt in the future', async () => {
    expect(await call({ method: 'PUT', path: '/opportunities/o9', body: { ...deal, ownerId: 'leaver' } })).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'ownerId' }] },
    });
    expect(await call({ method: 'PUT', path: '/opportunities/o9', body: { ...deal, createdAt: '2016-03-01T00:00:00Z' } })).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'createdAt' }] },
    });
    expect(await storedItem('o9')).toBeUndefined();
  });

  it('takes the amount from the product lines and keeps an imported createdAt', async () => {
    const reply = await call({
      method: 'PUT',
      path: '/opportunities/o2',
      body: {
        ...deal,
        amount: undefined,
        closeDate: '2016-02-25',
        createdAt: '2015-11-30T23:59:59Z',
        productLines: [
          { productFamily: 'hardware', amount: 30_000_00 },
          { productFamily: 'services', amount: 5_000_00 },
        ],
      },
    });
    expect(reply).toMatchObject({ status: 201, body: { amount: 35_000_00, createdAt: '2015-11-30T23:59:59Z' } });
  });
});

describe('DELETE /opportunities/{id}', () => {
  it('soft-deletes: 204, then 404 on GET, gone from the owner list, index attributes removed', async () => {
    expect((await call({ method: 'DELETE', path: '/opportunities/o2', headers: { 'If-Match': '"1"' } })).status).toBe(204);
    expect((await call({ method: 'GET', path: '/opportunities/o2' })).status).toBe(404);
    const listed = await call({ method: 'GET', path: '/opportunities?ownerId=dave' });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual(['o1']);
    const item = await storedItem('o2');
    expect(item).toMatchObject({ deleted: true, version: 2 });
    expect(item).not.toHaveProperty('gsi3pk');
  });

  it('answers a repeated DELETE with 204 and an unknown one with 404', async () => {
    expect((await call({ method: 'DELETE', path: '/opportunities/o2' })).status).toBe(204);
    expect(await storedItem('o2')).toMatchObject({ version: 2 });
    expect((await call({ method: 'DELETE', path: '/opportunities/nope' })).status).toBe(404);
  });

  it('refuses a stale If-Match with 409', async () => {
    expect((await call({ method: 'DELETE', path: '/opportunities/o1', headers: { 'If-Match': '"1"' } })).status).toBe(409);
    expect(await storedItem('o1')).toMatchObject({ deleted: false, version: 2 });
  });

  it('revives a deleted opportunity on PUT, its version continuing', async () => {
    const revived = await call({ method: 'PUT', path: '/opportunities/o2', body: { ...deal, closeDate: '2016-02-25' } });
    expect(revived).toMatchObject({ status: 201, body: { version: 3, deleted: false, createdAt: '2015-11-30T23:59:59Z' } });
  });
});

describe('GET /opportunities', () => {
  it("lists a rep's deals by close date in pages, within a date range", async () => {
    await call({ method: 'PUT', path: '/opportunities/o3', body: { ...deal, closeDate: '2016-03-31' } });
    const first = await call({ method: 'GET', path: '/opportunities?ownerId=dave&from=2016-02-01&to=2016-03-31&limit=2' });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual(['o1', 'o2']);
    const second = await call({
      method: 'GET',
      path: `/opportunities?ownerId=dave&from=2016-02-01&to=2016-03-31&limit=2&cursor=${first.body.nextCursor}`,
    });
    expect(second.body).toMatchObject({ items: [{ id: 'o3' }], nextCursor: null });
    const february = await call({ method: 'GET', path: '/opportunities?ownerId=dave&to=2016-02-29' });
    expect(february.body.items.map((item: { id: string }) => item.id)).toEqual(['o1', 'o2']);
  });
});

describe('GET /opportunities/{id} quality', () => {
  it('derives counters from the opportunity alone while the stream has not linked it', async () => {
    const reply = await call({ method: 'GET', path: '/opportunities/o3?asOf=2016-02-11' });
    expect(reply).toMatchObject({
      status: 200,
      headers: { etag: '"1"' },
      body: { qualityPending: true, quality: { closeMonthExtensions: 0, daysOpen: 8, asOf: '2016-02-11T00:00:00.000Z' } },
    });
  });

  it('uses the link counters once the stream has caught up with the version', async () => {
    const stored = (await call({ method: 'GET', path: '/opportunities/o3' })).body.opportunity;
    const counters = {
      createdAt: stored.createdAt,
      closeMonthExtensions: 2,
      lastStageChangeAt: '2016-02-05T00:00:00.000Z',
      closedAt: null,
    };
    // As the stream writes it (with a product family: an empty map key, the general family, is refused by DynamoDB).
    const link = linkOf({ ...stored, productLines: [{ productFamily: 'widgets', amount: stored.amount }] }, counters, stored.version);
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: dealLinkToItem(link, clock.now()) }));
    const reply = await call({ method: 'GET', path: '/opportunities/o3?asOf=2016-02-15T12:00:00Z' });
    expect(reply.body).toMatchObject({
      qualityPending: false,
      quality: { closeMonthExtensions: 2, daysSinceLastStageChange: 10, daysOpen: 13 },
    });
  });
});

describe('GET /opportunities/{id} quality, one version ahead of the stream', () => {
  it('carries the link counters to the new version and says the quality is pending', async () => {
    clock.set('2016-02-10T00:00:00Z');
    const moved = await call({
      method: 'PUT',
      path: '/opportunities/o3',
      body: { ...deal, closeDate: '2016-03-15', stageId: 'proposal-made' },
    });
    expect(moved.body.version).toBe(2);
    const reply = await call({ method: 'GET', path: '/opportunities/o3?asOf=2016-02-15T12:00:00Z' });
    // Same close month (the link is found): extensions kept, the stage changed on 10 Feb.
    expect(reply.body).toMatchObject({
      qualityPending: true,
      quality: { closeMonthExtensions: 2, daysSinceLastStageChange: 5, lastStageChangeAt: '2016-02-10T00:00:00.000Z' },
    });
  });
});

describe('stage configuration', () => {
  const stagesWithout = (removed: string) => ({ stages: DEFAULT_STAGES.stages.filter((stage) => stage.id !== removed) });

  it('serves the default stages until a configuration is written', async () => {
    const reply = await call({ method: 'GET', path: '/stages' });
    expect(reply.body).toMatchObject({ version: 0, updatedAt: null });
    expect(reply.body.stages).toHaveLength(6);
  });

  it('refuses to remove a stage live deals are in (409), and removes an unused one', async () => {
    const inUse = await call({ method: 'PUT', path: '/stages', body: stagesWithout('negotiation') });
    expect(inUse.status).toBe(409);
    expect(inUse.body.detail).toContain('negotiation');
    const unused = await call({ method: 'PUT', path: '/stages', body: stagesWithout('investigation') });
    expect(unused).toMatchObject({ status: 200, body: { version: 1 } });
    expect((await call({ method: 'GET', path: '/stages' })).body.stages).toHaveLength(5);
  });
});
