/**
 * Who may see and change what (groundwork for access control: not wired to the routes yet).
 *
 * - A rep sees their own records, deals and commission, and changes their own deals.
 * - A manager sees everything under the team they are placed in (that team and every team
 *   below it); they may change the deals and targets of that subtree when the settings
 *   allow it.
 * - An admin (sales operations) sees and changes everything, and is the only one who
 *   changes the stage configuration, commission levels, reps and teams.
 *
 * A denied read of something whose existence would leak (another rep's deal or records)
 * is NotFoundError, exactly as if it did not exist; any other denial is ForbiddenError.
 */
import { ForbiddenError, NotFoundError } from './errors.js';
import type { TeamTree } from './team-tree.js';

export const ROLES = ['rep', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, as the identity provider vouches for them: a rep and a role. */
export interface Principal {
  readonly repId: string;
  readonly role: Role;
}

/** What managers may change in their subtree, beyond reading it. */
export interface ManagerPermissions {
  readonly editDeals: boolean;
  readonly editTargets: boolean;
}

export interface AccessContext {
  readonly principal: Principal;
  /** The principal's team today; undefined when the rep is in no known team. */
  readonly principalTeamId: string | undefined;
  readonly tree: TeamTree;
  readonly managers: ManagerPermissions;
}

/** What the principal may see: everything, a set of teams (and their reps), or only themselves. */
export type Visibility =
  | { readonly kind: 'everything' }
  | { readonly kind: 'subtree'; readonly teamIds: ReadonlySet<string>; readonly repIds: ReadonlySet<string> }
  | { readonly kind: 'self'; readonly repId: string };

export function visibilityOf({ principal, principalTeamId, tree }: AccessContext): Visibility {
  if (principal.role === 'admin') return { kind: 'everything' };
  if (principal.role === 'manager' && principalTeamId !== undefined && tree.team(principalTeamId)) {
    return { kind: 'subtree', teamIds: new Set(tree.subtreeTeamIds(principalTeamId)), repIds: new Set([...tree.subtreeRepIds(principalTeamId), principal.repId]) };
  }
  return { kind: 'self', repId: principal.repId };
}

export function canSeeRep(context: AccessContext, repId: string): boolean {
  const visibility = visibilityOf(context);
  return visibility.kind === 'everything' || (visibility.kind === 'subtree' ? visibility.repIds.has(repId) : visibility.repId === repId);
}

export function canSeeTeam(context: AccessContext, teamId: string): boolean {
  const visibility = visibilityOf(context);
  return visibility.kind === 'everything' || (visibility.kind === 'subtree' && visibility.teamIds.has(teamId));
}

/** A rep's records, deals or commission: hidden (404) when not visible, so ids cannot be probed. */
export function requireSeeRep(context: AccessContext, repId: string, what: string): void {
  if (!canSeeRep(context, repId)) throw new NotFoundError(`${what} not found`);
}

/** A team's figures: 403 when not visible (team ids are not secret; their figures are). */
export function requireSeeTeam(context: AccessContext, teamId: string): void {
  if (!canSeeTeam(context, teamId)) throw new ForbiddenError(`team '${teamId}' is outside what you may see`);
}

/**
 * Changing a deal owned by `ownerBefore` (undefined for a new deal) so that `ownerAfter`
 * owns it: both owners must be within what the principal may change.
 */
export function requireEditDeal(context: AccessContext, ownerBefore: string | undefined, ownerAfter: string): void {
  const { principal, managers } = context;
  if (principal.role === 'admin') return;
  if (ownerBefore !== undefined && !canSeeRep(context, ownerBefore)) throw new NotFoundError('opportunity not found');
  const owners = [ownerBefore, ownerAfter].filter((owner): owner is string => owner !== undefined);
  const allowed =
    principal.role === 'manager' ? managers.editDeals && owners.every((owner) => canSeeRep(context, owner)) : owners.every((owner) => owner === principal.repId);
  if (!allowed) throw new ForbiddenError(principal.role === 'manager' && !managers.editDeals ? "managers may not change their team's deals (settings)" : 'you may not give or take deals of other reps');
}

/** Setting a target of a rep or a team. */
export function requireEditTarget(context: AccessContext, owner: { readonly ownerType: 'rep' | 'team'; readonly ownerId: string }): void {
  const { principal, managers } = context;
  if (principal.role === 'admin') return;
  const inSubtree = owner.ownerType === 'rep' ? canSeeRep(context, owner.ownerId) : canSeeTeam(context, owner.ownerId);
  if (principal.role === 'manager' && managers.editTargets && inSubtree) return;
  throw new ForbiddenError(principal.role === 'manager' && managers.editTargets ? 'the target is outside your teams' : 'you may not change targets');
}

/** Stage configuration, commission levels, reps, teams, settings: sales operations only. */
export function requireAdmin({ principal }: AccessContext, what: string): void {
  if (principal.role !== 'admin') throw new ForbiddenError(`only admins may change ${what}`);
}

/** Lists are filtered, not refused: keeps the items whose rep the principal may see. */
export function visibleOnly<T>(context: AccessContext, items: readonly T[], repOf: (item: T) => string): T[] {
  return items.filter((item) => canSeeRep(context, repOf(item)));
}
