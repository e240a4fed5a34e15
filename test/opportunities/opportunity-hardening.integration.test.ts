/**
 * Opportunity writes at their edges, through the real handler against DynamoDB Local:
 * product lines that sum past the amount cap (API and import), identical PUTs of a new id
 * racing (client retries), a stale If-Match on an already deleted deal, and an import
 * giving a deal to an inactive rep.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MINOR } from '#core/shared/common-schemas.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { keys } from '#functions/store/keys.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { type FixedClock, fixedClock } from '../support/fixed-clock.js';
import { anOverCapOpportunity } from '../support/opportunity-factory.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let clock: FixedClock;
let call: ApiCall;

const deal = { name: 'Widgets', account: 'Acme', ownerId: 'dave', stageId: 'negotiation', closeDate: '2026-12-15', amount: 40_000_00 };
const overCap = {
  ...deal,
  amount: undefined,
  productLines: [
    { productFamily: 'A', amount: MAX_AMOUNT_MINOR },
    { productFamily: 'B', amount: MAX_AMOUNT_MINOR },
  ],
};

beforeAll(async () => {
  table = await createTestTable('api-opportunity-hardening');
  clock = fixedClock('2026-02-01T09:00:00Z');
  await bootstrapTestOrganisation(table.dependencies(clock), { id: 'acme', name: 'Acme Ltd' });
  call = apiClientOf(createApiHandler(table.dependencies(clock), { logger: new Logger({ logLevel: 'SILENT' }) }));
  await call({ method: 'PUT', path: '/reps/dave', body: { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'acme' } });
  await call({ method: 'PUT', path: '/reps/leaver', body: { name: 'Lee Ver', email: 'lee@example.com', teamId: 'acme', active: false } });
});

afterAll(async () => {
  await table?.delete();
});

async function storedItem(opportunityId: string): Promise<Record<string, unknown> | undefined> {
  const result = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: keys.opportunity(opportunityId), ConsistentRead: true }),
  );
  return result.Item;
}

describe('product lines summing past the amount cap', () => {
  it('PUT refuses them with 422 naming productLines, writing nothing', async () => {
    const reply = await call({ method: 'PUT', path: '/opportunities/sum1', body: overCap });
    expect(reply).toMatchObject({
      status: 422,
      headers: { 'content-type': 'application/problem+json' },
      body: { errors: [{ field: 'productLines' }] },
    });
    expect(await storedItem('sum1')).toBeUndefined();
  });

  it('accepts lines that sum exactly to the cap', async () => {
    const atCap = {
      ...overCap,
      productLines: [
        { productFamily: 'A', amount: MAX_AMOUNT_MINOR - 1 },
        { productFamily: 'B', amount: 1 },
      ],
    };
    expect((await call({ method: 'PUT', path: '/opportunities/sum2', body: atCap })).status).toBe(201);
  });

  it('the import rejects such a row with its row number, naming productLines', async () => {
    const reply = await call({
      method: 'POST',
      path: '/imports/opportunities',
      body: { opportunities: [{ row: 7, id: 'sum3', ...overCap, createdAt: '2026-01-05T09:00:00.000Z' }] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.opportunities).toMatchObject({ accepted: 0, rejected: 1 });
    expect(reply.body.rejections).toEqual([
      expect.objectContaining({ source: 'opportunities', row: 7, opportunityId: 'sum3', field: 'productLines' }),
    ]);
    expect(await storedItem('sum3')).toBeUndefined();
  });
});

describe('identical concurrent PUTs of a new id (client retries)', () => {
  it('answers every one as a success: exactly one 201, the rest 200, one version written', async () => {
    const body = { ...deal, name: 'Retried' };
    const replies = await Promise.all(Array.from({ length: 50 }, () => call({ method: 'PUT', path: '/opportunities/race1', body })));
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    for (const reply of replies) expect(reply.body).toMatchObject({ id: 'race1', version: 1, name: 'Retried' });
    expect(await storedItem('race1')).toMatchObject({ version: 1 });
  });

  it('still refuses a different body that lost the race with 409', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call({ method: 'PUT', path: '/opportunities/race2', body: { ...deal, name: `Body ${index % 2}` } }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => [200, 201, 409].includes(status))).toBe(true);
    // Whatever lost with the other body is a conflict; the winner's body answers 200 unchanged or updated.
    const stored = await storedItem('race2');
    for (const reply of replies.filter((candidate) => candidate.status === 200 && candidate.body.version === 1))
      expect(reply.body.name).toBe(stored?.name);
  });
});

describe('DELETE with If-Match on an already deleted deal', () => {
  it('answers 409 for a stale version, 204 for the current one or none', async () => {
    expect((await call({ method: 'PUT', path: '/opportunities/del1', body: deal })).status).toBe(201);
    expect((await call({ method: 'DELETE', path: '/opportunities/del1', headers: { 'If-Match': '"1"' } })).status).toBe(204);
    const stale = await call({ method: 'DELETE', path: '/opportunities/del1', headers: { 'If-Match': '"1"' } });
    expect(stale).toMatchObject({ status: 409, headers: { 'content-type': 'application/problem+json' } });
    expect((await call({ method: 'DELETE', path: '/opportunities/del1', headers: { 'If-Match': '"2"' } })).status).toBe(204);
    expect((await call({ method: 'DELETE', path: '/opportunities/del1' })).status).toBe(204);
    expect(await storedItem('del1')).toMatchObject({ version: 2, deleted: true });
  });
});

describe('import of a deal owned by an inactive rep', () => {
  it('rejects the row with its row number as PUT refuses it, and writes nothing', async () => {
    const reply = await call({
      method: 'POST',
      path: '/imports/opportunities',
      body: {
        opportunities: [
          { row: 3, id: 'imp-leaver', ...deal, ownerId: 'leaver', createdAt: '2026-01-05T09:00:00.000Z' },
          { row: 4, id: 'imp-dave', ...deal, createdAt: '2026-01-05T09:00:00.000Z' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.opportunities).toMatchObject({ accepted: 1, rejected: 1 });
    expect(reply.body.rejections).toEqual([
      expect.objectContaining({ source: 'opportunities', row: 3, opportunityId: 'imp-leaver', field: 'ownerId' }),
    ]);
    expect(await storedItem('imp-leaver')).toBeUndefined();
    const put = await call({ method: 'PUT', path: '/opportunities/put-leaver', body: { ...deal, ownerId: 'leaver' } });
    expect(put).toMatchObject({ status: 422, body: { errors: [{ field: 'ownerId' }] } });
  });

  it('leaves a deal the inactive rep already has unchanged when imported again', async () => {
    // Imported while active, then the rep leaves; a re-import of the same row is no change.
    await call({ method: 'PUT', path: '/reps/keeper', body: { name: 'Kee Per', email: 'keeper@example.com', teamId: 'acme' } });
    const row = { row: 2, id: 'imp-keeper', ...deal, ownerId: 'keeper', createdAt: '2026-01-05T09:00:00.000Z' };
    expect(
      (await call({ method: 'POST', path: '/imports/opportunities', body: { opportunities: [row] } })).body.opportunities,
    ).toMatchObject({ accepted: 1 });
    await call({
      method: 'PUT',
      path: '/reps/keeper',
      body: { name: 'Kee Per', email: 'keeper@example.com', teamId: 'acme', active: false },
    });
    const again = await call({ method: 'POST', path: '/imports/opportunities', body: { opportunities: [row] } });
    expect(again.body.opportunities).toMatchObject({ accepted: 0, unchanged: 1, rejected: 0 });
  });
});

describe('import naming a stored deal that is invalid', () => {
  it('rejects its row saying how to mend the deal, and imports the other rows', async () => {
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: opportunityToItem(
          anOverCapOpportunity({
            ...deal,
            id: 'imp-bad',
            amount: 2 * MAX_AMOUNT_MINOR,
            createdAt: '2026-01-05T09:00:00.000Z',
            updatedAt: '2026-01-05T09:00:00.000Z',
          }),
        ),
      }),
    );
    const reply = await call({
      method: 'POST',
      path: '/imports/opportunities',
      body: {
        opportunities: [
          { row: 2, id: 'imp-bad', ...deal, createdAt: '2026-01-05T09:00:00.000Z' },
          { row: 3, id: 'imp-ok', ...deal, createdAt: '2026-01-05T09:00:00.000Z' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.opportunities).toMatchObject({ accepted: 1, rejected: 1 });
    expect(reply.body.rejections).toEqual([
      expect.objectContaining({ row: 2, opportunityId: 'imp-bad', reason: expect.stringContaining('PUT') }),
    ]);
  });
});
