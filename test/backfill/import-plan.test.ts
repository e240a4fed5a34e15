import { describe, expect, it } from 'vitest';
import { dealVersionsOf, importedQualityOf, numberedChanges } from '#core/backfill/deal-versions.js';
import { type ImportContext, planImport, type StoredDeal } from '#core/backfill/import-plan.js';
import { parseImportRows } from '#core/backfill/import-rows.js';
import { ImportRequest } from '#core/backfill/import-schemas.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { opportunityChangeOf, planLinkage } from '#core/linkage/linkage.js';
import { repMonthId } from '#core/linkage/rep-month.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { opportunityAsAtEach } from '#core/pipeline/as-at.js';

const NOW = new Date('2016-06-01T00:00:00.000Z');
const STAGES = DEFAULT_STAGES.stages;

type Raw = Record<string, unknown>;

const deal = (overrides: Raw = {}): Raw => ({
  id: 'acme-1',
  name: 'Acme renewal',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'negotiation',
  closeDate: '2016-04-01',
  amount: 1_200_000,
  createdAt: '2016-01-05T09:00:00.000Z',
  ...overrides,
});

const change = (field: string, oldValue: unknown, newValue: unknown, changedAt: string, overrides: Raw = {}): Raw => ({
  opportunityId: 'acme-1',
  field,
  oldValue,
  newValue,
  changedAt,
  ...overrides,
});

/** The domain example's close dates: 10 Feb -> 25 Feb -> 5 Mar -> 28 Feb -> 1 Apr. */
const SLIPPING_HISTORY: Raw[] = [
  change('CloseDate', '2016-02-10', '2016-02-25', '2016-01-20T10:00:00Z'),
  change('CloseDate', '2016-02-25', '2016-03-05', '2016-02-03T10:00:00Z'),
  change('CloseDate', '2016-03-05', '2016-02-28', '2016-02-10T10:00:00Z'),
  change('CloseDate', '2016-02-28', '2016-04-01', '2016-02-20T10:00:00Z'),
];

function plan(opportunities: Raw[], history: Raw[], context: Partial<ImportContext> = {}) {
  const parsed = parseImportRows(ImportRequest.parse({ opportunities, history }), STAGES, NOW);
  return planImport(parsed, { stages: STAGES, stored: new Map(), repIds: new Set(['dave', 'erin']), ...context });
}

const reasons = (result: ReturnType<typeof plan>) => result.rejections.map(({ source, row, reason }) => `${source} ${row}: ${reason}`);

