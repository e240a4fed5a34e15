/**
 * Creates or replaces an opportunity: an idempotent upsert by the client's id. Its write
 * is a stream record; the stream links the deal to its owner's month.
 *
 * 1. Read the stored opportunity (a soft-deleted one too: PUT revives it, its version
 *    continues; an invalid one, read leniently, is replaced), the stage configuration and the owner.
 * 2. A stale If-Match is a ConflictError.
 * 3. Check the request against stored state: the stage must be configured; the owner must
 *    exist, and be active when the deal is given to them (a deal may stay with a rep who
 *    left); the campaign must exist; the lead source must be one of the settings' lead
 *    sources, unless it is the deal's current one (free text stored before sources were a
 *    list is kept, never forced to change); createdAt must not be in the future. The legacy
 *    free-text `campaign` is stored as given.
 * 4. Resolve what the stored record derives: the stage outcome from the configuration, the
 *    amount from the product lines, createdAt (given, else kept, else now); the product
 *    lines must not sum past the amount cap.
 * 5. An identical request writes nothing and returns the stored opportunity.
 * 6. Write version + 1 with updatedAt = now, conditioned on the version read. Losing that
 *    race to a request that stored the same content (a client's retry) is that same
 *    success, unchanged; losing it to different content is a ConflictError.
 */

import type { CampaignRepository } from '../campaigns/campaign-repository.js';
import { type AccessContext, requireEditDeal } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, InvalidStoredRecordError, invalidField, preconditionFailed } from '../shared/errors.js';
import { instantOf } from '../shared/instant.js';
import type { VersionPrecondition } from '../shared/version-precondition.js';
import type { WriteResult } from '../shared/write-outcome.js';
import { type Opportunity, type OpportunityInput, productLinesOverCap } from './opportunity.js';
import { type OpportunityContent, opportunityContentOf } from './opportunity-content.js';
import type { OpportunityRepository } from './opportunity-repository.js';

export interface PutOpportunityPorts {
  readonly opportunities: OpportunityRepository;
  readonly reps: RepRepository;
  readonly configurations: StageConfigurationRepository;
  readonly campaigns: CampaignRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

export async function putOpportunity(
  { opportunities, reps, configurations, campaigns, settings, clock }: PutOpportunityPorts,
  access: AccessContext,
  opportunityId: string,
  input: OpportunityInput,
  precondition?: VersionPrecondition,
): Promise<WriteResult<Opportunity>> {
  const [{ existing, invalid: storedInvalid }, configuration, owner, campaign] = await Promise.all([
    storedForReplace(opportunities, opportunityId),
    stageConfigurationInForce(configurations),
    reps.get(input.ownerId),
    input.campaignId === null ? undefined : campaigns.get(input.campaignId),
  ]);
  // Before anything else answers: a precondition or validation failure would reveal the deal.
  requireEditDeal(access, opportunityId, existing?.ownerId, input.ownerId);
  checkPrecondition(opportunityId, existing, precondition);

  const now = clock.now();
  const stage = configuration.stages.find((candidate) => candidate.id === input.stageId);
  if (!stage) throw invalidField('stageId', `stage '${input.stageId}' is not in the stage configuration`);
  if (!owner) throw invalidField('ownerId', `rep '${input.ownerId}' does not exist`);
  const live = existing && !existing.deleted ? existing : undefined;
  if (!owner.active && live?.ownerId !== input.ownerId)
    throw invalidField('ownerId', `rep '${input.ownerId}' is inactive and cannot be given deals`);
  if (input.campaignId !== null && !campaign) throw invalidField('campaignId', `campaign '${input.campaignId}' does not exist`);
  // The settings are read only for a source the deal does not have yet: most writes keep theirs.
  const sourceToCheck = input.leadSource !== null && input.leadSource !== existing?.leadSource ? input.leadSource : null;
  if (sourceToCheck !== null && !(await settings.get()).leadSources.some((source) => source.id === sourceToCheck))
    throw invalidField('leadSource', `lead source '${input.leadSource}' is not one of the settings' lead sources`);
  if (input.createdAt !== undefined && instantOf(input.createdAt).getTime() > now.getTime())
    throw invalidField('createdAt', 'must not be in the future');
  const overCap = productLinesOverCap(input);
  if (overCap) throw invalidField(overCap.field, overCap.message);

  const contentOver = (stored: Opportunity | undefined) =>
    opportunityContentOf(
      opportunityId,
      input,
      stage.outcome,
      input.createdAt ?? stored?.createdAt ?? now.toISOString(),
      stored?.leadId ?? null,
    );
  const content = contentOver(existing);

  // An invalid stored deal is never "the same": replacing it is the point.
  if (live && !storedInvalid && sameContent(live, content)) return { outcome: 'unchanged', record: live };

  const opportunity: Opportunity = {
    ...content,
    version: (existing?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    updatedBy: access.principal.repId,
    deleted: false,
  };
  try {
    await opportunities.save(opportunity, existing?.version ?? null);
  } catch (error) {
    // A retry racing its original: the winner stored what this request asks for (with the
    // createdAt it would have kept), so the answer is the idempotent success.
    if (error instanceof ConflictError && precondition === undefined) {
      const winner = await opportunities.get(opportunityId).catch(() => undefined);
      if (winner && !winner.deleted && sameContent(winner, contentOver(winner))) return { outcome: 'unchanged', record: winner };
    }
    throw error;
  }
  return { outcome: live ? 'updated' : 'created', record: opportunity };
}

/**
 * The stored opportunity to replace; an invalid one is read leniently (its version
 * continues, its owner keeps it), `invalid` saying so.
 */
export async function storedForReplace(
  opportunities: OpportunityRepository,
  opportunityId: string,
): Promise<{ existing: Opportunity | undefined; invalid: boolean }> {
  try {
    return { existing: await opportunities.get(opportunityId), invalid: false };
  } catch (error) {
    if (error instanceof InvalidStoredRecordError) return { existing: error.record as Opportunity, invalid: true };
    throw error;
  }
}

/** The If-Match check; a soft-deleted opportunity still has a version to match. */
export function checkPrecondition(
  opportunityId: string,
  existing: Opportunity | undefined,
  precondition: VersionPrecondition | undefined,
): void {
  if (precondition === undefined) return;
  if (precondition === '*') {
    if (!existing || existing.deleted) throw preconditionFailed(`opportunity '${opportunityId}' does not exist (If-Match: *)`);
    return;
  }
  if (existing?.version !== precondition) {
    throw preconditionFailed(
      `opportunity '${opportunityId}' is at version ${existing?.version ?? 'none'}, not ${precondition}; read it again and retry`,
    );
  }
}

function sameContent(stored: Opportunity, content: OpportunityContent): boolean {
  return (Object.keys(content) as (keyof OpportunityContent)[]).every(
    (field) => JSON.stringify(stored[field]) === JSON.stringify(content[field]),
  );
}
