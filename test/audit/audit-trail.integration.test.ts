/**
 * The audit trail against DynamoDB Local: every store writes its change and the change's
 * entry in one transaction (neither without the other), and the trail lists by time and
 * by subject, newest first, in pages.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putCommissionLevels } from '#core/commission/put-and-read-commission-levels.js';
import { type AccessContext, accessContextOf } from '#core/organisation/access-policy.js';
import { putRep } from '#core/organisation/put-rep.js';
import { putSettings } from '#core/organisation/put-settings.js';
import { putTeam } from '#core/organisation/put-team.js';
import type { Rep } from '#core/organisation/rep.js';
import { DEFAULT_SETTINGS } from '#core/organisation/settings.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { putStageConfiguration } from '#core/organisation/stage-configuration.js';
import type { Team } from '#core/organisation/team.js';
import { type AuditEntry, type AuditSubject, auditEntryOf, auditSubjects } from '#core/shared/audit-entry.js';
import { ConflictError, ForbiddenError } from '#core/shared/errors.js';
import { InvalidCursorError } from '#core/shared/page.js';
import type { Principal } from '#core/shared/principal.js';
import { putTargets } from '#core/targets/put-and-read-targets.js';
import type { Target } from '#core/targets/target.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { AuditStore } from '#functions/audit/audit-store.js';
import { CommissionLevelsStore } from '#functions/commission/commission-levels-store.js';
import { OpportunityStore } from '#functions/opportunities/opportunity-store.js';
import { RepStore } from '#functions/organisation/rep-store.js';
import { StageConfigurationStore } from '#functions/organisation/stage-configuration-store.js';
import { TeamStore } from '#functions/organisation/team-store.js';
import { keys } from '#functions/store/keys.js';
import { SettingsStore } from '#functions/store/settings-store.js';
import { TargetStore } from '#functions/targets/target-store.js';
import { apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { DAVE_BANDS } from '../support/record-factories.js';
import { bootstrapTestOrganisation, TEST_ADMIN } from '../support/test-organisation.js';

let table: TestTable;
let audit: AuditStore;

beforeAll(async () => {
  table = await createTestTable('audit-trail');
  audit = new AuditStore(table.dependencies());
});
afterAll(async () => {
  await table?.delete();
});

const ops: Principal = { repId: 'ops', role: 'admin' };

function entry(subject: AuditSubject, at: string, before: unknown, after: unknown, actor: Principal = ops): AuditEntry {
  return auditEntryOf({ actor, at: new Date(at), subject, before, after });
}

/** Every entry of one subject, newest first (one page is plenty here). */
async function trailOf(subject: AuditSubject): Promise<readonly AuditEntry[]> {
  return (await audit.list({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', subject }, { limit: 200 })).items;
}

function rep(id: string, version: number, updatedAt: string, teamId = 'emea'): Rep {
  return { id, name: `Rep ${id}`, email: `${id}@example.com`, teamId, managerId: null, active: true, version, updatedAt };
}

function team(id: string, version: number, updatedAt: string, name = `Team ${id}`): Team {
  return { id, name, parentTeamId: 'company', managerId: null, version, updatedAt };
}

async function itemAt(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  return (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item;
}

describe('each store writes the change and its entry together', () => {
  it('a rep: the record, its version item and one entry with who, when, before and after', async () => {
    // Prepare
    const store = new RepStore(table.dependencies());
    const first = rep('ann', 1, '2026-01-05T09:00:00.000Z');
    const moved = rep('ann', 2, '2026-01-06T09:00:00.000Z', 'apac');

    // Act
    await store.save(first, null, entry(auditSubjects.rep('ann'), first.updatedAt, null, first));
    await store.save(moved, 1, entry(auditSubjects.rep('ann'), moved.updatedAt, first, moved, { repId: 'ops-2', role: 'admin' }));

    // Assess
    expect(await store.get('ann')).toEqual(moved);
    expect(await trailOf(auditSubjects.rep('ann'))).toEqual([
      {
        at: '2026-01-06T09:00:00.000Z',
        actor: { repId: 'ops-2', role: 'admin' },
        subject: { kind: 'rep', id: 'ann' },
        action: 'updated',
        before: first,
        after: moved,
      },
      { at: '2026-01-05T09:00:00.000Z', actor: ops, subject: { kind: 'rep', id: 'ann' }, action: 'created', before: null, after: first },
    ]);
  });

  it('a team', async () => {
    const store = new TeamStore(table.dependencies());
    const created = team('nordics', 1, '2026-01-07T10:00:00.000Z');
    await store.save(created, null, entry(auditSubjects.team('nordics'), created.updatedAt, null, created));
    expect(await store.get('nordics')).toEqual(created);
    expect(await trailOf(auditSubjects.team('nordics'))).toMatchObject([{ action: 'created', before: null, after: created }]);
  });

  it('the stage configuration', async () => {
    const store = new StageConfigurationStore(table.dependencies());
    const configuration = { stages: DEFAULT_STAGES.stages, version: 1, updatedAt: '2026-01-08T10:00:00.000Z' };
    await store.save(configuration, 0, entry(auditSubjects.stageConfiguration(), configuration.updatedAt, null, configuration));
    expect(await store.get()).toEqual(configuration);
    expect(await trailOf(auditSubjects.stageConfiguration())).toMatchObject([{ action: 'created', after: configuration }]);
  });

  it('the settings, written as a transaction now', async () => {
    const store = new SettingsStore(table.dependencies());
    const settings = { ...DEFAULT_SETTINGS, fiscalYearStartMonth: 4, managers: { editDeals: true, editTargets: false } };
    await store.save(
      { ...settings, version: 1 },
      0,
      entry(auditSubjects.settings(), '2026-01-09T10:00:00.000Z', DEFAULT_SETTINGS, settings),
    );
    expect(await store.get()).toEqual({ ...settings, version: 1 });
    expect(await trailOf(auditSubjects.settings())).toMatchObject([{ action: 'updated', before: DEFAULT_SETTINGS, after: settings }]);
  });

  it("a request's target months, with one entry for all of them", async () => {
    // Prepare
    const store = new TargetStore(table.dependencies());
    const owner = { ownerType: 'rep', ownerId: 'bea' } as const;
    const target = (month: string, amount: number): Target => ({ ...owner, month, productFamily: null, amount });
    const subject = auditSubjects.target(owner);

    // Act
    await store.saveAll(
      [
        { target: target('2026-01', 100), expectedAmount: null },
        { target: target('2026-02', 200), expectedAmount: null },
      ],
      entry(subject, '2026-01-10T10:00:00.000Z', null, { productFamily: null, amounts: { '2026-01': 100, '2026-02': 200 } }),
    );
    await store.saveAll(
      [{ target: target('2026-02', 250), expectedAmount: 200 }],
      entry(
        subject,
        '2026-01-11T10:00:00.000Z',
        { productFamily: null, amounts: { '2026-02': 200 } },
        { productFamily: null, amounts: { '2026-02': 250 } },
      ),
    );

    // Assess
    expect(await store.listForMonths(owner, ['2026-01', '2026-02'])).toEqual([target('2026-01', 100), target('2026-02', 250)]);
    expect((await trailOf(subject)).map(({ action, before, after }) => ({ action, before, after }))).toEqual([
      {
        action: 'updated',
        before: { productFamily: null, amounts: { '2026-02': 200 } },
        after: { productFamily: null, amounts: { '2026-02': 250 } },
      },
      { action: 'created', before: null, after: { productFamily: null, amounts: { '2026-01': 100, '2026-02': 200 } } },
    ]);
  });

  it('commission levels: the timeline and one entry', async () => {
    const store = new CommissionLevelsStore(table.dependencies());
    const after = { productFamily: null, entries: [{ fromMonth: '2026-02', bands: DAVE_BANDS }] };
    await store.save(
      'cal',
      { entries: [{ productFamily: null, fromMonth: '2026-02', bands: DAVE_BANDS }], version: 1 },
      0,
      entry(auditSubjects.commissionLevels('cal'), '2026-01-12T10:00:00.000Z', null, after),
    );
    expect(await store.entries('cal')).toEqual([{ productFamily: null, fromMonth: '2026-02', bands: DAVE_BANDS }]);
    expect(await trailOf(auditSubjects.commissionLevels('cal'))).toMatchObject([{ action: 'created', before: null, after }]);
  });
});

describe('a change that fails leaves no entry, and an entry that fails leaves no change', () => {
  it('a rep write that lost the race (stale version) records nothing', async () => {
    // Prepare
    const store = new RepStore(table.dependencies());
    const first = rep('dan', 1, '2026-02-01T09:00:00.000Z');
    await store.save(first, null, entry(auditSubjects.rep('dan'), first.updatedAt, null, first));
    const winner = rep('dan', 2, '2026-02-02T09:00:00.000Z', 'apac');
    await store.save(winner, 1, entry(auditSubjects.rep('dan'), winner.updatedAt, first, winner));

    // Act
    const loser = rep('dan', 2, '2026-02-02T09:00:00.001Z', 'amer');
    const saving = store.save(loser, 1, entry(auditSubjects.rep('dan'), loser.updatedAt, first, loser));

    // Assess
    await expect(saving).rejects.toThrow(ConflictError);
    expect(await store.get('dan')).toEqual(winner);
    expect((await trailOf(auditSubjects.rep('dan'))).map((audited) => audited.after)).toEqual([winner, first]);
  });

  const teams = () => new TeamStore(table.dependencies());
  const stages = () => new StageConfigurationStore(table.dependencies());
  const targets = () => new TargetStore(table.dependencies());
  const racing: Target = { ownerType: 'team', ownerId: 'racing', month: '2026-03', productFamily: null, amount: 500 };
  const created = team('twice', 1, '2026-02-03T09:00:00.000Z');
  const configuration = { stages: DEFAULT_STAGES.stages, version: 1, updatedAt: '2026-02-04T09:00:00.000Z' };

  it.each([
    {
      case: 'a team created twice',
      subject: auditSubjects.team('twice'),
      setUp: () => teams().save(created, null, entry(auditSubjects.team('twice'), created.updatedAt, null, created)),
      change: () =>
        teams().save(
          { ...created, name: 'Other' },
          null,
          entry(auditSubjects.team('twice'), '2026-02-03T09:00:01.000Z', null, { ...created, name: 'Other' }),
        ),
    },
    {
      case: 'a stage configuration written over a version it did not read',
      subject: auditSubjects.stageConfiguration(),
      // The configuration is one item per table: another test may have written it already.
      setUp: async () => {
        const stored = await stages().get();
        if (!stored)
          await stages().save(configuration, 0, entry(auditSubjects.stageConfiguration(), configuration.updatedAt, null, configuration));
      },
      change: () =>
        stages().save(
          { ...configuration, stages: DEFAULT_STAGES.stages.slice(1) },
          0,
          entry(auditSubjects.stageConfiguration(), '2026-02-04T09:00:01.000Z', null, configuration),
        ),
    },
    {
      case: 'target months, one of them changed since it was read',
      subject: auditSubjects.target(racing),
      setUp: () =>
        targets().saveAll(
          [{ target: racing, expectedAmount: null }],
          entry(auditSubjects.target(racing), '2026-02-05T09:00:00.000Z', null, { amounts: { '2026-03': 500 } }),
        ),
      change: () =>
        targets().saveAll(
          [
            { target: { ...racing, month: '2026-04' }, expectedAmount: null },
            { target: { ...racing, amount: 700 }, expectedAmount: 400 },
          ],
          entry(
            auditSubjects.target(racing),
            '2026-02-05T09:00:01.000Z',
            { amounts: { '2026-03': 400 } },
            { amounts: { '2026-03': 700, '2026-04': 500 } },
          ),
        ),
    },
  ])('$case: a ConflictError, and no entry', async ({ subject, setUp, change }) => {
    // Prepare
    await setUp();
    const trailBefore = await trailOf(subject);

    // Act
    const changing = change();

    // Assess
    await expect(changing).rejects.toThrow(ConflictError);
    expect(await trailOf(subject)).toEqual(trailBefore);
  });

  it('the conflicting target request wrote none of its months', async () => {
    const targets = await new TargetStore(table.dependencies()).listForMonths({ ownerType: 'team', ownerId: 'racing' }, [
      '2026-03',
      '2026-04',
    ]);
    expect(targets.map(({ month, amount }) => ({ month, amount }))).toEqual([{ month: '2026-03', amount: 500 }]);
  });

  it('an entry that cannot be written (larger than an item may be) leaves the rep unwritten', async () => {
    // Prepare
    const store = new RepStore(table.dependencies());
    const created = rep('eve', 1, '2026-02-06T09:00:00.000Z');
    const oversized = entry(auditSubjects.rep('eve'), created.updatedAt, null, { ...created, padding: 'x'.repeat(450_000) });

    // Act
    const saving = store.save(created, null, oversized);

    // Assess
    await expect(saving).rejects.toThrow();
    await expect(saving).rejects.not.toThrow(ConflictError);
    expect(await store.get('eve')).toBeUndefined();
    expect(await itemAt(keys.repVersion('eve', 1))).toBeUndefined();
    expect(await trailOf(auditSubjects.rep('eve'))).toEqual([]);
  });
});

describe('listing the trail', () => {
  // Entries of one subject kind spread over three months (and two in one millisecond), in a year no other test uses.
  const instants = [
    '2030-01-31T23:59:59.999Z',
    '2030-02-01T00:00:00.000Z',
    '2030-02-14T12:00:00.000Z',
    '2030-02-14T12:00:00.000Z',
    '2030-03-01T08:00:00.000Z',
    '2030-03-31T23:59:59.999Z',
  ];
  const written: AuditEntry[] = [];

  beforeAll(async () => {
    const store = new TeamStore(table.dependencies());
    for (const [index, at] of instants.entries()) {
      const id = index % 2 === 0 ? 'listed-even' : 'listed-odd';
      const version = Math.floor(index / 2) + 1;
      const next = team(id, version, at, `Name ${index}`);
      const audited = entry(
        auditSubjects.team(id),
        at,
        version === 1 ? null : team(id, version - 1, instants[index - 2] as string, `Name ${index - 2}`),
        next,
      );
      await store.save(next, version === 1 ? null : version - 1, audited);
      written.push(audited);
    }
    await new RepStore(table.dependencies()).save(
      rep('listed-rep', 1, '2030-02-20T00:00:00.000Z'),
      null,
      entry(auditSubjects.rep('listed-rep'), '2030-02-20T00:00:00.000Z', null, rep('listed-rep', 1, '2030-02-20T00:00:00.000Z')),
    );
  });

  const range = { from: '2030-01-01T00:00:00.000Z', to: '2030-04-01T00:00:00.000Z' };

  async function allPages(filter: Parameters<AuditStore['list']>[0], limit: number): Promise<{ pages: number; items: AuditEntry[] }> {
    const items: AuditEntry[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await audit.list(filter, { limit, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      pages++;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { pages, items };
  }

  it('by time: every entry in the range, newest first, across month partitions', async () => {
    const { items } = await allPages(range, 200);
    expect(items.map((item) => item.at)).toEqual([
      '2030-03-31T23:59:59.999Z',
      '2030-03-01T08:00:00.000Z',
      '2030-02-20T00:00:00.000Z',
      '2030-02-14T12:00:00.000Z',
      '2030-02-14T12:00:00.000Z',
      '2030-02-01T00:00:00.000Z',
      '2030-01-31T23:59:59.999Z',
    ]);
  });

  it('by time, in pages of two: the same entries, the last page saying it is the last', async () => {
    const whole = await allPages(range, 200);
    const paged = await allPages(range, 2);
    expect(paged.items).toEqual(whole.items);
    expect(paged.pages).toBe(4);
  });

  it('by time, of one kind', async () => {
    const { items } = await allPages({ ...range, kind: 'team' }, 3);
    expect(items).toHaveLength(6);
    expect(items.map((item) => (item.after as Team).name).sort()).toEqual(written.map((audited) => (audited.after as Team).name).sort());
  });

  it('keeps [from, to): an entry at from is in, one at to is out', async () => {
    const { items } = await allPages({ from: '2030-02-01T00:00:00.000Z', to: '2030-03-31T23:59:59.999Z' }, 200);
    expect(items.map((item) => item.at)).toEqual([
      '2030-03-01T08:00:00.000Z',
      '2030-02-20T00:00:00.000Z',
      '2030-02-14T12:00:00.000Z',
      '2030-02-14T12:00:00.000Z',
      '2030-02-01T00:00:00.000Z',
    ]);
  });

  it('by subject: its entries only, newest first, paged', async () => {
    const subject = auditSubjects.team('listed-even');
    const { items, pages } = await allPages({ ...range, subject }, 2);
    expect(pages).toBe(2);
    expect(items).toEqual(written.filter((audited) => audited.subject.id === 'listed-even').reverse());
    expect(items.map((item) => item.action)).toEqual(['updated', 'updated', 'created']);
  });

  it('refuses a cursor that is not one of this listing', async () => {
    const bySubject = await audit.list({ ...range, subject: auditSubjects.team('listed-even') }, { limit: 1 });
    const byTime = await audit.list(range, { limit: 1 });
    await expect(audit.list(range, { limit: 1, cursor: bySubject.nextCursor as string })).rejects.toThrow(InvalidCursorError);
    await expect(
      audit.list({ from: '2030-01-01T00:00:00.000Z', to: '2030-02-01T00:00:00.000Z' }, { limit: 1, cursor: byTime.nextCursor as string }),
    ).rejects.toThrow(InvalidCursorError);
    await expect(audit.list(range, { limit: 1, cursor: 'bm90LWpzb24' })).rejects.toThrow(InvalidCursorError);
  });
});

describe('the use cases record each change once, and a repeat not at all', () => {
  let useCaseTable: TestTable;
  const clock = fixedClock('2027-05-03T09:00:00.000Z');
  const admin = (repId: string): AccessContext =>
    accessContextOf({
      principal: { repId, role: 'admin' },
      principalTeamId: 'company',
      tree: undefined,
      managers: DEFAULT_SETTINGS.managers,
    });
  let ports: ReturnType<typeof portsOf>;
  let trail: AuditStore;

  function portsOf(deps: ReturnType<TestTable['dependencies']>) {
    return {
      reps: new RepStore(deps),
      teams: new TeamStore(deps),
      targets: new TargetStore(deps),
      levels: new CommissionLevelsStore(deps),
      configurations: new StageConfigurationStore(deps),
      opportunities: new OpportunityStore(deps),
      settings: new SettingsStore(deps),
      clock,
    };
  }

  /** The whole trail of this table, newest first (the use cases write in May 2027). */
  async function everything(): Promise<readonly AuditEntry[]> {
    return (await trail.list({ from: '2027-05-01T00:00:00.000Z', to: '2027-06-01T00:00:00.000Z' }, { limit: 200 })).items;
  }

  beforeAll(async () => {
    useCaseTable = await createTestTable('audit-use-cases');
    ports = portsOf(useCaseTable.dependencies(clock));
    trail = new AuditStore(useCaseTable.dependencies(clock));
    await putTeam(ports, admin('ops'), 'company', { name: 'Company', parentTeamId: null, managerId: null });
  });
  afterAll(async () => {
    await useCaseTable?.delete();
  });

  it('reps: created, then updated with before and after, and an identical PUT records nothing', async () => {
    // Prepare
    const input = { name: 'Fay', email: 'fay@example.com', teamId: 'company', managerId: null, active: true };

    // Act
    clock.set('2027-05-03T10:00:00.000Z');
    const created = await putRep(ports, admin('ops'), 'fay', input);
    clock.set('2027-05-03T10:05:00.000Z');
    await putRep(ports, admin('ops'), 'fay', input);
    const updated = await putRep(ports, admin('ops-2'), 'fay', { ...input, active: false });

    // Assess
    const { items } = await trail.list(
      { from: '2027-05-01T00:00:00.000Z', to: '2027-06-01T00:00:00.000Z', subject: auditSubjects.rep('fay') },
      { limit: 200 },
    );
    expect(items).toEqual([
      {
        at: '2027-05-03T10:05:00.000Z',
        actor: { repId: 'ops-2', role: 'admin' },
        subject: { kind: 'rep', id: 'fay' },
        action: 'updated',
        before: created.record,
        after: updated.record,
      },
      {
        at: '2027-05-03T10:00:00.000Z',
        actor: { repId: 'ops', role: 'admin' },
        subject: { kind: 'rep', id: 'fay' },
        action: 'created',
        before: null,
        after: created.record,
      },
    ]);
  });

  it('a refused change (not an admin) records nothing', async () => {
    const before = await everything();
    const rep = accessContextOf({
      principal: { repId: 'fay', role: 'rep' },
      principalTeamId: 'company',
      tree: undefined,
      managers: DEFAULT_SETTINGS.managers,
    });
    await expect(putTeam(ports, rep, 'sneaky', { name: 'Sneaky', parentTeamId: 'company', managerId: null })).rejects.toThrow(
      ForbiddenError,
    );
    expect(await everything()).toEqual(before);
  });

  it('teams, the stage configuration and the settings: one entry per change, none per repeat', async () => {
    // Prepare
    clock.set('2027-05-04T09:00:00.000Z');
    const stages = { stages: DEFAULT_STAGES.stages.map((stage) => (stage.id === 'negotiation' ? { ...stage, probability: 80 } : stage)) };
    const settings = { ...DEFAULT_SETTINGS, fiscalYearStartMonth: 4, managers: { editDeals: false, editTargets: true } };

    // Act
    for (let attempt = 0; attempt < 2; attempt++) {
      await putTeam(ports, admin('ops'), 'emea', { name: 'EMEA', parentTeamId: 'company', managerId: null });
      await putStageConfiguration(ports, admin('ops'), stages);
      await putSettings(ports, admin('ops'), settings);
    }

    // Assess
    const written = (await everything()).filter((audited) => audited.at === '2027-05-04T09:00:00.000Z');
    expect(written.map(({ subject, action, before }) => ({ subject, action, before }))).toEqual(
      expect.arrayContaining([
        { subject: { kind: 'team', id: 'emea' }, action: 'created', before: null },
        { subject: { kind: 'stage-configuration', id: 'stages' }, action: 'created', before: null },
        { subject: { kind: 'settings', id: 'settings' }, action: 'updated', before: DEFAULT_SETTINGS },
      ]),
    );
    expect(written).toHaveLength(3);
    expect(written.find((audited) => audited.subject.kind === 'stage-configuration')?.after).toEqual({
      ...stages,
      version: 1,
      updatedAt: '2027-05-04T09:00:00.000Z',
    });
    expect(written.find((audited) => audited.subject.kind === 'settings')?.after).toEqual(settings);
  });

  it('targets: one entry per request, with only the months it changed; a repeat records nothing', async () => {
    // Prepare
    clock.set('2027-05-05T09:00:00.000Z');
    await putRep(ports, admin('ops'), 'gus', { name: 'Gus', email: 'gus@example.com', teamId: 'company', managerId: null, active: true });
    const year = {
      ownerType: 'rep' as const,
      ownerId: 'gus',
      productFamily: null,
      amounts: { '2027-01': 1_000, '2027-02': 2_000, '2027-03': 3_000 },
    };

    // Act
    await putTargets(ports, admin('ops'), year);
    await putTargets(ports, admin('ops'), year);
    clock.set('2027-05-05T09:30:00.000Z');
    await putTargets(ports, admin('ops'), { ...year, amounts: { ...year.amounts, '2027-02': 2_500 } });

    // Assess
    const entries = (await everything()).filter((audited) => audited.subject.kind === 'target');
    expect(entries.map(({ at, subject, action, before, after }) => ({ at, subject, action, before, after }))).toEqual([
      {
        at: '2027-05-05T09:30:00.000Z',
        subject: { kind: 'target', id: 'rep:gus' },
        action: 'updated',
        before: { productFamily: null, amounts: { '2027-02': 2_000 } },
        after: { productFamily: null, amounts: { '2027-02': 2_500 } },
      },
      {
        at: '2027-05-05T09:00:00.000Z',
        subject: { kind: 'target', id: 'rep:gus' },
        action: 'created',
        before: null,
        after: { productFamily: null, amounts: year.amounts },
      },
    ]);
    expect((await ports.targets.listForMonths(year, ['2027-01', '2027-02', '2027-03'])).map((target) => target.amount)).toEqual([
      1_000, 2_500, 3_000,
    ]);
  });

  it("commission levels: the family's timeline before and after; a repeat records nothing", async () => {
    // Prepare
    clock.set('2027-05-06T09:00:00.000Z');
    await putRep(ports, admin('ops'), 'hal', { name: 'Hal', email: 'hal@example.com', teamId: 'company', managerId: null, active: true });
    const fromFebruary = { repId: 'hal', productFamily: null, fromMonth: '2027-02', toMonth: null, bands: [...DAVE_BANDS] };
    const marchOnly = { ...fromFebruary, fromMonth: '2027-03', toMonth: '2027-03', bands: [{ from: 0, to: null, ratePercent: 5 }] };

    // Act
    await putCommissionLevels(ports, admin('ops'), fromFebruary);
    await putCommissionLevels(ports, admin('ops'), fromFebruary);
    clock.set('2027-05-06T09:30:00.000Z');
    await putCommissionLevels(ports, admin('ops'), marchOnly);
    await putCommissionLevels(ports, admin('ops'), marchOnly);

    // Assess
    const entries = (await everything()).filter((audited) => audited.subject.kind === 'commission-levels');
    expect(entries.map(({ subject, action, before, after }) => ({ subject, action, before, after }))).toEqual([
      {
        subject: { kind: 'commission-levels', id: 'hal' },
        action: 'updated',
        before: { productFamily: null, entries: [{ fromMonth: '2027-02', bands: DAVE_BANDS }] },
        after: {
          productFamily: null,
          entries: [
            { fromMonth: '2027-02', bands: DAVE_BANDS },
            { fromMonth: '2027-03', bands: [{ from: 0, to: null, ratePercent: 5 }] },
            { fromMonth: '2027-04', bands: DAVE_BANDS },
          ],
        },
      },
      {
        subject: { kind: 'commission-levels', id: 'hal' },
        action: 'created',
        before: null,
        after: { productFamily: null, entries: [{ fromMonth: '2027-02', bands: DAVE_BANDS }] },
      },
    ]);
  });
});

describe('GET /audit', () => {
  let apiTable: TestTable;
  const clock = fixedClock('2028-02-01T09:00:00.000Z');
  let handler: ReturnType<typeof createApiHandler>;

  beforeAll(async () => {
    apiTable = await createTestTable('audit-api');
    await bootstrapTestOrganisation(apiTable.dependencies(clock));
    handler = createApiHandler(apiTable.dependencies(clock), { logger: new Logger({ logLevel: 'SILENT' }) });
    const admin = apiClientOf(handler);
    clock.set('2028-02-02T09:00:00.000Z');
    await admin({ method: 'PUT', path: '/teams/emea', body: { name: 'EMEA', parentTeamId: 'company' } });
    clock.set('2028-02-03T09:00:00.000Z');
    await admin({ method: 'PUT', path: '/reps/ivy', body: { name: 'Ivy', email: 'ivy@example.com', teamId: 'emea' } });
    clock.set('2028-02-04T09:00:00.000Z');
    await admin({ method: 'PUT', path: '/teams/emea', body: { name: 'Europe', parentTeamId: 'company' } });
  });
  afterAll(async () => {
    await apiTable?.delete();
  });

  it("answers an admin with the changes, newest first, the bootstrap's included, in pages", async () => {
    // Prepare
    const admin = apiClientOf(handler);

    // Act
    const first = await admin({ method: 'GET', path: '/audit?from=2028-02-01&to=2028-02-04&limit=3' });
    const second = await admin({ method: 'GET', path: `/audit?from=2028-02-01&to=2028-02-04&limit=3&cursor=${first.body.nextCursor}` });

    // Assess
    expect(first.status).toBe(200);
    const entries = [...first.body.items, ...second.body.items];
    const described = entries.map(({ at, subject, action }: AuditEntry) => `${at} ${subject.kind}:${subject.id} ${action}`);
    expect(described.slice(0, 3)).toEqual([
      '2028-02-04T09:00:00.000Z team:emea updated',
      '2028-02-03T09:00:00.000Z rep:ivy created',
      '2028-02-02T09:00:00.000Z team:emea created',
    ]);
    // The bootstrap's two writes share an instant: their order is the entries' random suffixes.
    expect(described.slice(3).sort()).toEqual([
      `2028-02-01T09:00:00.000Z rep:${TEST_ADMIN.repId} created`,
      '2028-02-01T09:00:00.000Z team:company created',
    ]);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set(entries.map((audited: AuditEntry) => audited.actor.repId))).toEqual(new Set([TEST_ADMIN.repId]));
  });

  it("answers one subject's trail with before and after", async () => {
    const reply = await apiClientOf(handler)({ method: 'GET', path: '/audit?from=2028-01-01&kind=team&id=emea' });
    expect(reply.status).toBe(200);
    expect(
      reply.body.items.map(({ action, before, after }: AuditEntry) => [
        action,
        (before as Team | null)?.name ?? null,
        (after as Team).name,
      ]),
    ).toEqual([
      ['updated', 'EMEA', 'Europe'],
      ['created', null, 'EMEA'],
    ]);
  });

  it('refuses a rep (403) and an id without its kind (400)', async () => {
    expect((await apiClientOf(handler, { as: { repId: 'ivy', role: 'rep' } })({ method: 'GET', path: '/audit' })).status).toBe(403);
    const reply = await apiClientOf(handler)({ method: 'GET', path: '/audit?id=emea' });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
  });
});
