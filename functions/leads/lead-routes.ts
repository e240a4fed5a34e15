import { ConvertLeadInput, convertLead } from '#core/leads/convert-lead.js';
import { LeadInput } from '#core/leads/lead.js';
import { putLead } from '#core/leads/put-lead.js';
import { getLead, listLeads } from '#core/leads/read-leads.js';
import { type ApiRoute, defineRoute, etagOf, json } from '../api/route-definition.js';
import { statusOf } from '../api/write-status.js';
import { LeadConversionDocument, LeadDocument, LeadPage } from './lead-documents.js';
import { LeadIdParams, ListLeadsQuery } from './lead-parameters.js';

const ETAG = { etag: 'the version, for If-Match' };

export const leadRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/leads/{leadId}',
    operationId: 'putLead',
    summary:
      'Create or replace a lead (idempotent upsert; If-Match for optimistic concurrency); converted only by POST /leads/{leadId}/convert',
    tag: 'leads',
    params: LeadIdParams,
    body: LeadInput,
    conditional: true,
    responses: {
      201: { description: 'created', schema: LeadDocument, headers: ETAG },
      200: { description: 'updated, or unchanged when identical (nothing written)', schema: LeadDocument, headers: ETAG },
    },
    problems: [404, 409, 422],
    action: async ({ params, body, ifMatch, access }, adapters) => {
      const { outcome, record } = await putLead(adapters, access, params.leadId, body, ifMatch);
      return json(statusOf(outcome), record, {
        etag: etagOf(record.version),
        ...(outcome === 'created' ? { location: `/leads/${record.id}` } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/leads/{leadId}',
    operationId: 'getLead',
    summary: 'Get a lead with its status history',
    tag: 'leads',
    params: LeadIdParams,
    responses: { 200: { description: 'the lead', schema: LeadDocument, headers: ETAG } },
    problems: [404],
    action: async ({ params, access }, adapters) => {
      const lead = await getLead(adapters.leads, access, params.leadId);
      return json(200, lead, { etag: etagOf(lead.version) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/leads',
    operationId: 'listLeads',
    summary: 'Leads newest first, by owner, campaign or status (filtered to the leads the caller may see)',
    tag: 'leads',
    query: ListLeadsQuery,
    responses: { 200: { description: 'one page of leads', schema: LeadPage } },
    action: async ({ query: { cursor, limit, ...filter }, access }, adapters) =>
      json(200, await listLeads(adapters.leads, access, filter, { cursor, limit })),
  }),
  defineRoute({
    method: 'POST',
    path: '/leads/{leadId}/convert',
    operationId: 'convertLead',
    summary: 'Convert a lead into an opportunity in one idempotent step: the same request again answers with what it made',
    tag: 'leads',
    params: LeadIdParams,
    body: ConvertLeadInput,
    responses: {
      201: { description: 'converted: the lead and the new opportunity', schema: LeadConversionDocument },
      200: { description: 'converted already by this same request: nothing written', schema: LeadConversionDocument },
    },
    problems: [404, 409, 422],
    action: async ({ params, body, access }, adapters) => {
      const { outcome, lead, opportunity } = await convertLead(adapters, access, params.leadId, body);
      return json(outcome === 'created' ? 201 : 200, { lead, opportunity }, { location: `/opportunities/${opportunity.id}` });
    },
  }),
];
