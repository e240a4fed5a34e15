import { CampaignInput } from '#core/campaigns/campaign.js';
import { putCampaign } from '#core/campaigns/put-campaign.js';
import { getCampaign, listCampaigns } from '#core/campaigns/read-campaigns.js';
import { type ApiRoute, defineRoute, etagOf, json } from '../api/route-definition.js';
import { statusOf } from '../api/write-status.js';
import { CampaignDocument, CampaignPage } from './campaign-documents.js';
import { CampaignIdParams, ListCampaignsQuery } from './campaign-parameters.js';

const ETAG = { etag: 'the version, for If-Match' };

export const campaignRoutes: ApiRoute[] = [
  defineRoute({
    method: 'PUT',
    path: '/campaigns/{campaignId}',
    operationId: 'putCampaign',
    summary: 'Create or replace a campaign (marketing and admins; idempotent upsert; If-Match for optimistic concurrency)',
    tag: 'campaigns',
    params: CampaignIdParams,
    body: CampaignInput,
    conditional: true,
    responses: {
      201: { description: 'created', schema: CampaignDocument, headers: ETAG },
      200: { description: 'updated, or unchanged when identical (nothing written)', schema: CampaignDocument, headers: ETAG },
    },
    problems: [409, 422],
    action: async ({ params, body, ifMatch, access }, adapters) => {
      const { outcome, record } = await putCampaign(adapters, access, params.campaignId, body, ifMatch);
      return json(statusOf(outcome), record, {
        etag: etagOf(record.version),
        ...(outcome === 'created' ? { location: `/campaigns/${record.id}` } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/campaigns/{campaignId}',
    operationId: 'getCampaign',
    summary: 'Get a campaign',
    tag: 'campaigns',
    params: CampaignIdParams,
    responses: { 200: { description: 'the campaign', schema: CampaignDocument, headers: ETAG } },
    problems: [404],
    action: async ({ params }, adapters) => {
      const campaign = await getCampaign(adapters.campaigns, params.campaignId);
      return json(200, campaign, { etag: etagOf(campaign.version) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/campaigns',
    operationId: 'listCampaigns',
    summary: 'List campaigns by id',
    tag: 'campaigns',
    query: ListCampaignsQuery,
    responses: { 200: { description: 'one page of campaigns', schema: CampaignPage } },
    action: async ({ query }, adapters) => json(200, await listCampaigns(adapters.campaigns, query)),
  }),
];
