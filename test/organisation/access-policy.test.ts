import { describe, expect, it } from 'vitest';
import {
  type AccessContext,
  accessContextOf,
  canSeeCompany,
  canSeeRep,
  canSeeTeam,
  type ManagerPermissions,
  requireAdmin,
  requireEditDeal,
  requireEditTarget,
  requireSeeOpportunity,
  requireSeeRep,
  visibleOnly,
} from '#core/organisation/access-policy.js';
import { buildTeamTree } from '#core/organisation/team-tree.js';
import { ForbiddenError, NotFoundError } from '#core/shared/errors.js';
import type { Principal } from '#core/shared/principal.js';

/** company ─ emea ─ uk; company ─ americas. Mia manages EMEA, Cleo the company; Dave (UK) and Erin (Americas) sell. */
const TEAMS = [
  { id: 'company', name: 'Company', parentTeamId: null },
  { id: 'emea', name: 'EMEA', parentTeamId: 'company' },
  { id: 'uk', name: 'UK', parentTeamId: 'emea' },
  { id: 'americas', name: 'Americas', parentTeamId: 'company' },
];
const REPS = [
  { id: 'mia', name: 'Mia', teamId: 'emea' },
  { id: 'dave', name: 'Dave', teamId: 'uk' },
  { id: 'erin', name: 'Erin', teamId: 'americas' },
  { id: 'ops', name: 'Ops', teamId: 'company' },
  { id: 'cleo', name: 'Cleo', teamId: 'company' },
];
const tree = buildTeamTree(TEAMS, REPS);

function contextOf(principal: Principal, managers: ManagerPermissions = { editDeals: true, editTargets: true }): AccessContext {
  return accessContextOf({ principal, principalTeamId: REPS.find((rep) => rep.id === principal.repId)?.teamId, tree, managers });
}

const dave = contextOf({ repId: 'dave', role: 'rep' });
const mia = contextOf({ repId: 'mia', role: 'manager' });
const ops = contextOf({ repId: 'ops', role: 'admin' });
const cleo = contextOf({ repId: 'cleo', role: 'manager' });

describe('what each role sees', () => {
  it.each([
    ['rep', dave, ['dave'], []],
    ['manager', mia, ['mia', 'dave'], ['emea', 'uk']],
    ['manager of the company', cleo, ['mia', 'dave', 'erin', 'ops', 'cleo'], ['company', 'emea', 'uk', 'americas']],
    ['admin', ops, ['mia', 'dave', 'erin', 'ops', 'cleo'], ['company', 'emea', 'uk', 'americas']],
  ] as const)('a %s sees exactly their reps and teams', (_role, context, reps, teams) => {
    expect(REPS.map((rep) => rep.id).filter((repId) => canSeeRep(context, repId))).toEqual(reps);
    expect(TEAMS.map((team) => team.id).filter((teamId) => canSeeTeam(context, teamId))).toEqual(teams);
    expect(canSeeCompany(context)).toBe(teams.includes('company' as never));
  });

  it("hides another rep's records as if they did not exist (404), and filters lists", () => {
    expect(() => requireSeeRep(dave, 'erin')).toThrow(new NotFoundError("rep 'erin' not found"));
    expect(() => requireSeeRep(mia, 'erin')).toThrow(NotFoundError);
    expect(() => requireSeeRep(mia, 'dave')).not.toThrow();
    expect(() => requireSeeOpportunity(dave, { id: 'o-7', ownerId: 'erin' })).toThrow(new NotFoundError("opportunity 'o-7' not found"));
    expect(() => requireSeeOpportunity(mia, { id: 'o-8', ownerId: 'dave' })).not.toThrow();
    expect(visibleOnly(mia, [{ ownerId: 'dave' }, { ownerId: 'erin' }, { ownerId: 'mia' }], (deal) => deal.ownerId)).toEqual([
      { ownerId: 'dave' },
      { ownerId: 'mia' },
    ]);
  });

  it('adds the teams that name a manager as theirs, each with its subtree', () => {
    const both = accessContextOf({
      principal: { repId: 'mia', role: 'manager' },
      principalTeamId: 'emea',
      managedTeamIds: ['americas'],
      tree,
      managers: { editDeals: true, editTargets: true },
    });
    expect(REPS.map((rep) => rep.id).filter((repId) => canSeeRep(both, repId))).toEqual(['mia', 'dave', 'erin']);
    expect(TEAMS.map((team) => team.id).filter((teamId) => canSeeTeam(both, teamId))).toEqual(['emea', 'uk', 'americas']);
    expect(canSeeCompany(both)).toBe(false);
    const elsewhere = accessContextOf({
      principal: { repId: 'dave', role: 'manager' },
      principalTeamId: 'gone',
      managedTeamIds: ['americas', 'gone-too'],
      tree,
      managers: { editDeals: true, editTargets: true },
    });
    expect(REPS.map((rep) => rep.id).filter((repId) => canSeeRep(elsewhere, repId))).toEqual(['dave', 'erin']);
    const asRep = accessContextOf({
      principal: { repId: 'dave', role: 'rep' },
      principalTeamId: 'uk',
      managedTeamIds: ['americas'],
      tree,
      managers: { editDeals: true, editTargets: true },
    });
    expect(canSeeRep(asRep, 'erin')).toBe(false);
  });

  it('treats a manager placed in no known team as a rep', () => {
    const lost = accessContextOf({
      principal: { repId: 'mia', role: 'manager' },
      principalTeamId: 'gone',
      tree,
      managers: { editDeals: true, editTargets: true },
    });
    expect(canSeeRep(lost, 'dave')).toBe(false);
    expect(canSeeRep(lost, 'mia')).toBe(true);
  });
});

