/**
 * Properties of the access policy over random organisations (teams naming random
 * managers): what each role sees is
 * exactly what the rules say, visibility never leaks upwards or sideways, and no one but
 * an admin moves a deal outside what they may see.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessContextOf, canSeeCompany, canSeeRep, canSeeTeam, requireEditDeal, visibleOnly } from '#core/organisation/access-policy.js';
import { buildTeamTree } from '#core/organisation/team-tree.js';
import type { Principal } from '#core/shared/principal.js';

/** A random tree (each team's parent is an earlier team) with reps placed in its teams. */
const organisation = fc
  .record({
    parents: fc.array(fc.nat(), { minLength: 0, maxLength: 12 }),
    placements: fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
    /** Per team: the index of the rep it names as manager, or none. */
    managerPicks: fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 13, maxLength: 13 }),
  })
  .map(({ parents, placements, managerPicks }) => {
    const teams = [
      { id: 't0', name: 't0', parentTeamId: null as string | null },
      ...parents.map((parent, index) => ({ id: `t${index + 1}`, name: `t${index + 1}`, parentTeamId: `t${parent % (index + 1)}` })),
    ];
    const reps = placements.map((team, index) => ({ id: `r${index}`, name: `r${index}`, teamId: `t${team % teams.length}` }));
    const managerOf = new Map(
      teams.flatMap((team, index) =>
        managerPicks[index] === undefined ? [] : [[team.id, `r${managerPicks[index]! % reps.length}`] as const],
      ),
    );
    return { teams, reps, managerOf, tree: buildTeamTree(teams, reps) };
  });

const caller = (repCount: number) =>
  fc.record({ rep: fc.nat({ max: repCount - 1 }), role: fc.constantFrom('rep', 'manager', 'admin') as fc.Arbitrary<Principal['role']> });

const scenario = organisation.chain((org) =>
  fc.record({
    org: fc.constant(org),
    who: caller(org.reps.length),
    other: fc.nat({ max: org.reps.length - 1 }),
    third: fc.nat({ max: org.reps.length - 1 }),
  }),
);

type Organisation = typeof organisation extends fc.Arbitrary<infer O> ? O : never;

function contextFor(org: Organisation, repIndex: number, role: Principal['role'], managers = { editDeals: true, editTargets: true }) {
  const rep = org.reps[repIndex]!;
  const managedTeamIds = org.teams.filter((team) => org.managerOf.get(team.id) === rep.id).map((team) => team.id);
  return accessContextOf({ principal: { repId: rep.id, role }, principalTeamId: rep.teamId, managedTeamIds, tree: org.tree, managers });
}

describe('access policy properties', () => {
  it('a rep sees only themselves; an admin everything; a manager exactly the subtrees of the teams they manage, and themselves', () => {
    fc.assert(
      fc.property(scenario, ({ org, who }) => {
        const context = contextFor(org, who.rep, who.role);
        const self = org.reps[who.rep]!;
        const managed = [self.teamId, ...org.teams.filter((team) => org.managerOf.get(team.id) === self.id).map((team) => team.id)];
        const subtree = new Set(managed.flatMap((teamId) => org.tree.subtreeTeamIds(teamId)));
        for (const rep of org.reps) {
          const expected = who.role === 'admin' || rep.id === self.id || (who.role === 'manager' && subtree.has(rep.teamId));
          expect(canSeeRep(context, rep.id)).toBe(expected);
        }
        for (const team of org.teams) {
          expect(canSeeTeam(context, team.id)).toBe(who.role === 'admin' || (who.role === 'manager' && subtree.has(team.id)));
        }
        expect(canSeeCompany(context)).toBe(who.role === 'admin' || (who.role === 'manager' && managed.includes('t0')));
      }),
    );
  });

  it('visibility is closed downwards: whoever sees a team sees every team and rep below it', () => {
    fc.assert(
      fc.property(scenario, ({ org, who }) => {
        const context = contextFor(org, who.rep, who.role);
        for (const team of org.teams.filter((candidate) => canSeeTeam(context, candidate.id))) {
          for (const below of org.tree.subtreeTeamIds(team.id)) expect(canSeeTeam(context, below)).toBe(true);
          for (const rep of org.tree.subtreeRepIds(team.id)) expect(canSeeRep(context, rep)).toBe(true);
        }
      }),
    );
  });

  it('a filtered list keeps exactly the visible items, in order', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat()), ({ org, who }, picks) => {
        const context = contextFor(org, who.rep, who.role);
        const deals = picks.map((pick, index) => ({ id: `d${index}`, ownerId: org.reps[pick % org.reps.length]!.id }));
        const kept = visibleOnly(context, deals, (deal) => deal.ownerId);
        expect(kept).toEqual(deals.filter((deal) => canSeeRep(context, deal.ownerId)));
      }),
    );
  });

  it('no one but an admin changes a deal whose owner before or after they may not see', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), fc.boolean(), ({ org, who, other, third }, isNew, editDeals) => {
        const context = contextFor(org, who.rep, who.role, { editDeals, editTargets: false });
        const before = isNew ? undefined : org.reps[other]!.id;
        const after = org.reps[third]!.id;
        let allowed = true;
        try {
          requireEditDeal(context, 'd1', before, after);
        } catch {
          allowed = false;
        }
        if (!allowed || who.role === 'admin') return;
        for (const owner of [before, after]) if (owner !== undefined) expect(canSeeRep(context, owner)).toBe(true);
        if (who.role === 'rep' || !editDeals)
          expect([before, after].filter((owner) => owner !== undefined).every((owner) => owner === org.reps[who.rep]!.id)).toBe(true);
      }),
    );
  });
});
