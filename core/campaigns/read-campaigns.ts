/**
 * Reads of campaigns by id and as pages. Every signed-in role reads them: a campaign's
 * name, dates and costs are what leads and deals are attributed to, not anyone's figures.
 */

import { NotFoundError } from '../shared/errors.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Campaign } from './campaign.js';
import type { CampaignRepository } from './campaign-repository.js';

export function campaignNotFound(campaignId: string): NotFoundError {
  return new NotFoundError(`campaign '${campaignId}' not found`);
}

export async function getCampaign(campaigns: CampaignRepository, campaignId: string): Promise<Campaign> {
  const campaign = await campaigns.get(campaignId);
  if (!campaign) throw campaignNotFound(campaignId);
  return campaign;
}

export function listCampaigns(campaigns: CampaignRepository, page: PageRequest): Promise<Page<Campaign>> {
  return campaigns.list(page);
}
