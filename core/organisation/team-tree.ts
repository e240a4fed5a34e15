import { NotFoundError, ValidationError } from '../shared/errors.js';
import type { Rep } from './rep.js';
import type { Team } from './team.js';

export type TeamNode = Pick<Team, 'id' | 'name' | 'parentTeamId'>;
export type TeamMember = Pick<Rep, 'id' | 'name' | 'teamId'>;

export interface TeamTree<T extends TeamNode = TeamNode, R extends TeamMember = TeamMember> {
  /**
   * The company: the one team without a parent. A tree of part of the organisation
   * (`buildSubtreesTree`) that does not hold it throws: check canSeeCompany first.
   */
  readonly root: T;
  /** The topmost teams held, by name: the company alone for the whole tree. */
  readonly tops: readonly T[];
  team(teamId: string): T | undefined;
  /** Direct child teams, by name. Empty for an unknown team. */
  children(teamId: string): readonly T[];
  /** Reps placed directly in the team, by name. Empty for an unknown team. */
  membersOf(teamId: string): readonly R[];
  /** The team and every team below it. */
  subtreeTeamIds(teamId: string): readonly string[];
  /** Every rep of the team or of a team below it. */
  subtreeRepIds(teamId: string): readonly string[];
  /** True when `teamId` is `ancestorTeamId` or lies below it. */
  isInSubtree(teamId: string, ancestorTeamId: string): boolean;
}

function parentIssue(message: string): ValidationError {
  return new ValidationError(`parentTeamId ${message}`, [{ field: 'parentTeamId', message }]);
}

function byName<E extends { id: string; name: string }>(a: E, b: E): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every rep placed in a team the tree holds: its tops' subtrees in order, each team's members by name. */
export function repsOfTree<T extends TeamNode, R extends TeamMember>(tree: TeamTree<T, R>): R[] {
  return tree.tops.flatMap((top) => tree.subtreeTeamIds(top.id)).flatMap((teamId) => tree.membersOf(teamId));
}

/**
 * Indexes the teams and reps as a tree. The teams must form exactly one tree: one root
 * (the company), every parent known, no cycle. A rep whose team is unknown is in no
 * subtree (it still has its own records). No team at all is NotFoundError: there is no
 * company to report on yet.
 */
export function buildTeamTree<T extends TeamNode, R extends TeamMember>(teams: readonly T[], reps: readonly R[]): TeamTree<T, R> {
  if (teams.length === 0) throw new NotFoundError('no teams yet: create the company, a team without parentTeamId');
  const byId = new Map(teams.map((team) => [team.id, team]));
  const roots = teams.filter((team) => team.parentTeamId === null);
  if (roots.length !== 1) {
    throw parentIssue(
      roots.length === 0
        ? 'no team is the company (a team without parent): the teams form a cycle'
        : `only one team may be the company (without parent); found ${roots
            .map((t) => t.id)
            .sort()
            .join(', ')}`,
    );
  }
  const childTeams = new Map<string, T[]>();
  for (const team of teams) {
    if (team.parentTeamId === null) continue;
    if (!byId.has(team.parentTeamId)) throw parentIssue(`of team '${team.id}' names unknown team '${team.parentTeamId}'`);
    const siblings = childTeams.get(team.parentTeamId) ?? [];
    siblings.push(team);
    childTeams.set(team.parentTeamId, siblings);
  }
  for (const siblings of childTeams.values()) siblings.sort(byName);

  const root = roots[0] as T;
  const reached = new Set<string>();
  const pending = [root.id];
  while (pending.length > 0) {
    const teamId = pending.pop() as string;
    reached.add(teamId);
    for (const child of childTeams.get(teamId) ?? []) pending.push(child.id);
  }
  const detached = teams.filter((team) => !reached.has(team.id)).map((team) => team.id);
  if (detached.length > 0) throw parentIssue(`forms a cycle among teams ${detached.sort().join(', ')}`);

  return indexedTree(root, [root], byId, childTeams, reps);
}

