/**
 * Teams written before the managers' index, on DynamoDB Local: their manager does not see
 * them until `reconcile --repair` gives them their index entry; a second run writes nothing.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexManagedTeams } from '#functions/organisation/team-index-upgrade.js';
import { teamToItem } from '#functions/organisation/team-store.js';
import { createReconcileHandler } from '#functions/reconcile/reconcile-handler.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';

const AT = '2026-01-05T08:00:00.000Z';
let engine: EngineHarness;
let mia: ApiCall;

const teamIdsSeenByMia = async () => (await mia({ method: 'GET', path: '/me' })).body.teams.map((team: { id: string }) => team.id);

beforeAll(async () => {
  engine = await startEngine('team-index-upgrade', AT);
  await engine.write('PUT', '/teams/emea', { name: 'EMEA', parentTeamId: 'company' }, AT);
  await engine.write('PUT', '/teams/uk', { name: 'UK', parentTeamId: 'emea' }, AT);
  await engine.write('PUT', '/reps/mia', { name: 'Mia Chen', email: 'mia@example.com', teamId: 'uk' }, AT);
  // APAC names Mia as its manager, stored as before the index: no GSI3 entry.
  const {
    gsi3pk: _pk,
    gsi3sk: _sk,
    ...before
  } = teamToItem({
    id: 'apac',
    name: 'APAC',
    parentTeamId: 'company',
    managerId: 'mia',
    version: 1,
    updatedAt: AT,
  });
  await engine.table.documentClient.send(new PutCommand({ TableName: engine.table.tableName, Item: before }));
  mia = apiClientOf(engine.handler, { as: { repId: 'mia', role: 'manager' } });
});
afterAll(() => engine?.stop());

describe('the managers’ index of teams written before it', () => {
  it('is written by reconcile --repair, after which the manager sees the team; once only', async () => {
    expect(await teamIdsSeenByMia()).toEqual(['uk']);

    await createReconcileHandler(engine.table.dependencies(engine.clock))({ repair: true });

    expect(await teamIdsSeenByMia()).toEqual(['apac', 'uk']);
    expect(await indexManagedTeams(engine.table.dependencies(engine.clock))).toEqual({ indexed: 0 });
  });
});
