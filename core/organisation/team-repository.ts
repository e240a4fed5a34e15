import type { AuditEntry } from '../shared/audit-entry.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Team } from './team.js';

export interface TeamRepository {
  get(teamId: string): Promise<Team | undefined>;
  /**
   * Writes if the stored version is still `expectedVersion` (null: must not exist); else
   * ConflictError. The audit entry is written with it, or neither is.
   */
  save(team: Team, expectedVersion: number | null, audit: AuditEntry): Promise<void>;
  list(page: PageRequest): Promise<Page<Team>>;
  /** Every team: validating a parent and rolling up need the whole tree. */
  listAll(): Promise<Team[]>;
}
