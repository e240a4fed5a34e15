/**
 * Soft-deletes an opportunity: the item stays with `deleted: true` so that its version
 * keeps increasing (the stream orders and de-duplicates by it) and the stream unlinks it.
 *
 * 1. Read it (an invalid one leniently: deleting it is one way to mend it); unknown is NotFoundError.
 * 2. A stale If-Match is a ConflictError, on an already deleted deal too.
 * 3. Already deleted is done (a repeated DELETE is a no-op).
 * 4. Write deleted = true, version + 1, updatedAt = now, conditioned on the version read.
 */

import { type AccessContext, opportunityNotFound, requireEditDeal } from '../organisation/access-policy.js';
import type { Clock } from '../shared/clock.js';
import type { VersionPrecondition } from '../shared/version-precondition.js';
import type { OpportunityRepository } from './opportunity-repository.js';
import { checkPrecondition, storedForReplace } from './put-opportunity.js';

export interface DeleteOpportunityPorts {
  readonly opportunities: OpportunityRepository;
  readonly clock: Clock;
}

export async function deleteOpportunity(
  { opportunities, clock }: DeleteOpportunityPorts,
  access: AccessContext,
  opportunityId: string,
  precondition?: VersionPrecondition,
): Promise<void> {
  const { existing } = await storedForReplace(opportunities, opportunityId);
  if (!existing) throw opportunityNotFound(opportunityId);
  requireEditDeal(access, opportunityId, existing.ownerId, existing.ownerId);
  if (existing.deleted) {
    // A repeat is harmless, but a version the client no longer holds is not the one it meant.
    if (typeof precondition === 'number') checkPrecondition(opportunityId, existing, precondition);
    return;
  }
  checkPrecondition(opportunityId, existing, precondition);
  await opportunities.save(
    { ...existing, deleted: true, version: existing.version + 1, updatedAt: clock.now().toISOString(), updatedBy: access.principal.repId },
    existing.version,
  );
}
