import { putTeam } from '#core/organisation/put-team.js';
import { getTeam, listTeams } from '#core/organisation/read-reps-and-teams.js';
import { TeamInput } from '#core/organisation/team.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { statusOf } from '../api/write-status.js';
import { TeamDocument, TeamPage } from './organisation-documents.js';
import { ListTeamsQuery, TeamIdParams } from './organisation-parameters.js';

export const teamRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/teams/{teamId}',
    operationId: 'putTeam',
    summary: 'Create or replace a team; the one team without parentTeamId is the company',
    tag: 'organisation',
    params: TeamIdParams,
    body: TeamInput,
    responses: {
      201: { description: 'created', schema: TeamDocument },
      200: { description: 'updated, or unchanged (nothing written)', schema: TeamDocument },
    },
    problems: [409, 422],
    action: async ({ params, body, access }, adapters) => {
      const { outcome, record } = await putTeam(adapters, access, params.teamId, body);
      return json(statusOf(outcome), record, outcome === 'created' ? { location: `/teams/${record.id}` } : {});
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/teams/{teamId}',
    operationId: 'getTeam',
    summary: 'Get a team',
    tag: 'organisation',
    params: TeamIdParams,
    responses: { 200: { description: 'the team', schema: TeamDocument } },
    problems: [404],
    action: async ({ params }, adapters) => json(200, await getTeam(adapters.teams, params.teamId)),
  }),
  defineRoute({
    method: 'GET',
    path: '/teams',
    operationId: 'listTeams',
    summary: 'List teams by id',
    tag: 'organisation',
    query: ListTeamsQuery,
    responses: { 200: { description: 'one page of teams', schema: TeamPage } },
    action: async ({ query }, adapters) => json(200, await listTeams(adapters.teams, query)),
  }),
];
