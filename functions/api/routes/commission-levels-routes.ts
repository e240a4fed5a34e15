import { CommissionLevelsInput } from '../../../core/schemas/commission-levels.js';
import { putCommissionLevels, readLevelsInForce } from '../../../core/use-cases/commission-levels.js';
import { LevelsInForceQuery, RepIdParams } from '../request-schemas.js';
import { CommissionLevelsTimelineDocument, LevelsInForceDocument } from '../response-schemas.js';
import { defineRoute, json, type ApiRoute } from '../route.js';

export const commissionLevelsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/commission-levels',
    summary: "Set a rep's commission levels from a month on (carried forward), or for a range of months",
    tag: 'commission levels',
    body: CommissionLevelsInput,
    responses: { 200: { description: "the family's levels timeline after the write", schema: CommissionLevelsTimelineDocument } },
    problems: [422],
    action: async ({ body, access }, adapters) => json(200, await putCommissionLevels(adapters, access, body)),
  }),
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}/commission-levels',
    summary: 'The commission levels in force for a rep in a month',
    tag: 'commission levels',
    params: RepIdParams,
    query: LevelsInForceQuery,
    responses: { 200: { description: 'general and per-family bands in force', schema: LevelsInForceDocument } },
    problems: [404],
    action: async ({ params, query, access }, adapters) => json(200, await readLevelsInForce(adapters, access, params.repId, query.month)),
  }),
];
