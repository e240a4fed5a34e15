import type { AuditEntry } from '../shared/audit-entry.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Rep } from './rep.js';
import type { Team } from './team.js';

/** What sits directly under a team: its child teams and the reps placed in it. */
export interface TeamBranch {
  readonly teams: readonly Team[];
  readonly reps: readonly Rep[];
}

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
  /** The teams naming the rep as their manager (team.managerId), without reading every team. */
  managedBy(repId: string): Promise<Team[]>;
  /** The child teams and member reps of a team, in one query: a manager's subtree is read a team at a time. */
  branchOf(teamId: string): Promise<TeamBranch>;
}
