/** Targets and commission levels through the real handler against DynamoDB Local. */

import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let call: ApiCall;

beforeAll(async () => {
  table = await createTestTable('api-targets-levels');
  await bootstrapTestOrganisation(table.dependencies(fixedClock('2016-05-10T09:00:00Z')), { id: 'acme', name: 'Acme Ltd' });
  call = apiClientOf(
    createApiHandler(table.dependencies(fixedClock('2016-05-10T09:00:00Z')), { logger: new Logger({ logLevel: 'SILENT' }) }),
  );
  await call({ method: 'PUT', path: '/reps/dave', body: { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'acme' } });
});

afterAll(async () => {
  await table.delete();
});

const months2016 = Array.from({ length: 12 }, (_, index) => `2016-${String(index + 1).padStart(2, '0')}`);
const base = [
  { from: 0, to: 50_000_00, ratePercent: 2 },
  { from: 50_000_00, to: 75_000_00, ratePercent: 4 },
  { from: 75_000_00, to: null, ratePercent: 6 },
];
const kicker = [
  { from: 0, to: 50_000_00, ratePercent: 3 },
  { from: 50_000_00, to: null, ratePercent: 8 },
];

describe('targets', () => {
  it('sets one month and reads it back', async () => {
    const reply = await call({
      method: 'PUT',
      path: '/targets',
      body: { ownerType: 'rep', ownerId: 'dave', amounts: { '2016-02': 100_000_00 } },
    });
    expect(reply).toMatchObject({
      status: 200,
      body: { targets: [{ ownerType: 'rep', ownerId: 'dave', month: '2016-02', productFamily: null, amount: 100_000_00 }] },
    });
  });

  it('sets a whole year in one request, and a family target beside the general one', async () => {
    const amounts = Object.fromEntries(months2016.map((month, index) => [month, (index + 1) * 10_000_00]));
    expect(
      (await call({ method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: 'dave', amounts } })).body.targets,
    ).toHaveLength(12);
    await call({
      method: 'PUT',
      path: '/targets',
      body: { ownerType: 'rep', ownerId: 'dave', productFamily: 'services', amounts: { '2016-03': 5_000_00 } },
    });

    const year = await call({ method: 'GET', path: '/targets?ownerType=rep&ownerId=dave&from=2016-01&to=2016-12' });
    expect(year.status).toBe(200);
    expect(year.body.targets).toHaveLength(13);
    expect(year.body.targets.filter((target: { month: string }) => target.month === '2016-03')).toEqual([
      { ownerType: 'rep', ownerId: 'dave', month: '2016-03', productFamily: null, amount: 30_000_00 },
      { ownerType: 'rep', ownerId: 'dave', month: '2016-03', productFamily: 'services', amount: 5_000_00 },
    ]);
  });

  it("sets a team's target (the company is the root team)", async () => {
    await call({
      method: 'PUT',
      path: '/targets',
      body: { ownerType: 'team', ownerId: 'acme', amounts: { '2016-12': 1_000_000_00, '2017-01': 1_100_000_00 } },
    });
    const reply = await call({ method: 'GET', path: '/targets?ownerType=team&ownerId=acme&from=2016-12&to=2017-01' });
    expect(reply.body.targets.map((target: { month: string }) => target.month)).toEqual(['2016-12', '2017-01']);
  });

  it('refuses an unknown owner with 422 on ownerId, and answers 404 reading one', async () => {
    expect(
      await call({ method: 'PUT', path: '/targets', body: { ownerType: 'team', ownerId: 'ghost', amounts: { '2016-01': 1 } } }),
    ).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'ownerId' }] },
    });
    expect((await call({ method: 'GET', path: '/targets?ownerType=rep&ownerId=ghost&from=2016-01&to=2016-01' })).status).toBe(404);
  });
});

describe('commission levels', () => {
  const levelsIn = async (month: string) =>
    (await call({ method: 'GET', path: `/reps/dave/commission-levels?month=${month}` })).body.levels;

  it('carries levels set from a month forward to every later month', async () => {
    const reply = await call({ method: 'PUT', path: '/commission-levels', body: { repId: 'dave', fromMonth: '2016-01', bands: base } });
    expect(reply).toMatchObject({
      status: 200,
      body: { repId: 'dave', productFamily: null, entries: [{ fromMonth: '2016-01', bands: base }] },
    });
    expect(await levelsIn('2015-12')).toEqual({ general: null, byFamily: {} });
    expect(await levelsIn('2016-01')).toEqual({ general: base, byFamily: {} });
    expect(await levelsIn('2017-06')).toEqual({ general: base, byFamily: {} });
  });

  it('applies a kicker to a range of months only; the month after goes back to what it was', async () => {
    const reply = await call({
      method: 'PUT',
      path: '/commission-levels',
      body: { repId: 'dave', fromMonth: '2016-03', toMonth: '2016-04', bands: kicker },
    });
    expect(reply.body.entries).toEqual([
      { productFamily: null, fromMonth: '2016-01', bands: base },
      { productFamily: null, fromMonth: '2016-03', bands: kicker },
      { productFamily: null, fromMonth: '2016-05', bands: base },
    ]);
    expect((await levelsIn('2016-02')).general).toEqual(base);
    expect((await levelsIn('2016-03')).general).toEqual(kicker);
    expect((await levelsIn('2016-04')).general).toEqual(kicker);
    expect((await levelsIn('2016-05')).general).toEqual(base);
  });

  it('replaces the entries inside a new range all at once', async () => {
    const reply = await call({
      method: 'PUT',
      path: '/commission-levels',
      body: { repId: 'dave', fromMonth: '2016-02', toMonth: '2016-06', bands: base },
    });
    expect(reply.body.entries.map((entry: { fromMonth: string }) => entry.fromMonth)).toEqual(['2016-01', '2016-02', '2016-07']);
    expect((await levelsIn('2016-03')).general).toEqual(base);
  });

  it('keeps product-family levels beside the general ones; the current month by default', async () => {
    await call({
      method: 'PUT',
      path: '/commission-levels',
      body: { repId: 'dave', productFamily: 'services', fromMonth: '2016-05', bands: kicker },
    });
    const reply = await call({ method: 'GET', path: '/reps/dave/commission-levels' });
    expect(reply.body).toEqual({ repId: 'dave', month: '2016-05', levels: { general: base, byFamily: { services: kicker } } });
  });

  it('refuses levels for an unknown rep with 422 on repId, and answers 404 reading them', async () => {
    expect(
      await call({ method: 'PUT', path: '/commission-levels', body: { repId: 'ghost', fromMonth: '2016-01', bands: base } }),
    ).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'repId' }] },
    });
    expect((await call({ method: 'GET', path: '/reps/ghost/commission-levels?month=2016-01' })).status).toBe(404);
  });
});
