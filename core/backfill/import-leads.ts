/**
 * Imports existing leads (a CRM's lead export) through the lead store PUT /leads writes
 * with: each new lead and the ADDs to its conversion counters in one transaction. Partial
 * success is normal: each bad row is rejected with its row number and reason and the valid
 * rows are applied; a re-import of the same rows writes nothing.
 *
 * 1. Access: marketing and admins (an import hands leads to any rep). Read the settings'
 *    lead sources; parse every row (schema, status by id or CRM name, converted refused,
 *    source by id or name, createdAt required and not in the future, duplicates).
 * 2. Read what is stored under the ids the import names, and the owners and campaigns it
 *    names.
 * 3. Per row: a stored identical lead is unchanged; a stored different one is rejected (an
 *    import never rewrites a lead: change it through PUT /leads/{id}); a new one must pass
 *    PUT's rules (owner known and active, campaign known).
 * 4. Write each new lead (version 1, its history its status at createdAt) only if none is
 *    stored. Leads that count in the same owner-month cell are written one after another,
 *    the others side by side; a write that lost only to a counter cell is tried again, one
 *    that finds the lead created meanwhile is that lead's answer (unchanged or rejected).
 * 5. Report the counts and the rejections, in row order.
 */
import type { CampaignRepository } from '../campaigns/campaign-repository.js';
import type { Lead } from '../leads/lead.js';
import type { LeadRepository } from '../leads/lead-repository.js';
import { leadOver, sameContent } from '../leads/put-lead.js';
import type { AccessContext } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, ForbiddenError } from '../shared/errors.js';
import { instantOf } from '../shared/instant.js';
import { monthOfInstant } from '../shared/period.js';
import { type ImportLeadsRequest, type LeadImportRejection, type LeadRow, parseLeadRows } from './import-leads-rows.js';
import type { ImportCounts } from './import-opportunities.js';

export interface ImportLeadsPorts {
  readonly leads: LeadRepository;
  readonly reps: RepRepository;
  readonly campaigns: CampaignRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

export interface LeadImportResult {
  readonly leads: ImportCounts;
  readonly rejections: readonly LeadImportRejection[];
}

/** Owner-month cells written side by side (the leads of one cell go one after another). */
const WRITE_CONCURRENCY = 8;
/** How many times a write that lost only to a counter cell (the lead still absent) is tried. */
const CELL_RACE_ATTEMPTS = 4;
/** Stored reads side by side. */
const READ_CONCURRENCY = 16;

export async function importLeads(ports: ImportLeadsPorts, access: AccessContext, request: ImportLeadsRequest): Promise<LeadImportResult> {
  const { leads, reps, campaigns, settings, clock } = ports;
  const { role } = access.principal;
  if (role !== 'admin' && role !== 'marketing') throw new ForbiddenError('only marketing and admins may import leads');
  const now = clock.now();
  const { leadSources } = await settings.get();
  const parsed = parseLeadRows(request, leadSources, now);

  const ownerIds = [...new Set(parsed.leads.map((lead) => lead.input.ownerId))];
  const campaignIds = [...new Set(parsed.leads.flatMap((lead) => (lead.input.campaignId === null ? [] : [lead.input.campaignId])))];
  const [stored, owners, knownCampaigns] = await Promise.all([
    inChunks(parsed.leads, READ_CONCURRENCY, (lead) => leads.get(lead.id)),
    inChunks(ownerIds, READ_CONCURRENCY, (id) => reps.get(id)),
    inChunks(campaignIds, READ_CONCURRENCY, (id) => campaigns.get(id)),
  ]);
  const ownerOf = new Map(ownerIds.map((id, index) => [id, owners[index]]));
  const campaignExists = new Set(campaignIds.filter((_, index) => knownCampaigns[index] !== undefined));

  const rejections: LeadImportRejection[] = [...parsed.rejections];
  const reject = (lead: LeadRow, field: string, reason: string) => void rejections.push({ row: lead.row, leadId: lead.id, field, reason });
  let unchanged = 0;
  const toWrite: Lead[] = [];
  const rowOf = new Map<string, LeadRow>();
  for (const [index, row] of parsed.leads.entries()) {
    const existing = stored[index];
    if (existing) {
      if (sameLead(existing, row)) unchanged++;
      else reject(row, 'id', storedDifferently(row.id));
      continue;
    }
    const { ownerId, campaignId } = row.input;
    const owner = ownerOf.get(ownerId);
    if (!owner) reject(row, 'ownerId', `rep '${ownerId}' does not exist`);
    else if (!owner.active) reject(row, 'ownerId', `rep '${ownerId}' is inactive and cannot be given leads`);
    else if (campaignId !== null && !campaignExists.has(campaignId)) reject(row, 'campaignId', `campaign '${campaignId}' does not exist`);
    else {
      toWrite.push(newLead(row, now, access.principal.repId));
      rowOf.set(row.id, row);
    }
  }

  // One queue per owner-month cell: leads of the same cell would only race for it.
  const queues = new Map<string, Lead[]>();
  for (const lead of toWrite) {
    const cell = `${monthOfInstant(instantOf(lead.createdAt))}|${lead.ownerId}`;
    queues.set(cell, [...(queues.get(cell) ?? []), lead]);
  }
  let accepted = 0;
  await inChunks([...queues.values()], WRITE_CONCURRENCY, async (queue) => {
    for (const lead of queue) {
      const row = rowOf.get(lead.id) as LeadRow;
      const outcome = await writeNewLead(leads, lead, row);
      if (outcome === 'written') accepted++;
      else if (outcome === 'unchanged') unchanged++;
      else reject(row, 'id', outcome.reason);
    }
  });

  rejections.sort((a, b) => a.row - b.row);
  return { leads: { accepted, unchanged, rejected: rejections.length }, rejections };
}

/** A new lead as PUT /leads/{id} would create it, dated by its createdAt. */
function newLead(row: LeadRow, now: Date, actor: string): Lead {
  return leadOver(undefined, row.input, row.input.createdAt, now, actor, row.id);
}

/** Writes a lead none may exist under; one created meanwhile answers for the row. */
async function writeNewLead(
  leads: LeadRepository,
  lead: Lead,
  row: LeadRow,
): Promise<'written' | 'unchanged' | { readonly reason: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      await leads.save(lead, undefined);
      return 'written';
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const winner = await leads.get(lead.id);
      if (winner)
        return sameLead(winner, row) ? 'unchanged' : { reason: `${storedDifferently(lead.id)} (created by another request meanwhile)` };
      // Still absent: only a counter cell was busy (a live write of the same owner-month).
      if (attempt >= CELL_RACE_ATTEMPTS) throw error;
    }
  }
}

function storedDifferently(leadId: string): string {
  return `lead '${leadId}' is stored with other values; an import never rewrites a lead: change it through PUT /leads/${leadId}`;
}

/** The row is what is stored: the fields of PUT, createdAt the same instant (both as toISOString writes it). */
function sameLead(stored: Lead, { input }: LeadRow): boolean {
  return sameContent(stored, input, input.createdAt);
}

/** Maps items to `work`, at most `concurrency` at a time, results in order. */
async function inChunks<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += concurrency)
    results.push(...(await Promise.all(items.slice(start, start + concurrency).map(work))));
  return results;
}
