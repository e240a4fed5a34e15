/**
 * Reads of leads: one by id, and lists by owner, campaign or status, newest first.
 *
 * A lead the caller may not see reads exactly as a missing one (404). Lists are filtered
 * to what the caller may see, never refused: a rep's list is their own leads whatever they
 * ask; marketing and admins see every lead, a manager the leads of the reps they see.
 *
 * A list queries one index, the most selective the filters allow (owner, then campaign,
 * then status; with none, every lead status by status, or a rep's own), and keeps the
 * leads that match the other filters and are visible. It reads page after page, each no
 * larger than what is still missing, so that a page is full unless the list ends.
 */

import { type AccessContext, canSeeLeadsOf, leadNotFound, leadVisibility, requireSeeLead } from '../organisation/access-policy.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Lead, LeadStatus } from './lead.js';
import type { LeadRepository } from './lead-repository.js';

export async function getLead(leads: LeadRepository, access: AccessContext, leadId: string): Promise<Lead> {
  const lead = await leads.get(leadId);
  if (!lead) throw leadNotFound(leadId);
  requireSeeLead(access, lead);
  return lead;
}

export interface LeadFilter {
  readonly ownerId?: string | undefined;
  readonly campaignId?: string | undefined;
  readonly status?: LeadStatus | undefined;
}

export async function listLeads(leads: LeadRepository, access: AccessContext, filter: LeadFilter, page: PageRequest): Promise<Page<Lead>> {
  const visibility = leadVisibility(access);
  let ownerId = filter.ownerId;
  if (visibility.kind === 'self') {
    if (ownerId !== undefined && ownerId !== visibility.repId) return { items: [], nextCursor: null };
    ownerId = visibility.repId;
  }
  if (ownerId !== undefined && !canSeeLeadsOf(access, ownerId)) return { items: [], nextCursor: null };
  const { campaignId, status } = filter;

  const listPage: (request: PageRequest) => Promise<Page<Lead>> =
    ownerId !== undefined
      ? (request) => leads.listByOwner(ownerId, request)
      : campaignId !== undefined
        ? (request) => leads.listByCampaign(campaignId, request)
        : status !== undefined
          ? (request) => leads.listByStatus(status, request)
          : (request) => leads.listAll(request);
  const keep = (lead: Lead) =>
    (ownerId === undefined || lead.ownerId === ownerId) &&
    (campaignId === undefined || lead.campaignId === campaignId) &&
    (status === undefined || lead.status === status) &&
    canSeeLeadsOf(access, lead.ownerId);

  const items: Lead[] = [];
  let cursor = page.cursor;
  do {
    const listed = await listPage({ limit: page.limit - items.length, ...(cursor !== undefined ? { cursor } : {}) });
    items.push(...listed.items.filter(keep));
    cursor = listed.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < page.limit);
  return { items, nextCursor: cursor ?? null };
}
