import { deleteOpportunity } from '#core/opportunities/delete-opportunity.js';
import { OpportunityInput } from '#core/opportunities/opportunity.js';
import { readOpportunityHistory } from '#core/opportunities/opportunity-history.js';
import { putOpportunity } from '#core/opportunities/put-opportunity.js';
import { listOpportunities, readOpportunity } from '#core/reports/read-opportunities.js';
import { asOfInstant } from '../api/common-parameters.js';
import { type ApiRoute, defineRoute, etagOf, json } from '../api/route-definition.js';
import { statusOf } from '../api/write-status.js';
import {
  OpportunityDocument,
  OpportunityHistoryDocument,
  OpportunityPage,
  OpportunityWithQualityDocument,
} from './opportunity-documents.js';
import { ListOpportunitiesQuery, OpportunityIdParams, ReadOpportunityQuery } from './opportunity-parameters.js';

const ETAG = { etag: 'the version, for If-Match' };

export const opportunityRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/opportunities/{opportunityId}',
    operationId: 'putOpportunity',
    summary: 'Create or replace an opportunity (idempotent upsert; If-Match for optimistic concurrency)',
    tag: 'opportunities',
    params: OpportunityIdParams,
    body: OpportunityInput,
    conditional: true,
    responses: {
      201: { description: 'created (or revived after a delete)', schema: OpportunityDocument, headers: ETAG },
      200: { description: 'updated, or unchanged when identical (nothing written)', schema: OpportunityDocument, headers: ETAG },
    },
    problems: [409, 422],
    action: async ({ params, body, ifMatch, access }, adapters) => {
      const { outcome, record } = await putOpportunity(adapters, access, params.opportunityId, body, ifMatch);
      return json(statusOf(outcome), record, {
        etag: etagOf(record.version),
        ...(outcome === 'created' ? { location: `/opportunities/${record.id}` } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/opportunities/{opportunityId}',
    operationId: 'getOpportunity',
    summary: 'Get an opportunity with its pipeline quality metrics now or as of a date',
    tag: 'opportunities',
    params: OpportunityIdParams,
    query: ReadOpportunityQuery,
    responses: { 200: { description: 'the opportunity and its quality metrics', schema: OpportunityWithQualityDocument, headers: ETAG } },
    problems: [404],
    action: async ({ params, query, access }, adapters) => {
      const result = await readOpportunity(
        adapters,
        access,
        params.opportunityId,
        query.asOf === undefined ? undefined : asOfInstant(query.asOf),
      );
      return json(200, result, { etag: etagOf(result.opportunity.version) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/opportunities/{opportunityId}/history',
    operationId: 'getOpportunityHistory',
    summary:
      "A deal's history: who changed its stage, close date, amount, probability or owner (or deleted it), from what to what, when; newest first",
    tag: 'opportunities',
    params: OpportunityIdParams,
    responses: { 200: { description: 'the tracked field changes, newest first', schema: OpportunityHistoryDocument } },
    problems: [404],
    action: async ({ params, access }, adapters) => json(200, await readOpportunityHistory(adapters, access, params.opportunityId)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/opportunities/{opportunityId}',
    operationId: 'deleteOpportunity',
    summary: 'Delete an opportunity (soft: its version continues); repeating it is harmless',
    tag: 'opportunities',
    params: OpportunityIdParams,
    conditional: true,
    responses: { 204: { description: 'deleted' } },
    problems: [404, 409],
    action: async ({ params, ifMatch, access }, adapters) => {
      await deleteOpportunity(adapters, access, params.opportunityId, ifMatch);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/opportunities',
    operationId: 'listOpportunities',
    summary: "A rep's opportunities by close date",
    tag: 'opportunities',
    query: ListOpportunitiesQuery,
    responses: { 200: { description: 'one page of opportunities', schema: OpportunityPage } },
    action: async ({ query, access }, adapters) =>
      json(
        200,
        await listOpportunities(
          adapters.opportunities,
          access,
          { ownerId: query.ownerId ?? access.principal.repId, from: query.from, to: query.to },
          query,
        ),
      ),
  }),
];
