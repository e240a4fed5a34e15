import { CommissionLevelsInput } from '#core/commission/commission-levels.js';
import { putCommissionLevels, readLevelsInForce } from '#core/commission/put-and-read-commission-levels.js';
import { type ApiRoute, defineRoute, etagOf, json } from '../api/route-definition.js';
import { RepIdParams } from '../organisation/organisation-parameters.js';
import { CommissionLevelsTimelineDocument, LevelsInForceDocument } from './commission-documents.js';
import { LevelsInForceQuery } from './commission-parameters.js';

const ETAG = { etag: "the version of the rep's levels timeline (all families), for If-Match; absent while the rep has no levels" };

function versionHeaders(version: number): Record<string, string> {
  return version > 0 ? { etag: etagOf(version) } : {};
}

export const commissionLevelsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/commission-levels',
    operationId: 'putCommissionLevels',
    summary:
      "Set a rep's commission levels from a month on (carried forward), or for a range of months (If-Match for optimistic concurrency; without it a write that meets a concurrent one is applied on top of it)",
    tag: 'commission',
    body: CommissionLevelsInput,
    conditional: true,
    responses: {
      200: { description: "the family's levels timeline after the write", schema: CommissionLevelsTimelineDocument, headers: ETAG },
    },
    problems: [409, 422],
    action: async ({ body, ifMatch, access }, adapters) => {
      const { record, version } = await putCommissionLevels(adapters, access, body, ifMatch);
      return json(200, record, versionHeaders(version));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}/commission-levels',
    operationId: 'getCommissionLevels',
    summary: 'The commission levels in force for a rep in a month',
    tag: 'commission',
    params: RepIdParams,
    query: LevelsInForceQuery,
    responses: { 200: { description: 'general and per-family bands in force', schema: LevelsInForceDocument, headers: ETAG } },
    problems: [404],
    action: async ({ params, query, access }, adapters) => {
      const { record, version } = await readLevelsInForce(adapters, access, params.repId, query.month);
      return json(200, record, versionHeaders(version));
    },
  }),
];
