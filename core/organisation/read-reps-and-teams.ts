/**
 * Reads of reps and teams by id and as pages.
 *
 * 1. Get by id; an unknown id is NotFoundError, and so is a rep the principal may not see.
 * 2. Lists page through the repository in id order; reps are filtered to the visible ones.
 *    A manager's are the request's tree (their own subtrees, read with the access context),
 *    paged in memory, so their list does not read the rest of the organisation.
 * Teams (names and the tree) are readable by everyone signed in: their figures are not.
 */

import { byCodeUnit } from '../shared/code-unit-order.js';
import { NotFoundError } from '../shared/errors.js';
import { InvalidCursorError, type Page, type PageRequest } from '../shared/page.js';
import { type AccessContext, canSeeRep, repNotFound, requireSeeRep } from './access-policy.js';
import type { Rep } from './rep.js';
import type { RepRepository } from './rep-repository.js';
import type { Team } from './team.js';
import type { TeamRepository } from './team-repository.js';
import { repsOfTree } from './team-tree.js';

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
  if (access.tree) return pageOfTree(reps, access, access.tree, filter, page);
  const items: Rep[] = [];
  let cursor = page.cursor;
  do {
    const listed = await reps.list(filter, { limit: page.limit - items.length, ...(cursor !== undefined ? { cursor } : {}) });
    items.push(...listed.items.filter((rep) => canSeeRep(access, rep.id)));
    cursor = listed.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < page.limit);
  return { items, nextCursor: cursor ?? null };
}

/** A cursor of the in-memory list: the last id given, in hex (ids hold '.' and ':', cursors may not). */
const cursorOf = (repId: string) => `r${[...repId].map((char) => (char.codePointAt(0) ?? 0).toString(16).padStart(2, '0')).join('')}`;

function afterCursor(cursor: string): string {
  if (!/^r(?:[0-9a-f]{2})+$/.test(cursor)) throw new InvalidCursorError();
  return String.fromCharCode(...(cursor.slice(1).match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)));
}

/** The visible reps of the request's tree (and the caller, should they be placed in no team of it), by id. */
async function pageOfTree(
  reps: RepRepository,
  access: AccessContext,
  tree: NonNullable<AccessContext['tree']>,
  filter: { readonly teamId?: string | undefined },
  page: PageRequest,
): Promise<Page<Rep>> {
  const { principal } = access;
  const placed = repsOfTree(tree);
  const self = placed.some((rep) => rep.id === principal.repId) ? undefined : await reps.get(principal.repId);
  const after = page.cursor === undefined ? undefined : afterCursor(page.cursor);
  const listed = [...placed, ...(self ? [self] : [])]
    .filter((rep) => canSeeRep(access, rep.id) && (filter.teamId === undefined || rep.teamId === filter.teamId))
    .filter((rep) => after === undefined || byCodeUnit(rep.id, after) > 0)
    .sort((a, b) => byCodeUnit(a.id, b.id));
  const items = listed.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: listed.length > page.limit && last ? cursorOf(last.id) : null };
}

export async function getTeam(teams: TeamRepository, teamId: string): Promise<Team> {
  const team = await teams.get(teamId);
  if (!team) throw new NotFoundError(`team '${teamId}' not found`);
  return team;
}

export function listTeams(teams: TeamRepository, page: PageRequest): Promise<Page<Team>> {
  return teams.list(page);
}
