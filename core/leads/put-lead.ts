/**
 * Creates or replaces a lead: an idempotent upsert by the client's id, versioned like an
 * opportunity (ETag, If-Match), its conversion counters moved in the same transaction.
 *
 * 1. Read the stored lead, the owner, the campaign and the settings.
 * 2. Access: marketing and admins any lead; a manager within the reps they see; a rep only
 *    their own (another rep's lead reads as missing). Then a stale If-Match is a ConflictError.
 * 3. Check the request against stored state: the owner must exist, and be active when the
 *    lead is given to them; the campaign must exist; the source must be one of the settings'
 *    lead sources; the status move must make sense (converted only through the conversion);
 *    createdAt must not be in the future.
 * 4. An identical request writes nothing and returns the stored lead.
 * 5. Write version + 1 with updatedAt = now; a status change appends {status, at: now} to
 *    the history (a new lead's history starts with its status at createdAt). Losing the race
 *    to a request that stored the same content (a client's retry) is that same success;
 *    losing it to a counter cell written at the same instant is retried; anything else is
 *    a ConflictError.
 */

import type { CampaignRepository } from '../campaigns/campaign-repository.js';
import { type AccessContext, requireEditLead } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, invalidField, preconditionFailed } from '../shared/errors.js';
import { instantOf } from '../shared/instant.js';
import type { VersionPrecondition } from '../shared/version-precondition.js';
import type { WriteResult } from '../shared/write-outcome.js';
import { isAllowedStatusMove, type Lead, type LeadInput } from './lead.js';
import type { LeadRepository } from './lead-repository.js';

export interface PutLeadPorts {
  readonly leads: LeadRepository;
  readonly reps: RepRepository;
  readonly campaigns: CampaignRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

/** How many times a write that lost only to a counter cell (the lead itself unchanged) is tried again. */
const CELL_RACE_ATTEMPTS = 3;

export async function putLead(
  ports: PutLeadPorts,
  access: AccessContext,
  leadId: string,
  input: LeadInput,
  precondition?: VersionPrecondition,
): Promise<WriteResult<Lead>> {
  const { leads, reps, campaigns, settings, clock } = ports;
  const [existing, owner, campaign, { leadSources }] = await Promise.all([
    leads.get(leadId),
    reps.get(input.ownerId),
    input.campaignId === null ? undefined : campaigns.get(input.campaignId),
    settings.get(),
  ]);
  // Before anything else answers: a precondition or validation failure would reveal the lead.
  requireEditLead(access, leadId, existing?.ownerId, input.ownerId);
  checkLeadPrecondition(leadId, existing, precondition);

  const now = clock.now();
  if (!owner) throw invalidField('ownerId', `rep '${input.ownerId}' does not exist`);
  if (!owner.active && existing?.ownerId !== input.ownerId)
    throw invalidField('ownerId', `rep '${input.ownerId}' is inactive and cannot be given leads`);
  if (input.campaignId !== null && !campaign) throw invalidField('campaignId', `campaign '${input.campaignId}' does not exist`);
  if (!leadSources.some((source) => source.id === input.source))
    throw invalidField('source', `lead source '${input.source}' is not one of the settings' lead sources`);
  if (input.status === 'converted' && existing?.status !== 'converted')
    throw invalidField('status', 'cannot be set to converted: use POST /leads/{id}/convert');
  if (existing && !isAllowedStatusMove(existing.status, input.status))
    throw invalidField('status', `cannot move from ${existing.status} to ${input.status}`);
  if (input.createdAt !== undefined && instantOf(input.createdAt).getTime() > now.getTime())
    throw invalidField('createdAt', 'must not be in the future');

  // Stored as toISOString writes it: the indexes sort leads by this text.
  const given = input.createdAt === undefined ? undefined : instantOf(input.createdAt).toISOString();
  const createdAtOver = (stored: Lead | undefined) => given ?? stored?.createdAt ?? now.toISOString();
  if (existing && sameContent(existing, input, createdAtOver(existing))) return { outcome: 'unchanged', record: existing };

  let before = existing;
  for (let attempt = 1; ; attempt++) {
    const lead = leadOver(before, input, createdAtOver(before), now, access.principal.repId, leadId);
    try {
      await leads.save(lead, before);
      return { outcome: existing ? 'updated' : 'created', record: lead };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const winner = await leads.get(leadId);
      // A retry racing its original: the winner stored what this request asks for.
      if (winner && precondition === undefined && sameContent(winner, input, createdAtOver(winner)))
        return { outcome: 'unchanged', record: winner };
      // The lead is as read: only a counter cell was busy, so the same write is tried again.
      if (winner?.version === before?.version && attempt < CELL_RACE_ATTEMPTS) {
        before = winner;
        continue;
      }
      throw error;
    }
  }
}

/**
 * The lead `input` makes over the stored one (none: a new lead, its history starting at
 * createdAt): version + 1, its status history extended by a change. An import creates leads with it too.
 */
export function leadOver(stored: Lead | undefined, input: LeadInput, createdAt: string, now: Date, actor: string, leadId: string): Lead {
  const at = now.toISOString();
  const statusHistory = !stored
    ? [{ status: input.status, at: createdAt }]
    : stored.status === input.status
      ? stored.statusHistory
      : [...stored.statusHistory, { status: input.status, at }];
  return {
    id: leadId,
    name: input.name,
    company: input.company,
    email: input.email,
    source: input.source,
    campaignId: input.campaignId,
    ownerId: input.ownerId,
    status: input.status,
    statusHistory,
    createdAt,
    updatedAt: at,
    updatedBy: actor,
    convertedAt: stored?.convertedAt ?? null,
    opportunityId: stored?.opportunityId ?? null,
    ...(stored?.conversion ? { conversion: stored.conversion } : {}),
    version: (stored?.version ?? 0) + 1,
  };
}

/** Whether the stored lead is what `input` asks for (createdAt as stored: toISOString text); an import's re-run is judged by it too. */
export function sameContent(stored: Lead, input: LeadInput, createdAt: string): boolean {
  return (
    stored.name === input.name &&
    stored.company === input.company &&
    stored.email === input.email &&
    stored.source === input.source &&
    stored.campaignId === input.campaignId &&
    stored.ownerId === input.ownerId &&
    stored.status === input.status &&
    stored.createdAt === createdAt
  );
}

export function checkLeadPrecondition(leadId: string, existing: Lead | undefined, precondition: VersionPrecondition | undefined): void {
  if (precondition === undefined) return;
  if (precondition === '*') {
    if (!existing) throw preconditionFailed(`lead '${leadId}' does not exist (If-Match: *)`);
    return;
  }
  if (existing?.version !== precondition)
    throw preconditionFailed(`lead '${leadId}' is at version ${existing?.version ?? 'none'}, not ${precondition}; read it again and retry`);
}
