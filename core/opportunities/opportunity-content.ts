/**
 * What a PUT body (or an imported row) makes of a deal's stored fields, before versioning:
 * the one place that derives the amount from product lines and sets the stage outcome.
 */

import type { StageOutcome } from '../organisation/stage.js';
import type { Opportunity, OpportunityInput } from './opportunity.js';

export type OpportunityContent = Omit<Opportunity, 'version' | 'updatedAt' | 'deleted' | 'importedQuality'>;

/** `input` as parsed (defaults applied); `stageOutcome` from the configuration in force. */
export function opportunityContentOf(
  id: string,
  input: OpportunityInput,
  stageOutcome: StageOutcome,
  createdAt: string,
  /** The lead it was converted from: set by the conversion, kept by every later write. */
  leadId: string | null = null,
): OpportunityContent {
  return {
    id,
    name: input.name,
    account: input.account,
    ownerId: input.ownerId,
    stageId: input.stageId,
    stageOutcome,
    closeDate: input.closeDate,
    amount: input.productLines.length > 0 ? input.productLines.reduce((sum, line) => sum + line.amount, 0) : (input.amount ?? 0),
    probability: input.probability,
    productLines: input.productLines,
    createdAt,
    campaignId: input.campaignId,
    campaign: input.campaign,
    leadSource: input.leadSource,
    contactName: input.contactName,
    leadId,
    customerType: input.customerType,
    goNoGoDate: input.goNoGoDate,
    closePlan: input.closePlan,
    discountRationale: input.discountRationale,
    priority: input.priority,
  };
}