describe('who changes deals', () => {
  it.each([
    ['a rep, their own new deal', dave, undefined, 'dave', null],
    ['a rep, their own deal', dave, 'dave', 'dave', null],
    ['a rep, giving their deal away', dave, 'dave', 'erin', ForbiddenError],
    ["a rep, another rep's deal (hidden)", dave, 'erin', 'erin', NotFoundError],
    ['a manager, a deal of the subtree moved within it', mia, 'dave', 'mia', null],
    ['a manager, a deal outside the subtree (hidden)', mia, 'erin', 'erin', NotFoundError],
    ['a manager, moving a deal out of the subtree', mia, 'dave', 'erin', ForbiddenError],
    ['an admin, anything', ops, 'erin', 'dave', null],
  ] as const)('%s', (_case, context, before, after, expected) => {
    const act = () => requireEditDeal(context, 'o-1', before, after);
    if (expected === null) expect(act).not.toThrow();
    else expect(act).toThrow(expected);
  });

  it("refuses a manager the team's deals when the settings do not allow it", () => {
    const restricted = contextOf({ repId: 'mia', role: 'manager' }, { editDeals: false, editTargets: true });
    expect(() => requireEditDeal(restricted, 'o-1', 'dave', 'dave')).toThrow(ForbiddenError);
    expect(() => requireEditDeal(restricted, 'o-2', 'mia', 'mia')).not.toThrow();
    expect(() => requireEditDeal(restricted, 'o-3', undefined, 'mia')).not.toThrow();
  });
});

describe('who changes targets and configuration', () => {
  it.each([
    ['a rep, their own target', dave, { ownerType: 'rep', ownerId: 'dave' }, ForbiddenError],
    ['a manager, a rep of the subtree', mia, { ownerType: 'rep', ownerId: 'dave' }, null],
    ['a manager, a team of the subtree', mia, { ownerType: 'team', ownerId: 'uk' }, null],
    ['a manager, a team outside it', mia, { ownerType: 'team', ownerId: 'americas' }, ForbiddenError],
    ['an admin, the company', ops, { ownerType: 'team', ownerId: 'company' }, null],
  ] as const)('%s', (_case, context, owner, expected) => {
    const act = () => requireEditTarget(context, owner);
    if (expected === null) expect(act).not.toThrow();
    else expect(act).toThrow(expected);
  });

  it('lets only admins change stages, commission levels, reps and teams', () => {
    expect(() => requireAdmin(ops, 'commission levels')).not.toThrow();
    expect(() => requireAdmin(mia, 'commission levels')).toThrow(ForbiddenError);
    expect(() => requireAdmin(dave, 'the stage configuration')).toThrow(ForbiddenError);
    expect(() =>
      requireEditTarget(contextOf({ repId: 'mia', role: 'manager' }, { editDeals: true, editTargets: false }), {
        ownerType: 'rep',
        ownerId: 'dave',
      }),
    ).toThrow(ForbiddenError);
  });
});
