import { readCommissionChange } from '#core/commission/read-commission-change.js';
import { readNextSale } from '#core/commission/read-next-sale.js';
import { asOfInstant } from '../api/common-parameters.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { RepMonthParams } from '../reports/report-parameters.js';
import { CommissionChangeDocument, CommissionChangeQuery, NextSaleDocument } from './commission-insight-documents.js';

export const commissionInsightRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}/months/{month}/commission/next-sale',
    operationId: 'getNextSale',
    summary:
      "What a rep's next sale this month would earn: per commission pool, the band it falls in, the marginal rate and the revenue left to the next band",
    tag: 'commission',
    params: RepMonthParams,
    responses: { 200: { description: 'each pool: general first, then the families with their own levels', schema: NextSaleDocument } },
    problems: [404],
    action: async ({ params, access }, adapters) => json(200, await readNextSale(adapters, access, params.repId, params.month)),
  }),
  defineRoute({
    method: 'GET',
    path: '/reps/{repId}/months/{month}/commission/change',
    operationId: 'getCommissionChange',
    summary:
      "Why a rep's commission for a month changed between two instants: earned, pipeline commission and total potential before and after, explained line by line (deal won, lost, amount changed, moved, reassigned, levels, stages, target), the lines summing exactly to the change",
    tag: 'commission',
    params: RepMonthParams,
    query: CommissionChangeQuery,
    responses: { 200: { description: 'the change and its lines, in time order', schema: CommissionChangeDocument } },
    problems: [404, 422],
    action: async ({ params, query, access }, adapters) =>
      json(
        200,
        await readCommissionChange(adapters, access, {
          repId: params.repId,
          month: params.month,
          from: asOfInstant(query.from),
          to: query.to !== undefined ? asOfInstant(query.to) : undefined,
        }),
      ),
  }),
];
