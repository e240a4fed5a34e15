/**
 * The access context of a request: who the caller is in the organisation today.
 *
 * 1. The principal's rep must exist and be active: a token outlives a rep's removal or
 *    deactivation, and must stop working then (403).
 * 2. A manager's visibility follows today's team tree: the team they are placed in and the
 *    teams naming them as manager, each with its subtree; reps and admins need no tree.
 * 3. What managers may change comes from the settings (only their requests read them:
 *    a rep's or an admin's request costs one read, of their rep).
 * A use case that needs the tree takes it from `requestTeamTree`: the manager's, built here,
 * or read and built then, so that a request builds it once.
 */

import { ForbiddenError } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { type AccessContext, accessContextOf } from './access-policy.js';
import type { Rep } from './rep.js';
import type { RepRepository } from './rep-repository.js';
import { DEFAULT_SETTINGS } from './settings.js';
import type { SettingsRepository } from './settings-repository.js';
import type { Team } from './team.js';
import type { TeamRepository } from './team-repository.js';
import { buildTeamTree, type TeamTree } from './team-tree.js';

export interface AccessContextPorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly settings: SettingsRepository;
}

export async function accessContextFor({ reps, teams, settings }: AccessContextPorts, principal: Principal): Promise<AccessContext> {
  const isManager = principal.role === 'manager';
  const [rep, managers] = await Promise.all([
    reps.get(principal.repId),
    isManager ? settings.get().then((stored) => stored.managers) : DEFAULT_SETTINGS.managers,
  ]);
  if (!rep?.active) throw new ForbiddenError('your token names no active rep: ask sales operations to restore your rep or your access');
  if (!isManager) return accessContextOf({ principal, principalTeamId: rep.teamId, tree: undefined, managers });
  const [allTeams, allReps] = await Promise.all([teams.listAll(), reps.listAll()]);
  const managedTeamIds = allTeams.filter((team) => team.managerId === principal.repId).map((team) => team.id);
  const tree = buildTeamTree(allTeams, allReps);
  return { ...accessContextOf({ principal, principalTeamId: rep.teamId, managedTeamIds, tree, managers }), tree };
}

/** Today's tree for this request: the one its access context was built on, else every team and rep read and built now. */
export async function requestTeamTree(
  { reps, teams }: Pick<AccessContextPorts, 'reps' | 'teams'>,
  access: AccessContext,
): Promise<TeamTree<Team, Rep>> {
  if (access.tree) return access.tree;
  const [allTeams, allReps] = await Promise.all([teams.listAll(), reps.listAll()]);
  return buildTeamTree(allTeams, allReps);
}
