/** Reps and teams through the real handler against DynamoDB Local: upserts, tree rules, pages. */

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
  table = await createTestTable('api-reps-teams');
  await bootstrapTestOrganisation(table.dependencies(fixedClock('2016-02-01T09:00:00Z')), { id: 'acme', name: 'Acme Ltd' });
  call = apiClientOf(
    createApiHandler(table.dependencies(fixedClock('2016-02-01T09:00:00Z')), { logger: new Logger({ logLevel: 'SILENT' }) }),
  );
});

afterAll(async () => {
  await table.delete();
});

async function pagesOf(path: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const reply = await call({ method: 'GET', path: `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}` });
    expect(reply.status).toBe(200);
    ids.push(...reply.body.items.map((item: { id: string }) => item.id));
    cursor = reply.body.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('teams', () => {
  it('has the company the first run set up, and answers a repeated PUT of it with 200 and no new version', async () => {
    const company = await call({ method: 'GET', path: '/teams/acme' });
    expect(company.body).toMatchObject({
      id: 'acme',
      name: 'Acme Ltd',
      parentTeamId: null,
      version: 1,
      updatedAt: '2016-02-01T09:00:00.000Z',
    });

    const repeated = await call({ method: 'PUT', path: '/teams/acme', body: { name: 'Acme Ltd' } });
    expect(repeated).toMatchObject({ status: 200, body: { version: 1 } });
  });

  it('builds the tree and refuses a second company, an unknown parent and a cycle (422 on parentTeamId)', async () => {
    const created = await call({ method: 'PUT', path: '/teams/north', body: { name: 'North', parentTeamId: 'acme' } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/teams/north');
    expect(created.body).toMatchObject({
      id: 'north',
      name: 'North',
      parentTeamId: 'acme',
      version: 1,
      updatedAt: '2016-02-01T09:00:00.000Z',
    });
    expect((await call({ method: 'PUT', path: '/teams/north-east', body: { name: 'North East', parentTeamId: 'north' } })).status).toBe(
      201,
    );
    expect((await call({ method: 'PUT', path: '/teams/south', body: { name: 'South', parentTeamId: 'acme' } })).status).toBe(201);

    for (const [teamId, body] of [
      ['rival', { name: 'Rival', parentTeamId: null }],
      ['west', { name: 'West', parentTeamId: 'ghost' }],
      ['north', { name: 'North', parentTeamId: 'north-east' }],
      ['north', { name: 'North', parentTeamId: 'north' }],
    ] as const) {
      const reply = await call({ method: 'PUT', path: `/teams/${teamId}`, body });
      expect(reply.status).toBe(422);
      expect(reply.body.errors[0].field).toBe('parentTeamId');
    }
    expect((await call({ method: 'GET', path: '/teams/rival' })).status).toBe(404);
    expect((await call({ method: 'GET', path: '/teams/north' })).body).toMatchObject({ parentTeamId: 'acme', version: 1 });
  });

  it('moves a team under another parent as version 2', async () => {
    const moved = await call({ method: 'PUT', path: '/teams/north-east', body: { name: 'North East', parentTeamId: 'acme' } });
    expect(moved).toMatchObject({ status: 200, body: { parentTeamId: 'acme', version: 2 } });
  });

  it('lists teams in pages by id', async () => {
    const { ids, pages } = await pagesOf('/teams', 2);
    expect(ids).toEqual(['acme', 'north', 'north-east', 'south']);
    expect(pages).toBe(2);
  });
});

describe('reps', () => {
  const reps = ['alice', 'bob', 'carol', 'dave', 'erin'];

  it('creates reps and checks their team and manager (422 naming the field, nothing written)', async () => {
    for (const repId of reps) {
      const teamId = repId === 'erin' ? 'south' : 'north';
      const reply = await call({
        method: 'PUT',
        path: `/reps/${repId}`,
        body: { name: repId.toUpperCase(), email: `${repId}@example.com`, teamId },
      });
      expect(reply.status).toBe(201);
    }
    const unknownTeam = await call({
      method: 'PUT',
      path: '/reps/frank',
      body: { name: 'Frank', email: 'frank@example.com', teamId: 'ghost' },
    });
    expect(unknownTeam).toMatchObject({ status: 422, body: { errors: [{ field: 'teamId' }] } });
    const unknownManager = await call({
      method: 'PUT',
      path: '/reps/frank',
      body: { name: 'Frank', email: 'frank@example.com', teamId: 'north', managerId: 'ghost' },
    });
    expect(unknownManager).toMatchObject({ status: 422, body: { errors: [{ field: 'managerId' }] } });
    expect((await call({ method: 'GET', path: '/reps/frank' })).status).toBe(404);
  });

  it('updates a rep as version 2 and returns it by id', async () => {
    const updated = await call({
      method: 'PUT',
      path: '/reps/dave',
      body: { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'north', managerId: 'alice' },
    });
    expect(updated).toMatchObject({ status: 200, body: { version: 2, managerId: 'alice', active: true } });
    expect((await call({ method: 'GET', path: '/reps/dave' })).body).toMatchObject({ id: 'dave', name: 'Dave Apthorp', version: 2 });
  });

  it('lists all reps over pages, and the reps of one team', async () => {
    // The first admin (the bootstrap's) is a rep too.
    const all = await pagesOf('/reps', 2);
    expect(all.ids).toEqual(['admin', ...reps]);
    expect(all.pages).toBe(3);
    const north = await pagesOf('/reps?teamId=north', 3);
    expect(north.ids).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('refuses a cursor from another list', async () => {
    const firstPage = await call({ method: 'GET', path: '/reps?teamId=north&limit=1' });
    const reply = await call({ method: 'GET', path: `/reps?teamId=south&cursor=${firstPage.body.nextCursor}` });
    expect(reply).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });
});
