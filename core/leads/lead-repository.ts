import type { Opportunity } from '../opportunities/opportunity.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Lead, LeadStatus } from './lead.js';

/**
 * Leads, and their conversion counters: every write of a lead moves the counters of the
 * owner-months it counts in by (its contribution after) − (its contribution before), in the
 * same transaction, conditioned on the version of `before`.
 */
export interface LeadRepository {
  get(leadId: string): Promise<Lead | undefined>;
  /**
   * Writes `lead` over `before` (undefined: none may exist) with its counter deltas; a
   * ConflictError when another write got there first (the lead changed, or a cell of its
   * counters was being written at the same instant).
   */
  save(lead: Lead, before: Lead | undefined): Promise<void>;
  /** The conversion: the new opportunity (none may exist with its id) and the converted lead over `before`, all or nothing. */
  saveConversion(lead: Lead, before: Lead, opportunity: Opportunity): Promise<void>;
  /** Newest first (by createdAt, then id) in each list. */
  listByOwner(ownerId: string, page: PageRequest): Promise<Page<Lead>>;
  listByCampaign(campaignId: string, page: PageRequest): Promise<Page<Lead>>;
  listByStatus(status: LeadStatus, page: PageRequest): Promise<Page<Lead>>;
  /** Every lead, status by status in LEAD_STATUSES order, newest first within each; the cursor carries the status. */
  listAll(page: PageRequest): Promise<Page<Lead>>;
}
