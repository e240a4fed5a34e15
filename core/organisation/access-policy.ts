/**
 * Who may see and change what.
 *
 * - A rep sees their own records, deals and commission, and changes their own deals.
 * - A manager sees everything under the teams they manage: the team they are placed in and
 *   any team that names them as its manager, each with every team below it, their reps
 *   and figures; they may change the deals and targets of those subtrees when the settings
 *   allow it. Their own deals are theirs to change regardless.
 * - An admin (sales operations) sees and changes everything, and is the only one who
 *   changes the stage configuration, commission levels, reps, teams and settings.
 * - Marketing sees and changes leads and campaigns company-wide and reads the conversion
 *   metrics, but no one's deals, targets or commission.
 *
 * A denied read of something whose existence would leak (another rep's deal or records)
 * is NotFoundError with exactly the message of a missing one; any other denial is
 * ForbiddenError. Lists are filtered, not refused.
 */
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import type { Rep } from './rep.js';
import type { Team } from './team.js';
import type { TeamTree } from './team-tree.js';

/** What managers may change in their subtree, beyond reading it (the settings). */
export interface ManagerPermissions {
  readonly editDeals: boolean;
  readonly editTargets: boolean;
}

/** What the principal may see: everything, a subtree of teams (and their reps), or only themselves. */
export type Visibility =
  | { readonly kind: 'everything' }
  | { readonly kind: 'subtree'; readonly teamIds: ReadonlySet<string>; readonly repIds: ReadonlySet<string>; readonly company: boolean }
  | { readonly kind: 'self'; readonly repId: string };

/** The principal and what follows from where they stand today; built once per request. */
export interface AccessContext {
  readonly principal: Principal;
  readonly visibility: Visibility;
  readonly managers: ManagerPermissions;
  /** Today's tree where the context was built on it (a manager's), so that a use case needing it too reads it no second time. */
  readonly tree?: TeamTree<Team, Rep>;
}

export interface Standing {
  readonly principal: Principal;
  /** The principal's team today; undefined when the rep is in no known team. */
  readonly principalTeamId: string | undefined;
  /** The teams that name the principal as their manager (team.managerId). */
  readonly managedTeamIds?: readonly string[];
  /** Today's tree; only a manager's visibility needs it. */
  readonly tree: TeamTree | undefined;
  readonly managers: ManagerPermissions;
}

export function accessContextOf({ principal, principalTeamId, managedTeamIds = [], tree, managers }: Standing): AccessContext {
  return { principal, visibility: visibilityOf(principal, [principalTeamId, ...managedTeamIds], tree), managers };
}

function visibilityOf(principal: Principal, teamIds: readonly (string | undefined)[], tree: TeamTree | undefined): Visibility {
  if (principal.role === 'admin') return { kind: 'everything' };
  // Marketing sees no one's sales figures, its own included (it has none): leads are widened apart (leadVisibility).
  if (principal.role === 'marketing') return { kind: 'subtree', teamIds: new Set(), repIds: new Set(), company: false };
  const managed =
    principal.role === 'manager' && tree ? teamIds.flatMap((teamId) => (teamId === undefined ? [] : (tree.team(teamId) ?? []))) : [];
  if (tree && managed.length > 0) {
    return {
      kind: 'subtree',
      teamIds: new Set(managed.flatMap((team) => tree.subtreeTeamIds(team.id))),
      repIds: new Set([...managed.flatMap((team) => tree.subtreeRepIds(team.id)), principal.repId]),
      company: managed.some((team) => team.parentTeamId === null),
    };
  }
  return { kind: 'self', repId: principal.repId };
}

export function canSeeRep({ visibility }: AccessContext, repId: string): boolean {
  return visibility.kind === 'everything' || (visibility.kind === 'subtree' ? visibility.repIds.has(repId) : visibility.repId === repId);
}

export function canSeeTeam({ visibility }: AccessContext, teamId: string): boolean {
  return visibility.kind === 'everything' || (visibility.kind === 'subtree' && visibility.teamIds.has(teamId));
}

/** The company's figures: admins, and managers placed in the root team. */
export function canSeeCompany({ visibility }: AccessContext): boolean {
  return visibility.kind === 'everything' || (visibility.kind === 'subtree' && visibility.company);
}

/** The one message of a missing rep, so that a hidden one reads the same. */
export function repNotFound(repId: string): NotFoundError {
  return new NotFoundError(`rep '${repId}' not found`);
}

/** The one message of a missing opportunity, so that a hidden one reads the same. */
export function opportunityNotFound(opportunityId: string): NotFoundError {
  return new NotFoundError(`opportunity '${opportunityId}' not found`);
}

/** A rep's records, deals or commission: hidden (404) when not visible, so rep ids cannot be probed. */
export function requireSeeRep(context: AccessContext, repId: string): void {
  if (!canSeeRep(context, repId)) throw repNotFound(repId);
}

/** A deal: hidden (404) unless its owner is visible. */
export function requireSeeOpportunity(context: AccessContext, opportunity: { readonly id: string; readonly ownerId: string }): void {
  if (!canSeeRep(context, opportunity.ownerId)) throw opportunityNotFound(opportunity.id);
}