describe('backfill: versions and counters from the field history', () => {
  it('counts two month extensions for the domain example 10 Feb -> 25 Feb -> 5 Mar -> 28 Feb -> 1 Apr', () => {
    // Prepare / Act
    const result = plan([deal()], SLIPPING_HISTORY);

    // Assess
    expect(result.rejections).toEqual([]);
    expect(result.writes[0]?.opportunity.importedQuality).toEqual({
      createdAt: '2016-01-05T09:00:00.000Z',
      closeMonthExtensions: 2,
      lastStageChangeAt: null,
      closedAt: null,
      stagePath: [{ stageId: 'negotiation', at: '2016-01-05T09:00:00.000Z' }],
    });
  });

  it('numbers the versions by distinct instant: version 1 at creation, current = 1 + instants, updatedAt = the last change', () => {
    // Prepare: two fields changed at one instant make one version.
    const history = [
      change('StageName', 'Proposal Made', 'Negotiation', '2016-02-01T09:00:00Z'),
      change('Amount', 1_000_000, 1_200_000, '2016-02-01T09:00:00Z'),
      change('CloseDate', '2016-03-01', '2016-04-01', '2016-01-10T09:00:00Z'),
    ];

    // Act
    const [written] = plan([deal()], history).writes;

    // Assess
    expect(written?.opportunity).toMatchObject({ version: 3, updatedAt: '2016-02-01T09:00:00.000Z' });
    expect(written?.changes.map((c) => [c.field, c.version, c.changedAt])).toEqual([
      ['stageId', 3, '2016-02-01T09:00:00.000Z'],
      ['amount', 3, '2016-02-01T09:00:00.000Z'],
      ['closeDate', 2, '2016-01-10T09:00:00.000Z'],
    ]);
    expect(written?.opportunity.importedQuality).toMatchObject({ closeMonthExtensions: 1, lastStageChangeAt: '2016-02-01T09:00:00.000Z' });
  });

  it('is version 1 with updatedAt = createdAt and fresh counters when there is no history', () => {
    const [written] = plan([deal({ stageId: 'Closed Won' })], []).writes;
    expect(written?.opportunity).toMatchObject({
      version: 1,
      updatedAt: '2016-01-05T09:00:00.000Z',
      stageId: 'closed-won',
      stageOutcome: 'won',
    });
    expect(written?.opportunity.importedQuality).toMatchObject({ closeMonthExtensions: 0, closedAt: '2016-01-05T09:00:00.000Z' });
  });

  it('keeps the stages the history entered, in time order, as the stage path the stream starts the link from', () => {
    // Prepare: created in Prospecting, then Negotiation, back to Proposal Made, then won.
    const history = [
      change('StageName', 'Prospecting', 'Negotiation', '2016-01-20T09:00:00Z'),
      change('StageName', 'Negotiation', 'Proposal Made', '2016-02-03T09:00:00Z'),
      change('Amount', 1_000_000, 1_200_000, '2016-02-10T09:00:00Z'),
      change('StageName', 'Proposal Made', 'Closed Won', '2016-03-01T09:00:00Z'),
    ];

    // Act
    const [written] = plan([deal({ stageId: 'Closed Won' })], history).writes;
    const [link] = planLinkage(opportunityChangeOf(undefined, written!.opportunity), () => undefined);

    // Assess: an amount change is no stage visit.
    const path = [
      { stageId: 'prospecting', at: '2016-01-05T09:00:00.000Z' },
      { stageId: 'negotiation', at: '2016-01-20T09:00:00.000Z' },
      { stageId: 'proposal-made', at: '2016-02-03T09:00:00.000Z' },
      { stageId: 'closed-won', at: '2016-03-01T09:00:00.000Z' },
    ];
    expect(written?.opportunity.importedQuality?.stagePath).toEqual(path);
    expect(link?.link.stagePath).toEqual(path);
    expect(link?.link.quality).toEqual({
      createdAt: '2016-01-05T09:00:00.000Z',
      closeMonthExtensions: 0,
      lastStageChangeAt: '2016-03-01T09:00:00.000Z',
      closedAt: '2016-03-01T09:00:00.000Z',
    });
  });

  it('stops the days-open clock at the close found in the history, and keeps the first close on won -> lost', () => {
    const history = [
      change('stageId', 'negotiation', 'closed-won', '2016-03-01T09:00:00Z'),
      change('stageId', 'closed-won', 'closed-lost', '2016-03-10T09:00:00Z'),
    ];
    const [written] = plan([deal({ stageId: 'closed-lost' })], history).writes;
    expect(written?.opportunity.importedQuality).toMatchObject({
      closedAt: '2016-03-01T09:00:00.000Z',
      lastStageChangeAt: '2016-03-10T09:00:00.000Z',
    });
  });

  it('gives the same counters as the linkage applying the same versions one by one (the live path)', () => {
    // Prepare
    const [written] = plan([deal()], SLIPPING_HISTORY).writes;
    const opportunity = written!.opportunity;
    const versions = dealVersionsOf(opportunity, written!.changes, STAGES);

    // Act: replay through planLinkage, as the stream would for live updates.
    const { importedQuality: _, ...live } = opportunity;
    const links = new Map<string, DealLink>();
    let before: typeof live | undefined;
    versions.forEach((version, index) => {
      const after = { ...live, ...version, version: index + 1 };
      for (const write of planLinkage(opportunityChangeOf(before, after), (repMonth) => links.get(repMonthId(repMonth))))
        links.set(repMonthId(write.repMonth), write.link);
      before = after;
    });
    const liveLink = [...links.values()].find((link) => link.live);

    // Assess
    expect(liveLink?.month).toBe('2016-04');
    expect({ ...liveLink?.quality, stagePath: liveLink?.stagePath }).toEqual(opportunity.importedQuality);
    expect(importedQualityOf(opportunity, written!.changes, STAGES)).toEqual(opportunity.importedQuality);
  });

  it('agrees with the as-at rebuild at every instant of change', () => {
    const [written] = plan([deal()], SLIPPING_HISTORY).writes;
    const versions = dealVersionsOf(written!.opportunity, written!.changes, STAGES);
    const asAt = opportunityAsAtEach(
      written!.opportunity,
      written!.changes,
      versions.map((v) => v.updatedAt),
    );
    expect(versions.map((v) => v.closeDate)).toEqual(['2016-02-10', '2016-02-25', '2016-03-05', '2016-02-28', '2016-04-01']);
    expect(versions.slice(1).map((v) => asAt.get(v.updatedAt)?.closeDate)).toEqual(versions.slice(1).map((v) => v.closeDate));
  });

  it('numbers a re-import identically, whatever the row order', () => {
    const rows = SLIPPING_HISTORY.map(({ oldValue, newValue, changedAt }) => ({
      opportunityId: 'x',
      field: 'closeDate',
      oldValue,
      newValue,
      changedAt: String(changedAt),
    }));
    const forward = numberedChanges(
      rows.map((row) => ({ ...row, field: 'closeDate' as const, oldValue: String(row.oldValue), newValue: String(row.newValue) })),
    );
    const backward = numberedChanges(
      [...rows]
        .reverse()
        .map((row) => ({ ...row, field: 'closeDate' as const, oldValue: String(row.oldValue), newValue: String(row.newValue) })),
    );
    expect(new Set(forward.changes.map((c) => `${c.changedAt}#${c.version}`))).toEqual(
      new Set(backward.changes.map((c) => `${c.changedAt}#${c.version}`)),
    );
    expect(forward.version).toBe(5);
  });
});

