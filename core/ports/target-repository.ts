import type { Target, TargetOwnerType } from '../schemas/target.js';

export interface TargetOwner {
  readonly ownerType: TargetOwnerType;
  readonly ownerId: string;
}

export interface TargetRepository {
  /** All or nothing: one request's months are written in one transaction. */
  saveAll(targets: readonly Target[]): Promise<void>;
  /** The targets of an owner in these months, every product family included. */
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
