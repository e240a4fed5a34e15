import { describe, expect, it } from 'vitest';
import {
  buildSubtreesTree,
  buildTeamTree,
  repsOfTree,
  type TeamMember,
  type TeamNode,
  validateTeamParent,
} from '#core/organisation/team-tree.js';
import { NotFoundError, ValidationError } from '#core/shared/errors.js';

const team = (id: string, parentTeamId: string | null, name = id): TeamNode => ({ id, name, parentTeamId });
const rep = (id: string, teamId: string, name = id): TeamMember => ({ id, name, teamId });

const teams = [
  team('company', null, 'Acme'),
  team('west', 'company', 'West'),
  team('east', 'company', 'East'),
  team('enterprise', 'east', 'Enterprise'),
];
const reps = [
  rep('ann', 'company'),
  rep('bob', 'east', 'Bob'),
  rep('abe', 'east', 'Abe'),
  rep('cat', 'enterprise'),
  rep('dan', 'west'),
  rep('eve', 'ghost'),
];

function issuesOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => issue.field);
  }
  throw new Error('expected a ValidationError');
}

describe('team tree', () => {
  const tree = buildTeamTree(teams, reps);

  it('finds the company as root', () => {
    expect(tree.root.id).toBe('company');
    expect(tree.team('east')?.name).toBe('East');
    expect(tree.team('nope')).toBeUndefined();
  });

  it('lists child teams and direct members by name', () => {
    expect(tree.children('company').map((t) => t.id)).toEqual(['east', 'west']);
    expect(tree.membersOf('east').map((r) => r.id)).toEqual(['abe', 'bob']);
    expect(tree.children('nope')).toEqual([]);
    expect(tree.membersOf('nope')).toEqual([]);
  });

  it('collects the reps of a subtree', () => {
    expect([...tree.subtreeRepIds('east')].sort()).toEqual(['abe', 'bob', 'cat']);
    expect([...tree.subtreeRepIds('company')].sort()).toEqual(['abe', 'ann', 'bob', 'cat', 'dan']);
    expect(tree.subtreeTeamIds('east')).toEqual(['east', 'enterprise']);
    expect(tree.subtreeRepIds('nope')).toEqual([]);
  });

  it('tells whether a team lies in a subtree', () => {
    expect(tree.isInSubtree('enterprise', 'company')).toBe(true);
    expect(tree.isInSubtree('enterprise', 'east')).toBe(true);
    expect(tree.isInSubtree('east', 'east')).toBe(true);
    expect(tree.isInSubtree('west', 'east')).toBe(false);
    expect(tree.isInSubtree('east', 'enterprise')).toBe(false);
  });

  it('rejects two companies, a missing parent, and a cycle, naming parentTeamId', () => {
    expect(issuesOf(() => buildTeamTree([...teams, team('other', null)], []))).toEqual(['parentTeamId']);
    expect(issuesOf(() => buildTeamTree([...teams, team('lost', 'ghost')], []))).toEqual(['parentTeamId']);
    expect(issuesOf(() => buildTeamTree([...teams, team('a', 'b'), team('b', 'a')], []))).toEqual(['parentTeamId']);
    expect(issuesOf(() => buildTeamTree([team('a', 'b'), team('b', 'a')], []))).toEqual(['parentTeamId']);
  });

  it('has no company before any team exists', () => {
    expect(() => buildTeamTree([], [])).toThrow(NotFoundError);
  });
});

describe('validating a team parent', () => {
  it('accepts the first team as the company, and re-saving the company', () => {
    expect(() => validateTeamParent([], 'company', null)).not.toThrow();
    expect(() => validateTeamParent(teams, 'company', null)).not.toThrow();
  });

  it('accepts a move to another branch', () => {
    expect(() => validateTeamParent(teams, 'enterprise', 'west')).not.toThrow();
    expect(() => validateTeamParent(teams, 'new-team', 'enterprise')).not.toThrow();
  });

  it('rejects a second company', () => {
    expect(issuesOf(() => validateTeamParent(teams, 'west', null))).toEqual(['parentTeamId']);
  });

  it('rejects an unknown parent, the team itself, and a parent below the team', () => {
    expect(issuesOf(() => validateTeamParent(teams, 'west', 'ghost'))).toEqual(['parentTeamId']);
    expect(issuesOf(() => validateTeamParent([], 'first', 'ghost'))).toEqual(['parentTeamId']);
    expect(issuesOf(() => validateTeamParent(teams, 'east', 'east'))).toEqual(['parentTeamId']);
    expect(issuesOf(() => validateTeamParent(teams, 'east', 'enterprise'))).toEqual(['parentTeamId']);
    expect(issuesOf(() => validateTeamParent(teams, 'company', 'enterprise'))).toEqual(['parentTeamId']);
  });
});

describe('tree of part of the organisation', () => {
  const whole = buildTeamTree(teams, reps);
  // A manager of east and west, as their request reads them: the subtrees, not the company.
  const part = buildSubtreesTree(
    teams.filter((t) => t.id !== 'company'),
    reps.filter((r) => r.teamId !== 'company' && r.teamId !== 'ghost'),
  );

  it('has the subtrees as tops, by name, and answers within them as the whole tree does', () => {
    expect(part.tops.map((t) => t.id)).toEqual(['east', 'west']);
    expect(whole.tops.map((t) => t.id)).toEqual(['company']);
    for (const teamId of ['east', 'west', 'enterprise']) {
      expect(part.subtreeTeamIds(teamId)).toEqual(whole.subtreeTeamIds(teamId));
      expect(part.subtreeRepIds(teamId)).toEqual(whole.subtreeRepIds(teamId));
      expect(part.children(teamId)).toEqual(whole.children(teamId));
      expect(part.membersOf(teamId)).toEqual(whole.membersOf(teamId));
    }
    expect(part.isInSubtree('enterprise', 'east')).toBe(true);
    expect(part.team('company')).toBeUndefined();
  });

  it('lists every rep placed in the teams it holds, tops first, none outside them', () => {
    const placedOf = (tree: typeof part) => repsOfTree(tree).map((r) => r.id);
    expect(placedOf(part)).toEqual([...part.subtreeRepIds('east'), ...part.subtreeRepIds('west')]);
    expect(new Set(placedOf(whole))).toEqual(new Set(whole.subtreeRepIds('company')));
    expect(placedOf(part)).not.toContain(reps.find((r) => r.teamId === 'company')?.id);
  });

  it('has no company unless a top is the company', () => {
    expect(() => part.root).toThrow();
    expect(buildSubtreesTree(teams, reps).root.id).toBe('company');
  });
});