describe('backfill: bad input is rejected with its row and reason, the valid rows applied', () => {
  it('accepts field names of both vocabularies, case-insensitive, and stages by id or name', () => {
    const history = [
      change('STAGENAME', 'proposal made', 'NEGOTIATION', '2016-02-01T09:00:00Z'),
      change('closedate', '2016-03-01', '2016-04-01', '2016-02-02T09:00:00Z'),
      change('Probability', '', 60, '2016-02-03T09:00:00Z'),
      change('Owner', 'erin', 'dave', '2016-02-04T09:00:00Z'),
      change('amount', '1000000', 1_200_000, '2016-02-05T09:00:00Z'),
    ];
    const result = plan([deal({ probability: 60 })], history);
    expect(reasons(result)).toEqual([]);
    expect(result.writes[0]?.changes.map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['stageId', 'proposal-made', 'negotiation'],
      ['closeDate', '2016-03-01', '2016-04-01'],
      ['probability', null, 60],
      ['ownerId', 'erin', 'dave'],
      ['amount', 1_000_000, 1_200_000],
    ]);
  });

  it('rejects unknown deal ids, naming a rejected opportunity row where there was one', () => {
    const result = plan(
      [deal(), deal({ id: 'bad-1', row: 3, amount: -5 })],
      [
        change('closeDate', '2016-03-01', '2016-04-01', '2016-02-02T09:00:00Z', { opportunityId: 'ghost', row: 2 }),
        change('closeDate', '2016-03-01', '2016-04-01', '2016-02-02T09:00:00Z', { opportunityId: 'bad-1', row: 3 }),
      ],
    );
    expect(reasons(result)).toEqual([
      'opportunities 3: amount must not be negative',
      "history 2: unknown deal 'ghost': not in this import nor stored",
      "history 3: unknown deal 'bad-1': its opportunities row 3 was rejected",
    ]);
    expect(result.rejections[0]).toMatchObject({ field: 'amount', opportunityId: 'bad-1' });
    expect(result.writes.map((w) => w.opportunity.id)).toEqual(['acme-1']);
  });

  it('rejects fields that are not tracked', () => {
    const result = plan(
      [deal()],
      [change('NextStep', 'call', 'demo', '2016-02-02T09:00:00Z'), change('Name', 'a', 'b', '2016-02-02T09:00:00Z')],
    );
    expect(result.rejections.map((r) => [r.row, r.field, r.reason.split(' (')[0]])).toEqual([
      [1, 'field', "field 'NextStep' is not tracked"],
      [2, 'field', "field 'Name' is not tracked"],
    ]);
  });

  it('rejects unparsable dates and values', () => {
    const result = plan(
      [deal()],
      [
        change('closeDate', '2016-03-01', '2016-04-01', '01/02/2016'),
        change('closeDate', '2016-02-30', '2016-04-01', '2016-02-02T09:00:00Z'),
        change('amount', '12000.50', 1_200_000, '2016-02-02T09:00:00Z'),
        change('probability', 10, 120, '2016-02-02T09:00:00Z'),
        change('stageId', 'Pending', 'negotiation', '2016-02-02T09:00:00Z'),
        change('closeDate', null, '2016-04-01', '2016-02-03T09:00:00Z'),
      ],
    );
    expect(result.rejections.map((r) => [r.row, r.field])).toEqual([
      [1, 'changedAt'],
      [2, 'oldValue'],
      [3, 'oldValue'],
      [4, 'newValue'],
      [5, 'oldValue'],
      [6, 'oldValue'],
    ]);
    expect(result.rejections[4]?.reason).toContain("stage 'Pending' is not in the stage configuration");
    expect(result.writes[0]?.changes).toEqual([]);
  });

  it('rejects changes in the future and before the deal was created', () => {
    const result = plan(
      [deal()],
      [
        change('closeDate', '2016-03-01', '2016-04-01', '2016-06-01T00:00:01Z'),
        change('closeDate', '2016-03-01', '2016-04-01', '2016-01-05T08:59:59Z'),
        change('closeDate', '2016-03-01', '2016-04-01', '2016-01-05T09:00:00Z'),
      ],
    );
    expect(reasons(result)).toEqual([
      'history 1: changedAt is in the future',
      'history 2: changedAt is before the deal was created (2016-01-05T09:00:00.000Z)',
    ]);
    expect(result.writes[0]?.changes.map((c) => c.changedAt)).toEqual(['2016-01-05T09:00:00.000Z']);
  });

  it('rejects duplicate rows as the duplicate of the first, and a second change of a field at the same instant', () => {
    const result = plan(
      [deal()],
      [
        change('closeDate', '2016-03-01', '2016-04-01', '2016-02-02T09:00:00Z'),
        change('CloseDate', '2016-03-01', '2016-04-01', '2016-02-02T10:00:00+01:00'),
        change('closeDate', '2016-03-15', '2016-04-01', '2016-02-02T09:00:00Z'),
      ],
    );
    expect(reasons(result)).toEqual([
      'history 2: duplicate of row 1',
      'history 3: another change of closeDate at the same instant (row 1)',
    ]);
    expect(result.writes[0]?.changes).toHaveLength(1);
  });

  it('rejects a row that does not lead to the value after it, walking from the current value back', () => {
    const result = plan(
      [deal()],
      [
        change('closeDate', '2016-02-01', '2016-03-01', '2016-01-10T09:00:00Z'),
        change('closeDate', '2016-03-01', '2016-05-01', '2016-01-20T09:00:00Z'),
        change('closeDate', '2016-03-01', '2016-04-01', '2016-01-30T09:00:00Z'),
      ],
    );
    expect(reasons(result)).toEqual([
      "history 2: does not lead to the value after it: new value '2016-05-01', value after it '2016-03-01'",
    ]);
    expect(result.writes[0]?.changes.map((c) => c.newValue)).toEqual(['2016-03-01', '2016-04-01']);
  });

  it('rejects an owner change naming a rep that does not exist, and a deal whose owner does not exist', () => {
    const result = plan(
      [deal(), deal({ id: 'acme-2', ownerId: 'nobody' })],
      [
        change('ownerId', 'ghost-rep', 'dave', '2016-02-02T09:00:00Z'),
        change('closeDate', '2016-03-01', '2016-04-01', '2016-02-02T09:00:00Z', { opportunityId: 'acme-2' }),
      ],
    );
    expect(reasons(result)).toEqual([
      "opportunities 2: rep 'nobody' does not exist",
      "history 1: rep 'ghost-rep' does not exist",
      "history 2: deal 'acme-2' was rejected (opportunities row 2)",
    ]);
  });

  it('rejects opportunity rows that break the schema, lack createdAt, repeat an id or name an unknown stage', () => {
    const { createdAt: _, ...undated } = deal({ id: 'undated' });
    const result = plan(
      [
        deal(),
        undated,
        deal(),
        deal({ id: 'odd', stageId: 'pending' }),
        deal({ id: 'extra', colour: 'red' }),
        deal({ id: 'later', createdAt: '2016-07-01T00:00:00.000Z' }),
      ],
      [],
    );
    expect(result.rejections.map((r) => [r.row, r.field])).toEqual([
      [2, 'createdAt'],
      [3, 'id'],
      [4, 'stageId'],
      [5, 'colour'],
      [6, 'createdAt'],
    ]);
    expect(result.rejections[1]?.reason).toBe('duplicate of row 1');
    expect(result.writes).toHaveLength(1);
  });
});

