/**
 * The access context of a request: who the caller is in the organisation today.
 *
 * 1. The principal's rep must exist and be active: a token outlives a rep's removal or
 *    deactivation, and must stop working then (403).
 * 2. A manager's visibility follows today's team tree: the team they are placed in and the
 *    teams naming them as manager, each with its subtree; reps and admins need no tree.
 * 3. What managers may change comes from the settings (only their requests read them:
 *    a rep's or an admin's request costs one read, of their rep).
 */

import { ForbiddenError } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { type AccessContext, accessContextOf } from './access-policy.js';
import type { RepRepository } from './rep-repository.js';
import { DEFAULT_SETTINGS } from './settings.js';
import type { SettingsRepository } from './settings-repository.js';
import type { TeamRepository } from './team-repository.js';
import { buildTeamTree } from './team-tree.js';

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
  return accessContextOf({ principal, principalTeamId: rep.teamId, managedTeamIds, tree: buildTeamTree(allTeams, allReps), managers });
}
