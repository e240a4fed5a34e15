import { describe, expect, it } from 'vitest';
import { readAuditTrail } from '#core/audit/read-audit-trail.js';
import { commissionLevelsStateOf } from '#core/commission/commission-levels-state.js';
import { accessContextOf } from '#core/organisation/access-policy.js';
import { auditEntryOf, auditSubjects, sameState } from '#core/shared/audit-entry.js';
import type { AuditFilter, AuditRepository } from '#core/shared/audit-repository.js';
import { ForbiddenError, ValidationError } from '#core/shared/errors.js';
import type { PageRequest } from '#core/shared/page.js';
import type { Principal } from '#core/shared/principal.js';
import type { Target } from '#core/targets/target.js';
import { targetChangeOf } from '#core/targets/target-change.js';
import { keys } from '#functions/store/keys.js';
import { fixedClock } from '../support/fixed-clock.js';
import { DAVE_BANDS } from '../support/record-factories.js';

const ops: Principal = { repId: 'ops', role: 'admin' };
const at = new Date('2026-03-01T09:30:00.000Z');

function target(month: string, amount: number, productFamily: string | null = null): Target {
  return { ownerType: 'rep', ownerId: 'dave', month, productFamily, amount };
}

describe('an audit entry', () => {
  it('says created, updated or deleted from which states are there', () => {
    // Prepare
    const rep = { id: 'dave', name: 'Dave', version: 1 };
    const subject = auditSubjects.rep('dave');

    // Act
    const created = auditEntryOf({ actor: ops, at, subject, before: null, after: rep });
    const updated = auditEntryOf({ actor: ops, at, subject, before: rep, after: { ...rep, version: 2 } });
    const deleted = auditEntryOf({ actor: ops, at, subject, before: rep, after: undefined });

    // Assess
    expect(created).toEqual({
      at: '2026-03-01T09:30:00.000Z',
      actor: ops,
      subject: { kind: 'rep', id: 'dave' },
      action: 'created',
      before: null,
      after: rep,
    });
    expect(updated.action).toBe('updated');
    expect(deleted).toMatchObject({ action: 'deleted', before: rep, after: null });
    expect(() => auditEntryOf({ actor: ops, at, subject, before: null, after: null })).toThrow(/needs a before or an after/);
  });

  it('holds a plain copy of the states, not the records it was given', () => {
    // Prepare
    const record = { id: 'emea', name: 'EMEA', parentTeamId: 'company', note: undefined };

    // Act
    const entry = auditEntryOf({
      actor: { repId: 'ops', role: 'admin' },
      at,
      subject: auditSubjects.team('emea'),
      before: null,
      after: record,
    });
    record.name = 'Changed later';

    // Assess
    expect(entry.after).toEqual({ id: 'emea', name: 'EMEA', parentTeamId: 'company' });
  });

  it('names target subjects by owner type and id, and fixed subjects by a word', () => {
    expect(auditSubjects.target({ ownerType: 'team', ownerId: 'emea' })).toEqual({ kind: 'target', id: 'team:emea' });
    expect(auditSubjects.commissionLevels('dave')).toEqual({ kind: 'commission-levels', id: 'dave' });
    expect(auditSubjects.stageConfiguration()).toEqual({ kind: 'stage-configuration', id: 'stages' });
    expect(auditSubjects.settings()).toEqual({ kind: 'settings', id: 'settings' });
  });
});

describe('states compared', () => {
  it.each([
    [{ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: null }, {}, false],
    [[], {}, false],
  ])('%j and %j: same is %s', (a, b, same) => {
    expect(sameState(a, b)).toBe(same);
    expect(sameState(b, a)).toBe(same);
  });
});

describe('a target request as a change', () => {
  it('writes only the months whose amount differs, each conditioned on the amount read', () => {
    // Prepare
    const stored = [target('2026-01', 100), target('2026-02', 200), target('2026-02', 999, 'Hardware')];
    const requested = [target('2026-01', 100), target('2026-02', 250), target('2026-03', 300)];

    // Act
    const change = targetChangeOf(stored, requested);

    // Assess
    expect(change?.writes).toEqual([
      { target: target('2026-02', 250), expectedAmount: 200 },
      { target: target('2026-03', 300), expectedAmount: null },
    ]);
    expect(change?.before).toEqual({ productFamily: null, amounts: { '2026-02': 200 } });
    expect(change?.after).toEqual({ productFamily: null, amounts: { '2026-02': 250, '2026-03': 300 } });
  });

  it("keeps families apart: a family's month is not the general one", () => {
    const change = targetChangeOf([target('2026-01', 100)], [target('2026-01', 100, 'Hardware')]);
    expect(change?.writes).toEqual([{ target: target('2026-01', 100, 'Hardware'), expectedAmount: null }]);
    expect(change?.before).toBeNull();
  });

  it('is nothing at all when every month already holds its amount', () => {
    expect(
      targetChangeOf([target('2026-01', 100), target('2026-02', 200)], [target('2026-02', 200), target('2026-01', 100)]),
    ).toBeUndefined();
  });
});

