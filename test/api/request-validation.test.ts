/**
 * Request validation through the real handler, with no database: every request here is
 * rejected before a store is called (the document client fails the test if one is), apart
 * from the reads of the caller's standing (their rep, the settings).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { MAX_BODY_BYTES } from '#functions/api/json-request-body.js';
import { type ApiReply, type ApiRequest, apiClientOf } from '../support/api-requests.js';
import { callerOnlyDatabase } from '../support/caller-only-database.js';
import { fixedClock } from '../support/fixed-clock.js';

const noDatabase = callerOnlyDatabase(async () => {
  throw new Error('unit tests must not reach the database beyond the caller');
});

const handler = createApiHandler(
  { documentClient: noDatabase, tableName: 'unused', clock: fixedClock('2016-02-15T12:00:00Z') },
  { logger: new Logger({ logLevel: 'SILENT' }) },
);

/** The admin's signed token, verified as API Gateway would: validation answers before the caller's rep is read. */
const send: (request: ApiRequest) => Promise<ApiReply> = apiClientOf(handler);

const validOpportunity = {
  name: 'Widgets',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'negotiation',
  closeDate: '2016-02-20',
  amount: 40_000_00,
};
const validLevels = {
  repId: 'dave',
  fromMonth: '2016-02',
  bands: [
    { from: 0, to: 50_000_00, ratePercent: 2 },
    { from: 50_000_00, to: 75_000_00, ratePercent: 4 },
    { from: 75_000_00, to: null, ratePercent: 6 },
  ],
};

function expectProblem(reply: ApiReply, status: number, fields: string[] = []): void {
  expect(reply.status).toBe(status);
  expect(reply.headers['content-type']).toBe('application/problem+json');
  expect(reply.body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
    instance: expect.any(String),
  });
  for (const field of fields) expect(reply.body.errors.map((issue: { field: string }) => issue.field)).toContain(field);
}

