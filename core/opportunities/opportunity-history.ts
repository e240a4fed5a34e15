/**
 * A deal's history: who changed which tracked field (stage, close date, amount,
 * probability, owner, deleted) from what to what, and when; newest first.
 *
 * 1. The deal must exist (a deleted one too: its history says who deleted it), and be
 *    visible to the caller: another rep's deal reads as missing (404).
 * 2. Its field history, newest first. `changedBy` is absent where not known: changes
 *    imported from a CRM, made before access control, or a hard delete outside the API.
 */
import { type AccessContext, opportunityNotFound, requireSeeOpportunity } from '../organisation/access-policy.js';
import type { FieldChange } from './field-history.js';
import type { OpportunityRepository } from './opportunity-repository.js';
import { storedForReplace } from './put-opportunity.js';

export interface OpportunityHistoryPorts {
  readonly opportunities: OpportunityRepository;
}

export interface OpportunityHistory {
  readonly opportunityId: string;
  readonly changes: readonly FieldChange[];
}

export async function readOpportunityHistory(
  { opportunities }: OpportunityHistoryPorts,
  access: AccessContext,
  opportunityId: string,
): Promise<OpportunityHistory> {
  // An invalid stored deal (read leniently) still has an owner and a history to show.
  const { existing: opportunity } = await storedForReplace(opportunities, opportunityId);
  if (!opportunity) throw opportunityNotFound(opportunityId);
  requireSeeOpportunity(access, opportunity);
  const changes = await opportunities.history(opportunityId);
  return { opportunityId, changes: [...changes].reverse() };
}
