import type { AuditEntry } from '../shared/audit-entry.js';
import type { Target, TargetOwnerType } from './target.js';

export interface TargetOwner {
  readonly ownerType: TargetOwnerType;
  readonly ownerId: string;
}

/** One month's target to write, and the amount read before (null: none stored). */
export interface TargetWrite {
  readonly target: Target;
  readonly expectedAmount: number | null;
}

export interface TargetRepository {
  /**
   * All or nothing: one request's months and its audit entry in one transaction. Each
   * month is written only if it still holds the amount read (else ConflictError), so the
   * entry's `before` is what was replaced. No writes: nothing is written or recorded.
   */
  saveAll(writes: readonly TargetWrite[], audit: AuditEntry): Promise<void>;
  /** The targets of an owner in these months, every product family included (consistent reads: a write conditions on them). */
  listForMonths(owner: TargetOwner, months: readonly string[]): Promise<Target[]>;
  /**
   * The general (all-families) target amounts of many owner-months at once, keyed by
   * targetKey(owner, month); an owner-month without one is absent.
   */
  generalTargets(owners: readonly TargetOwner[], months: readonly string[]): Promise<Map<string, number>>;
}

/** The key of an owner-month in generalTargets' result. */
export function targetKey(owner: TargetOwner, month: string): string {
  return `${owner.ownerType}|${owner.ownerId}|${month}`;
}
