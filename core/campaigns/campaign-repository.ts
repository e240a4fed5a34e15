import type { AuditEntry } from '../shared/audit-entry.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Campaign } from './campaign.js';

export interface CampaignRepository {
  get(campaignId: string): Promise<Campaign | undefined>;
  /**
   * Writes if the stored version is still `expectedVersion` (null: must not exist); else
   * ConflictError. The audit entry is written with it, or neither is.
   */
  save(campaign: Campaign, expectedVersion: number | null, audit: AuditEntry): Promise<void>;
  /** All campaigns, by id. */
  list(page: PageRequest): Promise<Page<Campaign>>;
  /** Every campaign at once (their names and costs, for the conversion metrics); unreadable ones are left out. */
  listAll(): Promise<Campaign[]>;
}