describe('request bodies', () => {
  it('rejects malformed JSON with 400 naming the body', async () => {
    expectProblem(
      await send({ method: 'PUT', path: '/reps/dave', rawBody: '{"name": ', headers: { 'content-type': 'application/json' } }),
      400,
      ['body'],
    );
  });

  it('rejects a body that is not JSON with 415', async () => {
    expectProblem(
      await send({
        method: 'PUT',
        path: '/reps/dave',
        rawBody: 'name=Dave',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
  });

  it('rejects a missing body with 400', async () => {
    expectProblem(await send({ method: 'PUT', path: '/stages', headers: { 'content-type': 'application/json' } }), 400, ['body']);
  });

  it('rejects a body over 256 KiB with 413 naming the body, before parsing it', async () => {
    const rawBody = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    expectProblem(await send({ method: 'PUT', path: '/reps/dave', rawBody, headers: { 'content-type': 'application/json' } }), 413, [
      'body',
    ]);
  });

  it('names unknown fields, also nested ones', async () => {
    expectProblem(
      await send({ method: 'PUT', path: '/reps/dave', body: { name: 'Dave', email: 'dave@example.com', teamId: 'north', nickname: 'D' } }),
      400,
      ['nickname'],
    );
    const reply = await send({
      method: 'PUT',
      path: '/opportunities/o1',
      body: { ...validOpportunity, productLines: [{ productFamily: 'hardware', amount: 1, sku: 'x' }] },
    });
    expectProblem(reply, 400, ['productLines.0.sku']);
  });

  it('names fields of the wrong type', async () => {
    expectProblem(
      await send({ method: 'PUT', path: '/reps/dave', body: { name: 42, email: 'dave@example.com', teamId: 'north', active: 'yes' } }),
      400,
      ['name', 'active'],
    );
  });

  it('rejects a JSON array where an object is expected, naming the body', async () => {
    expectProblem(await send({ method: 'PUT', path: '/teams/north', body: [] }), 400, ['body']);
  });

  it.each([
    ['a negative amount', { amount: -1 }, 'amount'],
    ['a fractional cent', { amount: 100.5 }, 'amount'],
    ['a probability of 101', { probability: 101 }, 'probability'],
    ['a date that does not exist', { closeDate: '2016-02-30' }, 'closeDate'],
    ['a month-only close date', { closeDate: '2016-02' }, 'closeDate'],
    ['a zone-less createdAt', { createdAt: '2016-02-01T10:00:00' }, 'createdAt'],
    ['an amount that differs from the product lines', { amount: 5, productLines: [{ productFamily: 'hardware', amount: 3 }] }, 'amount'],
  ])('rejects an opportunity with %s', async (_case, change, field) => {
    expectProblem(await send({ method: 'PUT', path: '/opportunities/o1', body: { ...validOpportunity, ...change } }), 400, [field]);
  });

  it('names the product line of a fractional or negative amount', async () => {
    const reply = await send({
      method: 'PUT',
      path: '/opportunities/o1',
      body: {
        ...validOpportunity,
        amount: undefined,
        productLines: [
          { productFamily: 'a', amount: 1 },
          { productFamily: 'b', amount: 0.5 },
        ],
      },
    });
    expectProblem(reply, 400, ['productLines.1.amount']);
  });

  it('rejects targets with an invalid month or a negative amount', async () => {
    const reply = await send({
      method: 'PUT',
      path: '/targets',
      body: { ownerType: 'rep', ownerId: 'dave', amounts: { '2016-13': 100, '2016-02': -1 } },
    });
    expectProblem(reply, 400, ['amounts.2016-13', 'amounts.2016-02']);
    expect(reply.body.errors).toContainEqual({ field: 'amounts.2016-13', message: 'must be a month YYYY-MM' });
  });

  it('rejects overlapping commission bands at the offending band', async () => {
    const bands = [
      { from: 0, to: 50_000_00, ratePercent: 2 },
      { from: 40_000_00, to: null, ratePercent: 4 },
    ];
    expectProblem(await send({ method: 'PUT', path: '/commission-levels', body: { ...validLevels, bands } }), 400, ['bands.1.from']);
  });

  it('rejects gapped commission bands', async () => {
    const bands = [
      { from: 0, to: 50_000_00, ratePercent: 2 },
      { from: 60_000_00, to: null, ratePercent: 4 },
    ];
    expectProblem(await send({ method: 'PUT', path: '/commission-levels', body: { ...validLevels, bands } }), 400, ['bands.1.from']);
  });

  it('rejects unsorted commission bands', async () => {
    const [first, second, third] = validLevels.bands;
    expectProblem(await send({ method: 'PUT', path: '/commission-levels', body: { ...validLevels, bands: [first, third, second] } }), 400, [
      'bands.1.to',
      'bands.1.from',
    ]);
  });

  it('rejects bands not starting at 0, a rate with five decimals and a range ending before it starts', async () => {
    const bands = [{ from: 1, to: null, ratePercent: 2.00001 }];
    const reply = await send({ method: 'PUT', path: '/commission-levels', body: { ...validLevels, bands, toMonth: '2016-01' } });
    expectProblem(reply, 400, ['bands.0.from', 'bands.0.ratePercent', 'toMonth']);
  });

  it('rejects a stage configuration with duplicate ids and no won stage', async () => {
    const stages = [
      { id: 'open', name: 'Open', probability: 10, outcome: 'open' },
      { id: 'open', name: 'Lost', probability: 0, outcome: 'lost' },
    ];
    expectProblem(await send({ method: 'PUT', path: '/stages', body: { stages } }), 400, ['stages.1.id', 'stages']);
  });
});

describe('path, query and header parameters', () => {
  it('rejects an id with characters outside the key alphabet', async () => {
    expectProblem(await send({ method: 'GET', path: '/reps/da%23ve' }), 400, ['repId']);
  });

  it.each([
    ['/reps/dave/months/2016-13', 'month'],
    ['/teams/north/periods/2016-Q5', 'period'],
    ['/company/periods/2016', 'period'],
    ['/reps?limit=0', 'limit'],
    ['/reps?limit=many', 'limit'],
    ['/reps?sort=name', 'sort'],
    ['/opportunities?ownerId=dave&from=2016-03-01&to=2016-02-01', 'to'],
    ['/opportunities/o1?asOf=yesterday', 'asOf'],
    ['/targets?ownerType=rep&ownerId=dave&from=2016-01&to=2018-01', 'to'],
    ['/targets?ownerType=company&ownerId=acme&from=2016-01&to=2016-12', 'ownerType'],
    ['/reps/dave/commission-levels?month=2016-2', 'month'],
    ['/quality?repId=dave&teamId=north', 'teamId'],
    ['/quality?sort=probability', 'sort'],
    ['/quality?order=up', 'order'],
  ])('GET %s names %s', async (path, field) => {
    expectProblem(await send({ method: 'GET', path }), 400, [field]);
  });

  it('rejects a tampered list cursor with 400 naming cursor', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'OPP#x', sk: 'OPPORTUNITY', gsi3pk: 'OWNER#someone-else', gsi3sk: 'x' })).toString(
      'base64url',
    );
    expectProblem(await send({ method: 'GET', path: `/opportunities?ownerId=dave&cursor=${forged}` }), 400, ['cursor']);
    expectProblem(await send({ method: 'GET', path: '/reps?cursor=bm90LWpzb24' }), 400, ['cursor']);
    expectProblem(await send({ method: 'GET', path: '/quality?cursor=bm90LWpzb24' }), 400, ['cursor']);
  });

  it('rejects an If-Match that is not a version', async () => {
    expectProblem(await send({ method: 'PUT', path: '/opportunities/o1', body: validOpportunity, headers: { 'If-Match': '"abc"' } }), 400, [
      'If-Match',
    ]);
  });
});

describe('routing', () => {
  it('answers an unknown route with 404', async () => {
    expectProblem(await send({ method: 'GET', path: '/no-such-route' }), 404);
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const reply = await send({ method: 'POST', path: '/opportunities/o1', body: validOpportunity });
    expectProblem(reply, 405);
    expect(reply.headers.allow).toBe('PUT, GET, DELETE');
  });

  it('serves health and the OpenAPI document reading nothing but the caller', async () => {
    expect(await send({ method: 'GET', path: '/health' })).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await send({ method: 'GET', path: '/openapi.json' })).status).toBe(200);
  });
});
