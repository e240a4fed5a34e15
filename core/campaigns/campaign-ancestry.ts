/**
 * A campaign's parent must exist, and the campaign must not become its own ancestor. The
 * chain of parents is read one campaign at a time from the table (a programme and its waves
 * are a shallow tree), and bounded: a chain deeper than MAX_CAMPAIGN_DEPTH is refused too,
 * so that a chain stored around the API can never make a write loop.
 */
import { invalidField } from '../shared/errors.js';

/** How many parents a campaign may have above it. */
export const MAX_CAMPAIGN_DEPTH = 10;

export interface CampaignLink {
  readonly id: string;
  readonly parentCampaignId: string | null;
}

/**
 * Checks giving `campaignId` the parent `parentCampaignId`: a ValidationError naming
 * `parentCampaignId` when the parent does not exist, is the campaign itself or below it,
 * or when the chain of parents would be deeper than MAX_CAMPAIGN_DEPTH.
 */
export async function checkCampaignParent(
  campaignId: string,
  parentCampaignId: string | null,
  readCampaign: (campaignId: string) => Promise<CampaignLink | undefined>,
): Promise<void> {
  if (parentCampaignId === null) return;
  if (parentCampaignId === campaignId) throw invalidField('parentCampaignId', 'a campaign may not be its own parent');
  let ancestor = await readCampaign(parentCampaignId);
  if (!ancestor) throw invalidField('parentCampaignId', `campaign '${parentCampaignId}' does not exist`);
  for (let depth = 1; ancestor.parentCampaignId !== null; depth++) {
    if (ancestor.parentCampaignId === campaignId)
      throw invalidField('parentCampaignId', `campaign '${campaignId}' would be its own ancestor (through '${ancestor.id}')`);
    if (depth >= MAX_CAMPAIGN_DEPTH)
      throw invalidField('parentCampaignId', `must not make a chain of more than ${MAX_CAMPAIGN_DEPTH} parent campaigns`);
    const next: CampaignLink | undefined = await readCampaign(ancestor.parentCampaignId);
    // A parent removed around the API ends the chain: nothing above it can lead back here.
    if (!next) return;
    ancestor = next;
  }
}
