/**
 * Reads of reps and teams by id and as pages.
 *
 * 1. Get by id; an unknown id is NotFoundError.
 * 2. Lists page through the repository in id order.
 */
import { NotFoundError } from '../errors.js';
import type { Page, PageRequest } from '../ports/page.js';
import type { RepRepository } from '../ports/rep-repository.js';
import type { TeamRepository } from '../ports/team-repository.js';
import type { Rep } from '../schemas/rep.js';
import type { Team } from '../schemas/team.js';

export async function getRep(reps: RepRepository, repId: string): Promise<Rep> {
  const rep = await reps.get(repId);
  if (!rep) throw new NotFoundError(`rep '${repId}' not found`);
  return rep;
}

export function listReps(reps: RepRepository, filter: { readonly teamId?: string | undefined }, page: PageRequest): Promise<Page<Rep>> {
  return reps.list(filter, page);
}

export async function getTeam(teams: TeamRepository, teamId: string): Promise<Team> {
  const team = await teams.get(teamId);
  if (!team) throw new NotFoundError(`team '${teamId}' not found`);
  return team;
}

export function listTeams(teams: TeamRepository, page: PageRequest): Promise<Page<Team>> {
  return teams.list(page);
}
