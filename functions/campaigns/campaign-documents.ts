/** Responses of the campaign routes, for the OpenAPI document: the stored campaign and pages of them. */
import { Campaign } from '#core/campaigns/campaign.js';
import { pageOf } from '../api/common-documents.js';

export const CampaignDocument = Campaign.meta({ id: 'Campaign' });
export const CampaignPage = pageOf(CampaignDocument, 'CampaignPage');
