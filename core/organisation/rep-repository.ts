import type { AuditEntry } from '../shared/audit-entry.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Rep } from './rep.js';

export interface RepRepository {
  get(repId: string): Promise<Rep | undefined>;
  /**
   * Writes if the stored version is still `expectedVersion` (null: must not exist); else
   * ConflictError. The audit entry is written with it, or neither is.
   */
  save(rep: Rep, expectedVersion: number | null, audit: AuditEntry): Promise<void>;
  /** All reps, or the reps of one team, by id. */
  list(filter: { readonly teamId?: string | undefined }, page: PageRequest): Promise<Page<Rep>>;
  /** Every rep: the team tree and roll-ups need all of them at once. */
  listAll(): Promise<Rep[]>;
}