describe('commission levels as a state', () => {
  it("is one family's timeline by month, or null without entries", () => {
    const entries = [
      { productFamily: null, fromMonth: '2026-05', bands: null },
      { productFamily: 'Hardware', fromMonth: '2026-01', bands: DAVE_BANDS },
      { productFamily: null, fromMonth: '2026-02', bands: DAVE_BANDS },
    ];
    expect(commissionLevelsStateOf(entries, null)).toEqual({
      productFamily: null,
      entries: [
        { fromMonth: '2026-02', bands: DAVE_BANDS },
        { fromMonth: '2026-05', bands: null },
      ],
    });
    expect(commissionLevelsStateOf(entries, 'Software')).toBeNull();
  });
});

describe('audit keys', () => {
  it("sort by instant within the entry's UTC month, so BETWEEN from AND to is [from, to)", () => {
    const key = keys.auditEntry('2026-03-31T23:59:59.999Z', 'b');
    expect(key).toEqual({ pk: 'AUDIT#2026-03', sk: '2026-03-31T23:59:59.999Z#b' });
    const from = '2026-03-31T23:59:59.999Z';
    const to = '2026-04-01T00:00:00.000Z';
    expect(key.sk >= from && key.sk <= to).toBe(true);
    expect(keys.auditEntry(to, 'a').sk > to).toBe(true);
    expect(keys.auditSubjectIndex({ kind: 'target', id: 'rep:dave' }, to, 'a')).toEqual({
      gsi1pk: 'AUDIT#target#rep:dave',
      gsi1sk: `${to}#a`,
    });
  });
});

describe('reading the audit trail', () => {
  function recordingAudit(): AuditRepository & { calls: { filter: AuditFilter; page: PageRequest }[] } {
    const calls: { filter: AuditFilter; page: PageRequest }[] = [];
    return {
      calls,
      list: async (filter, page) => {
        calls.push({ filter, page });
        return { items: [], nextCursor: null };
      },
    };
  }
  const clock = fixedClock('2026-03-15T10:00:00.000Z');
  const contextOf = (principal: Principal) =>
    accessContextOf({ principal, principalTeamId: 'company', tree: undefined, managers: { editDeals: true, editTargets: true } });

  it.each([
    ['rep', { repId: 'dave', role: 'rep' }],
    ['manager', { repId: 'mia', role: 'manager' }],
  ] as const)('is refused to a %s (403)', async (_role, principal) => {
    const audit = recordingAudit();
    await expect(readAuditTrail({ audit, clock }, contextOf(principal), { limit: 10 })).rejects.toThrow(ForbiddenError);
    expect(audit.calls).toEqual([]);
  });

  it('defaults to the 90 days up to the end of today (UTC)', async () => {
    const audit = recordingAudit();
    await readAuditTrail({ audit, clock }, contextOf(ops), { limit: 10 });
    expect(audit.calls[0]?.filter).toEqual({
      from: '2025-12-16T00:00:00.000Z',
      to: '2026-03-16T00:00:00.000Z',
      subject: undefined,
      kind: undefined,
    });
  });

  it('takes a date to as its whole day and an instant to as the first left out', async () => {
    // Prepare
    const audit = recordingAudit();

    // Act
    await readAuditTrail({ audit, clock }, contextOf(ops), {
      from: '2026-01-01',
      to: '2026-01-31',
      kind: 'target',
      id: 'rep:dave',
      limit: 5,
      cursor: 'abc',
    });
    await readAuditTrail({ audit, clock }, contextOf(ops), {
      from: '2026-01-01T08:00:00Z',
      to: '2026-01-02T08:00:00.5Z',
      kind: 'rep',
      limit: 5,
    });

    // Assess
    expect(audit.calls[0]).toEqual({
      filter: {
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
        subject: { kind: 'target', id: 'rep:dave' },
        kind: 'target',
      },
      page: { limit: 5, cursor: 'abc' },
    });
    expect(audit.calls[1]?.filter).toEqual({
      from: '2026-01-01T08:00:00.000Z',
      to: '2026-01-02T08:00:00.500Z',
      subject: undefined,
      kind: 'rep',
    });
  });

  it.each([
    ['an empty range', { from: '2026-02-01', to: '2026-01-31' }, 'to'],
    ['an id without its kind', { id: 'dave' }, 'kind'],
    ['more than ten years of every subject', { from: '2010-01-01', to: '2026-01-01' }, 'from'],
  ])('refuses %s', async (_case, query, field) => {
    const audit = recordingAudit();
    const reading = readAuditTrail({ audit, clock }, contextOf(ops), { ...query, limit: 10 });
    await expect(reading).rejects.toThrow(ValidationError);
    await expect(reading).rejects.toMatchObject({ issues: [{ field }] });
    expect(audit.calls).toEqual([]);
  });

  it("reads one subject's whole history, however long", async () => {
    const audit = recordingAudit();
    await readAuditTrail({ audit, clock }, contextOf(ops), { from: '2000-01-01', kind: 'rep', id: 'dave', limit: 10 });
    expect(audit.calls[0]?.filter.from).toBe('2000-01-01T00:00:00.000Z');
  });
});
