/**
 * Creates or replaces a campaign (idempotent upsert by the client's id).
 *
 * 0. Only marketing and admins change campaigns.
 * 1. Read the stored campaign; a stale If-Match is a ConflictError.
 * 2. Check the parent against the table: it must exist, and the campaign must not be its
 *    own ancestor (the chain of parents, read one by one, bounded).
 * 3. An identical request writes nothing; otherwise write version + 1, conditioned on the
 *    version read, with its audit entry (who, when, before and after) in the same transaction.
 */

import { type AccessContext, requireManageCampaigns } from '../organisation/access-policy.js';
import { auditEntryOf, auditSubjects } from '../shared/audit-entry.js';
import type { Clock } from '../shared/clock.js';
import { preconditionFailed } from '../shared/errors.js';
import type { VersionPrecondition } from '../shared/version-precondition.js';
import type { WriteResult } from '../shared/write-outcome.js';
import type { Campaign, CampaignInput } from './campaign.js';
import { checkCampaignParent } from './campaign-ancestry.js';
import type { CampaignRepository } from './campaign-repository.js';

export interface PutCampaignPorts {
  readonly campaigns: CampaignRepository;
  readonly clock: Clock;
}

export async function putCampaign(
  { campaigns, clock }: PutCampaignPorts,
  access: AccessContext,
  campaignId: string,
  input: CampaignInput,
  precondition?: VersionPrecondition,
): Promise<WriteResult<Campaign>> {
  requireManageCampaigns(access);
  const existing = await campaigns.get(campaignId);
  checkCampaignPrecondition(campaignId, existing, precondition);
  await checkCampaignParent(campaignId, input.parentCampaignId, (id) => campaigns.get(id));

  if (existing && sameCampaign(existing, input)) return { outcome: 'unchanged', record: existing };
  const now = clock.now();
  const campaign: Campaign = {
    id: campaignId,
    ...input,
    version: (existing?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
    updatedBy: access.principal.repId,
  };
  await campaigns.save(
    campaign,
    existing?.version ?? null,
    auditEntryOf({ actor: access.principal, at: now, subject: auditSubjects.campaign(campaignId), before: existing, after: campaign }),
  );
  return { outcome: existing ? 'updated' : 'created', record: campaign };
}

function checkCampaignPrecondition(campaignId: string, existing: Campaign | undefined, precondition: VersionPrecondition | undefined) {
  if (precondition === undefined) return;
  if (precondition === '*') {
    if (!existing) throw preconditionFailed(`campaign '${campaignId}' does not exist (If-Match: *)`);
    return;
  }
  if (existing?.version !== precondition)
    throw preconditionFailed(
      `campaign '${campaignId}' is at version ${existing?.version ?? 'none'}, not ${precondition}; read it again and retry`,
    );
}

function sameCampaign(stored: Campaign, input: CampaignInput): boolean {
  return (Object.keys(input) as (keyof CampaignInput)[]).every((field) => stored[field] === input[field]);
}
