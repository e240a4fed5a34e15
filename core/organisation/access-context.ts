/**
 * The access context of a request: who the caller is in the organisation today.
 *
 * 1. The principal's rep must exist and be active: a token outlives a rep's removal or
 *    deactivation, and must stop working then (403).
 * 2. A manager's visibility follows today's team tree: the team they are placed in and the
 *    teams naming them as manager (the managers' index), each with its subtree, read a
 *    level at a time (one query per team of the subtrees: its child teams and reps), so a
 *    manager's request reads their own part of the organisation, not the rest. A manager
 *    placed in or managing the company sees everything: every team and rep is read then.
 *    Reps and admins need no tree.
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
import { buildSubtreesTree, buildTeamTree, type TeamTree } from './team-tree.js';

export interface AccessContextPorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly settings: SettingsRepository;
}

export async function accessContextFor({ reps, teams, settings }: AccessContextPorts, principal: Principal): Promise<AccessContext> {
  const isManager = principal.role === 'manager';
  const [rep, managers, managed] = await Promise.all([
    reps.get(principal.repId),
    isManager ? settings.get().then((stored) => stored.managers) : DEFAULT_SETTINGS.managers,
    isManager ? teams.managedBy(principal.repId) : [],
  ]);
  if (!rep?.active) throw new ForbiddenError('your token names no active rep: ask sales operations to restore your rep or your access');
  if (!isManager) return accessContextOf({ principal, principalTeamId: rep.teamId, tree: undefined, managers });
  const placed = managed.find((team) => team.id === rep.teamId) ?? (await teams.get(rep.teamId));
  const tree = await managerTree({ reps, teams }, [...(placed ? [placed] : []), ...managed]);
  const managedTeamIds = managed.map((team) => team.id);
  return { ...accessContextOf({ principal, principalTeamId: rep.teamId, managedTeamIds, tree, managers }), tree };
}

/** The subtrees of the manager's teams, breadth first; the whole tree when one of them is the company. */
async function managerTree(
  { reps, teams }: Pick<AccessContextPorts, 'reps' | 'teams'>,
  tops: readonly Team[],
): Promise<TeamTree<Team, Rep>> {
  if (tops.some((team) => team.parentTeamId === null)) {
    const [allTeams, allReps] = await Promise.all([teams.listAll(), reps.listAll()]);
    return buildTeamTree(allTeams, allReps);
  }
  const found = new Map<string, Team>(tops.map((team) => [team.id, team]));
  const members: Rep[] = [];
  for (let level = [...found.keys()]; level.length > 0; ) {
    const branches = await Promise.all(level.map((teamId) => teams.branchOf(teamId)));
    level = [];
    for (const branch of branches) {
      members.push(...branch.reps);
      for (const child of branch.teams) {
        if (found.has(child.id)) continue;
        found.set(child.id, child);
        level.push(child.id);
      }
    }
  }
  return buildSubtreesTree([...found.values()], members);
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