/**
 * A tree of part of the organisation: `teams` are whole subtrees (every child of a team
 * given is given too), `reps` their members. Its tops are the teams whose parent is not
 * among them; it holds the company only when a top is the company. A manager's request
 * builds it from their own subtrees, so it does not grow with the rest of the organisation.
 */
export function buildSubtreesTree<T extends TeamNode, R extends TeamMember>(teams: readonly T[], reps: readonly R[]): TeamTree<T, R> {
  const byId = new Map(teams.map((team) => [team.id, team]));
  const childTeams = new Map<string, T[]>();
  for (const team of teams) {
    if (team.parentTeamId === null || !byId.has(team.parentTeamId)) continue;
    const siblings = childTeams.get(team.parentTeamId) ?? [];
    siblings.push(team);
    childTeams.set(team.parentTeamId, siblings);
  }
  for (const siblings of childTeams.values()) siblings.sort(byName);
  const tops = teams.filter((team) => team.parentTeamId === null || !byId.has(team.parentTeamId)).sort(byName);
  return indexedTree(
    tops.find((team) => team.parentTeamId === null),
    tops,
    byId,
    childTeams,
    reps,
  );
}

function indexedTree<T extends TeamNode, R extends TeamMember>(
  root: T | undefined,
  tops: readonly T[],
  byId: ReadonlyMap<string, T>,
  childTeams: ReadonlyMap<string, readonly T[]>,
  reps: readonly R[],
): TeamTree<T, R> {
  const members = new Map<string, R[]>();
  for (const rep of reps) {
    const list = members.get(rep.teamId) ?? [];
    list.push(rep);
    members.set(rep.teamId, list);
  }
  for (const list of members.values()) list.sort(byName);

  const subtreeTeamIds = (teamId: string): string[] => {
    if (!byId.has(teamId)) return [];
    const ids: string[] = [];
    const stack = [teamId];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      ids.push(id);
      for (const child of [...(childTeams.get(id) ?? [])].reverse()) stack.push(child.id);
    }
    return ids;
  };

  return {
    get root(): T {
      if (!root) throw new Error('this tree holds part of the organisation only, not the company');
      return root;
    },
    tops,
    team: (teamId) => byId.get(teamId),
    children: (teamId) => childTeams.get(teamId) ?? [],
    membersOf: (teamId) => members.get(teamId) ?? [],
    subtreeTeamIds,
    subtreeRepIds: (teamId) => subtreeTeamIds(teamId).flatMap((id) => (members.get(id) ?? []).map((rep) => rep.id)),
    isInSubtree: (teamId, ancestorTeamId) => {
      for (let current = byId.get(teamId); current; current = current.parentTeamId === null ? undefined : byId.get(current.parentTeamId)) {
        if (current.id === ancestorTeamId) return true;
      }
      return false;
    },
  };
}

/**
 * Checks a team's new parent against the stored teams before a write: the parent must
 * exist, must not be the team or lie below it, and only one team may be the company.
 */
export function validateTeamParent(teams: readonly TeamNode[], teamId: string, parentTeamId: string | null): void {
  const others = teams.filter((team) => team.id !== teamId);
  if (parentTeamId === null) {
    const company = others.find((team) => team.parentTeamId === null);
    if (company) throw parentIssue(`is required: team '${company.id}' is already the company`);
    return;
  }
  if (parentTeamId === teamId) throw parentIssue('must not be the team itself');
  const byId = new Map(others.map((team) => [team.id, team]));
  if (!byId.has(parentTeamId)) throw parentIssue(`names unknown team '${parentTeamId}'`);
  const visited = new Set<string>();
  for (
    let current: string | null = parentTeamId;
    current !== null && !visited.has(current);
    current = byId.get(current)?.parentTeamId ?? null
  ) {
    if (current === teamId) throw parentIssue(`would make a cycle: team '${parentTeamId}' is below team '${teamId}'`);
    visited.add(current);
  }
}