/** A team's figures: 403 when not visible (team ids are not secret; their figures are). */
export function requireSeeTeam(context: AccessContext, teamId: string): void {
  if (!canSeeTeam(context, teamId)) throw new ForbiddenError(`team '${teamId}' is outside what you may see`);
}

export function requireSeeCompany(context: AccessContext): void {
  if (!canSeeCompany(context)) throw new ForbiddenError("the company's figures are for admins and the managers of the whole company");
}

/**
 * Changing a deal owned by `ownerBefore` (undefined for a new deal) so that `ownerAfter`
 * owns it: both owners must be within what the principal may change.
 */
export function requireEditDeal(context: AccessContext, opportunityId: string, ownerBefore: string | undefined, ownerAfter: string): void {
  const { principal, managers } = context;
  if (principal.role === 'admin') return;
  if (ownerBefore !== undefined && !canSeeRep(context, ownerBefore)) throw opportunityNotFound(opportunityId);
  const owners = [ownerBefore, ownerAfter].filter((owner): owner is string => owner !== undefined);
  if (owners.every((owner) => owner === principal.repId)) return;
  if (principal.role === 'manager' && !managers.editDeals)
    throw new ForbiddenError("managers may not change their team's deals (settings)");
  if (principal.role === 'manager' && owners.every((owner) => canSeeRep(context, owner))) return;
  throw new ForbiddenError(
    principal.role === 'manager' ? 'the deal would leave your teams' : 'you may not give or take deals of other reps',
  );
}

/** Setting a target of a rep or a team. */
export function requireEditTarget(context: AccessContext, owner: { readonly ownerType: 'rep' | 'team'; readonly ownerId: string }): void {
  const { principal, managers } = context;
  if (principal.role === 'admin') return;
  const inSubtree = owner.ownerType === 'rep' ? canSeeRep(context, owner.ownerId) : canSeeTeam(context, owner.ownerId);
  if (principal.role === 'manager' && managers.editTargets && inSubtree) return;
  throw new ForbiddenError(
    principal.role === 'manager' && managers.editTargets ? 'the target is outside your teams' : 'you may not change targets',
  );
}

/** Stage configuration, commission levels, reps, teams, settings, imports, snapshots: sales operations only. */
export function requireAdmin({ principal }: AccessContext, what: string): void {
  if (principal.role !== 'admin') throw new ForbiddenError(`only admins may ${what}`);
}

/** Lists are filtered, not refused: keeps the items whose rep the principal may see. */
export function visibleOnly<T>(context: AccessContext, items: readonly T[], repOf: (item: T) => string): T[] {
  return items.filter((item) => canSeeRep(context, repOf(item)));
}

/**
 * Leads, campaigns and the conversion metrics. Marketing and admins see the whole company;
 * a manager the leads of the reps they see; a rep their own. Marketing sees no one's
 * targets or commission: its sales visibility stays `self`, only this one widens.
 */
export function leadVisibility(context: AccessContext): Visibility {
  return context.principal.role === 'marketing' ? { kind: 'everything' } : context.visibility;
}

/** Whether the leads (and lead metrics) of a rep are visible to the principal. */
export function canSeeLeadsOf(context: AccessContext, repId: string): boolean {
  return canSeeRep({ ...context, visibility: leadVisibility(context) }, repId);
}

/** The one message of a missing lead, so that a hidden one reads the same. */
export function leadNotFound(leadId: string): NotFoundError {
  return new NotFoundError(`lead '${leadId}' not found`);
}

/** A lead: hidden (404) unless its owner's leads are visible. */
export function requireSeeLead(context: AccessContext, lead: { readonly id: string; readonly ownerId: string }): void {
  if (!canSeeLeadsOf(context, lead.ownerId)) throw leadNotFound(lead.id);
}

/**
 * Creating or changing a lead owned by `ownerBefore` (undefined for a new one) so that
 * `ownerAfter` owns it: marketing and admins hand leads to any rep; a manager within the
 * reps they see; a rep only their own.
 */
export function requireEditLead(context: AccessContext, leadId: string, ownerBefore: string | undefined, ownerAfter: string): void {
  const { role, repId } = context.principal;
  if (role === 'admin' || role === 'marketing') return;
  if (ownerBefore !== undefined && !canSeeLeadsOf(context, ownerBefore)) throw leadNotFound(leadId);
  const owners = [ownerBefore, ownerAfter].filter((owner): owner is string => owner !== undefined);
  if (owners.every((owner) => owner === repId)) return;
  if (role === 'manager' && owners.every((owner) => canSeeRep(context, owner))) return;
  throw new ForbiddenError(role === 'manager' ? 'the lead would leave your teams' : 'you may not give or take leads of other reps');
}

/** Campaigns are marketing's (and sales operations'). */
export function requireManageCampaigns({ principal }: AccessContext): void {
  if (principal.role !== 'admin' && principal.role !== 'marketing')
    throw new ForbiddenError('only marketing and admins may change campaigns');
}
