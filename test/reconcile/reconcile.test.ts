import { describe, expect, it } from 'vitest';
import { cellOfKey, leadContributionOf } from '#core/conversion/conversion-cells.js';
import { dealCounterKey, funnelCounterKey, leadCounterKey } from '#core/conversion/counter-keys.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { opportunityChangeOf, planLinkage } from '#core/linkage/linkage.js';
import { repMonthId } from '#core/linkage/rep-month.js';
import { addTotals } from '#core/linkage/rep-month-totals.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { reconcile, type StoredConversionCell, type StoredRecord } from '#core/reconcile/reconcile.js';
import { addCounters } from '#core/shared/counters.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';

/** Runs changes through planLinkage and keeps links, records and deal cells the way the store would. */
function derive(changes: ReadonlyArray<readonly [Opportunity | undefined, Opportunity | undefined]>) {
  const links = new Map<string, DealLink>();
  const records = new Map<string, StoredRecord>();
  const cells = new Map<string, StoredConversionCell>();
  for (const [before, after] of changes) {
    const plan = planLinkage(opportunityChangeOf(before, after), (rm) => links.get(`${repMonthId(rm)}|${(after ?? before)?.id}`));
    for (const write of plan) {
      links.set(`${repMonthId(write.repMonth)}|${write.link.opportunityId}`, write.link);
      const record = records.get(repMonthId(write.repMonth));
      records.set(repMonthId(write.repMonth), {
        repMonth: write.repMonth,
        totals: addTotals(record?.totals ?? {}, write.delta),
        rev: (record?.rev ?? 0) + 1,
      });
      for (const [key, delta] of write.conversionDelta) {
        const cell = cells.get(key);
        cells.set(key, { kind: 'deals', ...cellOfKey(key), counters: addCounters(cell?.counters ?? {}, delta), rev: (cell?.rev ?? 0) + 1 });
      }
    }
  }
  return { links: [...links.values()], records: [...records.values()], cells: [...cells.values()] };
}

