import {
  readCampaignMetrics,
  readConversionFunnel,
  readLeadMetrics,
  readOpportunityMetrics,
} from '#core/conversion/read-conversion-metrics.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import {
  CampaignMetricsDocument,
  ConversionFunnelDocument,
  LeadMetricsDocument,
  OpportunityMetricsDocument,
} from './conversion-documents.js';
import { ConversionQuery, GroupedConversionQuery } from './conversion-parameters.js';

// 403: a team outside what the caller sees; 404: a rep hidden or missing, or a missing team.
export const conversionRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/conversion/leads',
    operationId: 'getLeadConversion',
    summary: 'Leads created and converted, conversion rate and days to convert, by month, source, campaign, team or rep (up to 24 months)',
    tag: 'conversion',
    query: GroupedConversionQuery,
    responses: { 200: { description: 'one row per group and the total', schema: LeadMetricsDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) => json(200, await readLeadMetrics(adapters, access, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/conversion/opportunities',
    operationId: 'getOpportunityConversion',
    summary: 'Deals from converted leads beside all others: count, won, lost, win rate, deal size, days to close, revenue, pipeline',
    tag: 'conversion',
    query: GroupedConversionQuery,
    responses: { 200: { description: 'one row per group and the total', schema: OpportunityMetricsDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) => json(200, await readOpportunityMetrics(adapters, access, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/conversion/campaigns',
    operationId: 'getCampaignConversion',
    summary: 'Per campaign: leads, conversions, pipeline, won revenue, costs, cost per lead and per won deal, ROI',
    tag: 'conversion',
    query: ConversionQuery,
    responses: { 200: { description: 'every campaign, legacy campaign texts, and no campaign', schema: CampaignMetricsDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) => json(200, await readCampaignMetrics(adapters, access, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/conversion/funnel',
    operationId: 'getConversionFunnel',
    summary: 'Of the deals that reached each stage in the range: the share that reached each later stage and won, and days in the stage',
    tag: 'conversion',
    query: ConversionQuery,
    responses: { 200: { description: 'the stages in the configuration order', schema: ConversionFunnelDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) => json(200, await readConversionFunnel(adapters, access, query)),
  }),
];