describe('backfill: deals already stored', () => {
  function storedAfterFirstImport(): Map<string, StoredDeal> {
    const [written] = plan([deal()], SLIPPING_HISTORY).writes;
    return new Map([['acme-1', { opportunity: written!.opportunity, removed: false, history: written!.changes }]]);
  }

  it('counts an identical deal and its stored history as unchanged, and writes nothing', () => {
    const result = plan([deal()], SLIPPING_HISTORY, { stored: storedAfterFirstImport() });
    expect(result).toEqual({ writes: [], unchanged: { opportunities: 1, history: 4 }, rejections: [] });
  });

  it('counts the history file alone, re-imported, as unchanged', () => {
    const result = plan([], SLIPPING_HISTORY, { stored: storedAfterFirstImport() });
    expect(result).toEqual({ writes: [], unchanged: { opportunities: 0, history: 4 }, rejections: [] });
  });

  it('rejects a stored deal with other values, and all its history rows', () => {
    const result = plan([deal({ amount: 999 })], SLIPPING_HISTORY, { stored: storedAfterFirstImport() });
    expect(result.writes).toEqual([]);
    expect(reasons(result)[0]).toBe(
      "opportunities 1: deal 'acme-1' already exists with other values; change it through PUT /opportunities/acme-1",
    );
    expect(result.rejections.filter((r) => r.source === 'history')).toHaveLength(4);
  });

  it('rejects history rows for a stored deal that its stored history does not have', () => {
    // An earlier change shifts every later version: none of the keys match what is stored.
    const extra = change('amount', 1_000_000, 1_200_000, '2016-01-06T09:00:00Z');
    const result = plan([], [...SLIPPING_HISTORY, extra], { stored: storedAfterFirstImport() });
    expect(result.unchanged.history).toBe(0);
    expect(result.rejections).toHaveLength(5);
  });

  it('refuses to reuse the id of a removed deal', () => {
    const result = plan([deal()], [], { stored: new Map([['acme-1', { opportunity: undefined, removed: true, history: [] }]]) });
    expect(reasons(result)).toEqual(["opportunities 1: deal 'acme-1' was removed; its id cannot be reused by an import"]);
  });
});

describe('backfill: the stream starts an imported deal from its imported counters', () => {
  it("links an imported deal's first version with the counters from its history, not from zero", () => {
    // Prepare
    const [written] = plan([deal()], SLIPPING_HISTORY).writes;

    // Act
    const [write] = planLinkage(opportunityChangeOf(undefined, written!.opportunity), () => undefined);

    // Assess
    expect(write?.link).toMatchObject({ version: 5, live: true, month: '2016-04' });
    expect(write?.link.quality.closeMonthExtensions).toBe(2);
  });
});
