/**
 * GET /me through the real handler on DynamoDB Local: who the caller is and every scope
 * they may choose, for each role. The organisation:
 * acme ─ north ─ north-east; acme ─ south. Pat (a manager) is placed in the company, Mia
 * manages North, Dave sells in North East, Erin in the South; Gus (North) has left. The
 * engine's clock stands at 2026-03-02 09:00 UTC, which /me says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { type ApiCall, type ApiHandlerFunction, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let handler: ApiHandlerFunction;
let admin: ApiCall;
const as = (repId: string, role: 'rep' | 'manager' | 'admin' | 'marketing') => apiClientOf(handler, { as: { repId, role } });
const rep = (name: string, teamId: string, active = true) => ({
  name,
  email: `${name.split(' ')[0]?.toLowerCase()}@example.com`,
  teamId,
  active,
});

beforeAll(async () => {
  table = await createTestTable('api-caller');
  const deps = table.dependencies(fixedClock('2026-03-02T09:00:00Z'));
  await bootstrapTestOrganisation(deps, { id: 'acme', name: 'Acme Ltd' });
  handler = createApiHandler(deps, { logger: silentLogger });
  admin = apiClientOf(handler);
  for (const [path, body] of [
    ['/teams/north', { name: 'North', parentTeamId: 'acme' }],
    ['/teams/south', { name: 'South', parentTeamId: 'acme' }],
    ['/teams/north-east', { name: 'North East', parentTeamId: 'north' }],
    ['/reps/pat', rep('Pat Quinn', 'acme')],
    ['/reps/mia', rep('Mia Lund', 'north')],
    ['/reps/gus', rep('Gus Old', 'north', false)],
    ['/reps/dave', rep('Dave Apthorp', 'north-east')],
    ['/reps/erin', rep('Erin Brock', 'south')],
  ] as const) {
    expect((await admin({ method: 'PUT', path, body })).status, path).toBe(201);
  }
});

afterAll(async () => {
  await table?.delete();
});

const team = (id: string, name: string, parentTeamId: string | null) => ({ id, name, parentTeamId });
const listed = (id: string, name: string, teamId: string, active = true) => ({ id, name, teamId, active });

describe('GET /me', () => {
  it('gives a rep themself alone: no company, no team', async () => {
    const reply = await as('dave', 'rep')({ method: 'GET', path: '/me' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      rep: { id: 'dave', name: 'Dave Apthorp', teamId: 'north-east' },
      role: 'rep',
      company: null,
      teams: [],
      reps: [listed('dave', 'Dave Apthorp', 'north-east')],
      now: '2026-03-02T09:00:00.000Z',
    });
  });

  it('gives a manager the teams they manage and everything below, in tree order, leavers included', async () => {
    const reply = await as('mia', 'manager')({ method: 'GET', path: '/me' });
    expect(reply.body).toEqual({
      rep: { id: 'mia', name: 'Mia Lund', teamId: 'north' },
      role: 'manager',
      company: null,
      teams: [team('north', 'North', 'acme'), team('north-east', 'North East', 'north')],
      reps: [listed('gus', 'Gus Old', 'north', false), listed('mia', 'Mia Lund', 'north'), listed('dave', 'Dave Apthorp', 'north-east')],
      now: '2026-03-02T09:00:00.000Z',
    });
  });

  it('adds a team that names the manager as its manager, with its reps', async () => {
    await admin({ method: 'PUT', path: '/teams/south', body: { name: 'South', parentTeamId: 'acme', managerId: 'mia' } });
    const reply = await as('mia', 'manager')({ method: 'GET', path: '/me' });
    await admin({ method: 'PUT', path: '/teams/south', body: { name: 'South', parentTeamId: 'acme' } });
    expect(reply.body.teams.map((entry: { id: string }) => entry.id)).toEqual(['north', 'north-east', 'south']);
    expect(reply.body.reps.map((entry: { id: string }) => entry.id)).toEqual(['gus', 'mia', 'dave', 'erin']);
  });

  it('gives a manager placed in the company, and an admin, the company and every team and rep', async () => {
    const everything = {
      company: { id: 'acme', name: 'Acme Ltd' },
      teams: [
        team('acme', 'Acme Ltd', null),
        team('north', 'North', 'acme'),
        team('north-east', 'North East', 'north'),
        team('south', 'South', 'acme'),
      ],
      reps: [
        listed('pat', 'Pat Quinn', 'acme'),
        listed('admin', 'Sales Operations', 'acme'),
        listed('gus', 'Gus Old', 'north', false),
        listed('mia', 'Mia Lund', 'north'),
        listed('dave', 'Dave Apthorp', 'north-east'),
        listed('erin', 'Erin Brock', 'south'),
      ],
      now: '2026-03-02T09:00:00.000Z',
    };
    expect((await as('pat', 'manager')({ method: 'GET', path: '/me' })).body).toEqual({
      rep: { id: 'pat', name: 'Pat Quinn', teamId: 'acme' },
      role: 'manager',
      ...everything,
    });
    expect((await admin({ method: 'GET', path: '/me' })).body).toEqual({
      rep: { id: 'admin', name: 'Sales Operations', teamId: 'acme' },
      role: 'admin',
      ...everything,
    });
  });

  it("gives marketing the company and every team and rep: the scopes of the leads it sees (it reads no one's sales figures)", async () => {
    const reply = await as('pat', 'marketing')({ method: 'GET', path: '/me' });
    expect(reply.body).toMatchObject({ rep: { id: 'pat' }, role: 'marketing', company: { id: 'acme', name: 'Acme Ltd' } });
    expect(reply.body.teams.map((entry: { id: string }) => entry.id)).toEqual(['acme', 'north', 'north-east', 'south']);
    expect(reply.body.reps.map((entry: { id: string }) => entry.id)).toEqual(['pat', 'admin', 'gus', 'mia', 'dave', 'erin']);
    expect((await as('pat', 'marketing')({ method: 'GET', path: '/company/periods/2026-03' })).status).toBe(403);
  });

  it('refuses a token whose rep has left, as every route does', async () => {
    expect((await as('gus', 'manager')({ method: 'GET', path: '/me' })).status).toBe(403);
  });
});
