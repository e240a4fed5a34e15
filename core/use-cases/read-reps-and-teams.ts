/**
 * Reads of reps and teams by id and as pages.
 *
 * 1. Get by id; an unknown id is NotFoundError, and so is a rep the principal may not see.
 * 2. Lists page through the repository in id order; reps are filtered to the visible ones.
 * Teams (names and the tree) are readable by everyone signed in: their figures are not.
 */
import { canSeeRep, repNotFound, requireSeeRep, type AccessContext } from '../access-policy.js';
import { NotFoundError } from '../errors.js';
import type { Page, PageRequest } from '../ports/page.js';
import type { RepRepository } from '../ports/rep-repository.js';
import type { TeamRepository } from '../ports/team-repository.js';
import type { Rep } from '../schemas/rep.js';
import type { Team } from '../schemas/team.js';

export async function getRep(reps: RepRepository, access: AccessContext, repId: string): Promise<Rep> {
  requireSeeRep(access, repId);
  const rep = await reps.get(repId);
  if (!rep) throw repNotFound(repId);
  return rep;
}

/** Filtered to the reps the principal may see: a page may hold fewer than `limit` (the cursor still pages on). */
export async function listReps(reps: RepRepository, access: AccessContext, filter: { readonly teamId?: string | undefined }, page: PageRequest): Promise<Page<Rep>> {
  const listed = await reps.list(filter, page);
  return { ...listed, items: listed.items.filter((rep) => canSeeRep(access, rep.id)) };
}

export async function getTeam(teams: TeamRepository, teamId: string): Promise<Team> {
  const team = await teams.get(teamId);
  if (!team) throw new NotFoundError(`team '${teamId}' not found`);
  return team;
}

export function listTeams(teams: TeamRepository, page: PageRequest): Promise<Page<Team>> {
  return teams.list(page);
}
