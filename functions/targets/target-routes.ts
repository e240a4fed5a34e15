import { monthsBetween } from '#core/shared/period.js';
import { putTargets, readTargets } from '#core/targets/put-and-read-targets.js';
import { TargetInput } from '#core/targets/target.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { TargetListDocument } from './target-documents.js';
import { ReadTargetsQuery } from './target-parameters.js';

export const targetRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/targets',
    operationId: 'putTargets',
    summary: 'Set the targets of a rep or team for one month or many (a whole year in one request)',
    tag: 'targets',
    body: TargetInput,
    responses: { 200: { description: 'the targets written', schema: TargetListDocument } },
    problems: [422],
    action: async ({ body, access }, adapters) => json(200, { targets: await putTargets(adapters, access, body) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/targets',
    operationId: 'listTargets',
    summary: 'The targets of a rep or team over a range of months',
    tag: 'targets',
    query: ReadTargetsQuery,
    responses: { 200: { description: 'targets by month, then product family', schema: TargetListDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) =>
      json(200, {
        targets: await readTargets(
          adapters,
          access,
          { ownerType: query.ownerType, ownerId: query.ownerId },
          monthsBetween(query.from, query.to),
        ),
      }),
  }),
];
