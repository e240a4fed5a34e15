import { describe, expect, it } from 'vitest';
import type { DealLink } from '#core/linkage/deal-link.js';
import { opportunityChangeOf, planLinkage } from '#core/linkage/linkage.js';
import { repMonthId } from '#core/linkage/rep-month.js';
import { addTotals } from '#core/linkage/rep-month-totals.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { reconcile, type StoredRecord } from '#core/reconcile/reconcile.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';

/** Runs changes through planLinkage and keeps links and records the way the store would. */
function derive(changes: ReadonlyArray<readonly [Opportunity | undefined, Opportunity | undefined]>) {
  const links = new Map<string, DealLink>();
  const records = new Map<string, StoredRecord>();
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
    }
  }
  return { links: [...links.values()], records: [...records.values()] };
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
  });

  it('finds a missed stream record: a stale link and both months totals', () => {
    const derived = derive([
      [undefined, v1],
      [undefined, other],
    ]);
    const report = reconcile({ opportunities: [v2, other], ...derived });
    expect(report.drift.map((d) => `${d.kind}:${d.repMonth.repId}:${d.repMonth.month}`).sort()).toEqual([
      'missing-link:dave:2016-03',
      'orphaned-link:dave:2016-02',
      'record-totals:dave:2016-02',
      'record-totals:dave:2016-03',
    ]);
    expect(report.recordRepairs.find((r) => r.repMonth.month === '2016-02')?.totals).toEqual({});
    expect(report.recordRepairs.find((r) => r.repMonth.month === '2016-03')?.totals).toEqual({
      'amount|negotiation|': 4_000_000,
      'count|negotiation': 1,
    });
  });

  it("finds totals changed behind the stream's back", () => {
    const derived = derive([[undefined, other]]);
    const tampered = derived.records.map((r) => ({ ...r, totals: { ...r.totals, 'count|proposal-made': 3 } }));
    const report = reconcile({ opportunities: [other], links: derived.links, records: tampered });
    expect(report.drift.map((d) => d.kind)).toEqual(['record-totals']);
    expect(report.recordRepairs[0]?.expectedRev).toBe(1);
  });
});
