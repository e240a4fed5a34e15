import { putRep } from '#core/organisation/put-rep.js';
import { getRep, listReps } from '#core/organisation/read-reps-and-teams.js';
import { RepInput } from '#core/organisation/rep.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { statusOf } from '../api/write-status.js';
import { RepDocument, RepPage } from './organisation-documents.js';
import { ListRepsQuery, RepIdParams } from './organisation-parameters.js';

export const repRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/reps/{repId}',
    operationId: 'putRep',
    summary: 'Create or replace a rep (idempotent upsert)',
    tag: 'organisation',
    params: RepIdParams,
    body: RepInput,
    responses: {
      201: { description: 'created', schema: RepDocument },
      200: { description: 'updated, or unchanged (nothing written)', schema: RepDocument },
    },
    problems: [409, 422],
    action: async ({ params, body, access }, adapters) => {
      const { outcome, record } = await putRep(adapters, access, params.repId, body);
      return json(statusOf(outcome), record, outcome === 'created' ? { location: `/reps/${record.id}` } : {});
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}',
    operationId: 'getRep',
    summary: 'Get a rep',
    tag: 'organisation',
    params: RepIdParams,
    responses: { 200: { description: 'the rep', schema: RepDocument } },
    problems: [404],
    action: async ({ params, access }, adapters) => json(200, await getRep(adapters.reps, access, params.repId)),
  }),
  defineRoute({
    method: 'GET',
    path: '/reps',
    operationId: 'listReps',
    summary: 'List reps by id, or the reps of one team',
    tag: 'organisation',
    query: ListRepsQuery,
    responses: { 200: { description: 'one page of reps', schema: RepPage } },
    action: async ({ query, access }, adapters) => json(200, await listReps(adapters.reps, access, { teamId: query.teamId }, query)),
  }),
];
