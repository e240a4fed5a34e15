/**
 * Reads of reps and teams by id and as pages.
 *
 * 1. Get by id; an unknown id is NotFoundError, and so is a rep the principal may not see.
 * 2. Lists page through the repository in id order; reps are filtered to the visible ones.
 * Teams (names and the tree) are readable by everyone signed in: their figures are not.
 */

import { NotFoundError } from '../shared/errors.js';
import type { Page, PageRequest } from '../shared/page.js';
import { type AccessContext, canSeeRep, repNotFound, requireSeeRep } from './access-policy.js';
import type { Rep } from './rep.js';
import type { RepRepository } from './rep-repository.js';
import type { Team } from './team.js';
import type { TeamRepository } from './team-repository.js';

export async function getRep(reps: RepRepository, access: AccessContext, repId: string): Promise<Rep> {
  requireSeeRep(access, repId);
  const rep = await reps.get(repId);
  if (!rep) throw repNotFound(repId);
  return rep;
}

/**
 * Filtered to the reps the principal may see, never refused. A rep's list is themselves; a
 * manager's is read page by page, each page no larger than what is still missing, so that
 * no visible rep is skipped by the cursor and a page is full unless the list ends.
 */
export async function listReps(
  reps: RepRepository,
  access: AccessContext,
  filter: { readonly teamId?: string | undefined },
  page: PageRequest,
): Promise<Page<Rep>> {
  const { visibility } = access;
  if (visibility.kind === 'everything') return reps.list(filter, page);
  if (visibility.kind === 'self') {
    const self = page.cursor === undefined ? await reps.get(visibility.repId) : undefined;
    return { items: self && (filter.teamId === undefined || self.teamId === filter.teamId) ? [self] : [], nextCursor: null };
  }
  const items: Rep[] = [];
  let cursor = page.cursor;
  do {
    const listed = await reps.list(filter, { limit: page.limit - items.length, ...(cursor !== undefined ? { cursor } : {}) });
    items.push(...listed.items.filter((rep) => canSeeRep(access, rep.id)));
    cursor = listed.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < page.limit);
  return { items, nextCursor: cursor ?? null };
}

export async function getTeam(teams: TeamRepository, teamId: string): Promise<Team> {
  const team = await teams.get(teamId);
  if (!team) throw new NotFoundError(`team '${teamId}' not found`);
  return team;
}

export function listTeams(teams: TeamRepository, page: PageRequest): Promise<Page<Team>> {
  return teams.list(page);
}