describe('reconcile', () => {
  const v1 = anOpportunity({ id: 'a' });
  const v2 = nextVersion(v1, '2016-02-05T10:00:00.000Z', { closeDate: '2016-03-02', stageId: 'negotiation' });
  const other = anOpportunity({ id: 'b', ownerId: 'erin', amount: 250_000 });

  it('reports no drift when links and records were kept by the stream', () => {
    const derived = derive([
      [undefined, v1],
      [v1, v2],
      [undefined, other],
    ]);
    const report = reconcile({ opportunities: [v2, other], ...derived });
    expect(report.drift).toEqual([]);
    expect(derived.cells.length).toBeGreaterThan(0);
  });

  it('finds a missed stream record: a stale link and both months totals', () => {
    const derived = derive([
      [undefined, v1],
      [undefined, other],
    ]);
    const report = reconcile({ opportunities: [v2, other], ...derived });
    expect(report.drift.map((d) => `${d.kind}:${d.repMonth.repId}:${d.repMonth.month}`).sort()).toEqual([
      // The missed move to Negotiation: Proposal Made left (created in January), Negotiation entered in February.
      'conversion-cell:dave:2016-01',
      'conversion-cell:dave:2016-02',
      'missing-link:dave:2016-03',
      'orphaned-link:dave:2016-02',
      'record-totals:dave:2016-02',
      'record-totals:dave:2016-03',
    ]);
    expect(report.linkRepairs.find((r) => r.link.live)?.link.stagePath).toEqual([
      { stageId: 'proposal-made', at: '2016-01-05T09:00:00.000Z' },
      { stageId: 'negotiation', at: '2016-02-05T10:00:00.000Z' },
    ]);
    expect(report.cellRepairs.find((r) => r.month === '2016-02')?.counters).toEqual({ [funnelCounterKey('reached', 'negotiation')]: 1 });
    expect(report.recordRepairs.find((r) => r.repMonth.month === '2016-02')?.totals).toEqual({});
    expect(report.recordRepairs.find((r) => r.repMonth.month === '2016-03')?.totals).toEqual({
      'amount|negotiation|': 4_000_000,
      'count|negotiation': 1,
    });
  });

  it("finds totals changed behind the stream's back", () => {
    const derived = derive([[undefined, other]]);
    const tampered = derived.records.map((r) => ({ ...r, totals: { ...r.totals, 'count|proposal-made': 3 } }));
    const report = reconcile({ opportunities: [other], links: derived.links, records: tampered, cells: derived.cells });
    expect(report.drift.map((d) => d.kind)).toEqual(['record-totals']);
    expect(report.recordRepairs[0]?.expectedRev).toBe(1);
  });

  it("finds a deal cell changed behind the stream's back, and rewrites it whole from the links", () => {
    // Prepare: one deal created in January 2016 (the factory's createdAt), in Proposal Made.
    const derived = derive([[undefined, other]]);
    const [cell] = derived.cells;
    const tampered = { ...cell!, counters: { ...cell!.counters, [dealCounterKey('won', 'other', null, '')]: 5 } };

    // Act
    const report = reconcile({ opportunities: [other], links: derived.links, records: derived.records, cells: [tampered] });

    // Assess
    expect(report.drift).toEqual([
      {
        kind: 'conversion-cell',
        repMonth: { repId: 'erin', month: '2016-01' },
        detail: 'deal counters differ from the sum of the linked deals',
      },
    ]);
    expect(report.cellRepairs).toEqual([
      {
        kind: 'deals',
        month: '2016-01',
        repId: 'erin',
        expectedRev: 1,
        counters: {
          [dealCounterKey('count', 'other', null, '')]: 1,
          [dealCounterKey('open', 'other', null, '')]: 1,
          [dealCounterKey('openAmount', 'other', null, '')]: 250_000,
          [funnelCounterKey('reached', 'proposal-made')]: 1,
        },
      },
    ]);
    expect(report.checked).toMatchObject({ cells: 1, leads: 0 });
  });

  it('empties a deal cell no live link stands behind, and writes a missing one', () => {
    const derived = derive([[undefined, other]]);
    const stray = {
      kind: 'deals' as const,
      month: '2015-12',
      repId: 'erin',
      counters: { [funnelCounterKey('reached', 'negotiation')]: 1 },
      rev: 4,
    };

    const report = reconcile({ opportunities: [other], links: derived.links, records: derived.records, cells: [stray] });

    expect(report.cellRepairs.map(({ month, expectedRev, counters }) => [month, expectedRev, Object.keys(counters).length])).toEqual([
      ['2015-12', 4, 0],
      ['2016-01', null, 4],
    ]);
  });

  it('sums the lead cells from the leads, and carries a deal from before the conversion counters over to them', () => {
    // Prepare: a lead converted a month after its creation; a link stored before the counters
    // (no source, no path) while its deal says it came from the web.
    const lead = {
      ownerId: 'dave',
      source: 'web',
      campaignId: 'spring',
      status: 'converted',
      createdAt: '2016-01-10T00:00:00.000Z',
      convertedAt: '2016-02-10T00:00:00.000Z',
    };
    const sourced = { ...v1, leadSource: 'web' };
    const { leadSource: _, ...oldLink } = derive([[undefined, v1]]).links[0]!;
    const leadCells = [...leadContributionOf(lead)].map(([key, counters]) => ({
      kind: 'leads' as const,
      ...cellOfKey(key),
      counters,
      rev: 1,
    }));

    // Act
    const report = reconcile({
      opportunities: [sourced],
      links: [oldLink],
      records: derive([[undefined, v1]]).records,
      cells: leadCells,
      leads: [lead],
    });

    // Assess: the lead cells hold; the old link is stale in its source, and the deal cell is written.
    expect(report.drift.map((d) => `${d.kind}:${d.repMonth.month}:${d.detail}`)).toEqual([
      'stale-link:2016-02:differs in leadSource',
      'conversion-cell:2016-01:deal counters differ from the sum of the linked deals',
    ]);
    expect(report.linkRepairs[0]?.link).toMatchObject({ leadSource: 'web', stagePath: [{ stageId: 'proposal-made', at: v1.createdAt }] });
    expect(report.cellRepairs[0]?.counters).toMatchObject({ [dealCounterKey('count', 'other', 'web', '')]: 1 });
    expect(leadCells.map((cell) => cell.month)).toEqual(['2016-01', '2016-02']);
    expect(leadCells[1]?.counters).toEqual({ [leadCounterKey('convertedInMonth', 'web', 'spring')]: 1 });
  });
});
