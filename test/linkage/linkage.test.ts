import { describe, expect, it } from 'vitest';
import type { DealLink } from '#core/linkage/deal-link.js';
import { familyAmountsOf, type LinkWrite, opportunityChangeOf, planLinkage } from '#core/linkage/linkage.js';
import { type RepMonth, repMonthId } from '#core/linkage/rep-month.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';

/** Applies a plan to an in-memory partition map, the way the store's transaction would. */
function apply(stored: Map<string, DealLink>, plan: readonly LinkWrite[]): void {
  for (const write of plan) stored.set(repMonthId(write.repMonth), write.link);
}
const lookup = (stored: Map<string, DealLink>) => (repMonth: RepMonth) => stored.get(repMonthId(repMonth));

describe('planLinkage', () => {
  it('links a new deal to its owner and close month with its full contribution', () => {
    // Prepare
    const created = anOpportunity({ stageId: 'negotiation', amount: 1_000_00 });
    // Act
    const plan = planLinkage(opportunityChangeOf(undefined, created), () => undefined);
    // Assess
    expect(plan).toHaveLength(1);
    expect(plan[0]?.repMonth).toEqual({ repId: 'dave', month: '2016-02' });
    expect(plan[0]?.expectedVersion).toBeNull();
    expect(plan[0]?.delta).toEqual({ 'amount|negotiation|': 1_000_00, 'count|negotiation': 1 });
  });

  it('moves a deal whose close date slips into March: tombstone in February, live link in March', () => {
    const stored = new Map<string, DealLink>();
    const v1 = anOpportunity();
    apply(stored, planLinkage(opportunityChangeOf(undefined, v1), lookup(stored)));
    const v2 = nextVersion(v1, '2016-02-05T10:00:00.000Z', { closeDate: '2016-03-05' });

    const plan = planLinkage(opportunityChangeOf(v1, v2), lookup(stored));

    expect(plan.map((w) => [w.repMonth.month, w.link.live, w.expectedVersion])).toEqual([
      ['2016-02', false, 1],
      ['2016-03', true, null],
    ]);
    expect(plan[0]?.delta).toEqual({ 'amount|proposal-made|': -4_000_000, 'count|proposal-made': -1 });
    expect(plan[1]?.link.quality.closeMonthExtensions).toBe(1);
  });

  it('relinks to the new owner when the owner changes, keeping the quality counters', () => {
    const stored = new Map<string, DealLink>();
    const v1 = anOpportunity();
    apply(stored, planLinkage(opportunityChangeOf(undefined, v1), lookup(stored)));
    const v2 = nextVersion(v1, '2016-01-20T10:00:00.000Z', { stageId: 'negotiation' });
    apply(stored, planLinkage(opportunityChangeOf(v1, v2), lookup(stored)));
    const v3 = nextVersion(v2, '2016-01-21T10:00:00.000Z', { ownerId: 'erin' });

    const plan = planLinkage(opportunityChangeOf(v2, v3), lookup(stored));

    expect(plan.map((w) => `${w.repMonth.repId}:${w.link.live}`)).toEqual(['dave:false', 'erin:true']);
    expect(plan[1]?.link.quality.lastStageChangeAt).toBe('2016-01-20T10:00:00.000Z');
  });

  it('changes nothing when a record is replayed after it, or a later version, was applied', () => {
    const stored = new Map<string, DealLink>();
    const v1 = anOpportunity();
    const v2 = nextVersion(v1, '2016-02-05T10:00:00.000Z', { closeDate: '2016-03-05' });
    const v3 = nextVersion(v2, '2016-02-06T10:00:00.000Z', { closeDate: '2016-02-20' });
    for (const [before, after] of [
      [undefined, v1],
      [v1, v2],
      [v2, v3],
    ] as const)
      apply(stored, planLinkage(opportunityChangeOf(before, after), lookup(stored)));

    expect(planLinkage(opportunityChangeOf(undefined, v1), lookup(stored))).toEqual([]);
    expect(planLinkage(opportunityChangeOf(v1, v2), lookup(stored))).toEqual([]);
    expect(planLinkage(opportunityChangeOf(v2, v3), lookup(stored))).toEqual([]);
  });

  it('unlinks a soft-deleted deal, and a hard REMOVE of it afterwards is a no-op', () => {
    const stored = new Map<string, DealLink>();
    const v1 = anOpportunity({ probability: 40 });
    apply(stored, planLinkage(opportunityChangeOf(undefined, v1), lookup(stored)));
    const v2 = nextVersion(v1, '2016-01-06T10:00:00.000Z', { deleted: true });

    const plan = planLinkage(opportunityChangeOf(v1, v2), lookup(stored));
    apply(stored, plan);

    expect(plan).toHaveLength(1);
    expect(plan[0]?.link.live).toBe(false);
    expect(plan[0]?.delta).toEqual({
      'amount|proposal-made|': -4_000_000,
      'count|proposal-made': -1,
      'overriddenAmount|proposal-made': -4_000_000,
      'overriddenWeighted|proposal-made': -160_000_000,
    });
    expect(planLinkage(opportunityChangeOf(v2, undefined), lookup(stored))).toEqual([]);
  });

  it('a hard REMOVE of a live deal is one version past its last image', () => {
    const v1 = anOpportunity({ version: 4 });
    expect(opportunityChangeOf(v1, undefined).version).toBe(5);
  });

  it('writes only the link, with no totals delta, when nothing counted changes', () => {
    const stored = new Map<string, DealLink>();
    const v1 = anOpportunity();
    apply(stored, planLinkage(opportunityChangeOf(undefined, v1), lookup(stored)));
    const v2 = nextVersion(v1, '2016-01-09T10:00:00.000Z', { closeDate: '2016-02-25', name: 'Acme renewal 2016' });

    const plan = planLinkage(opportunityChangeOf(v1, v2), lookup(stored));

    expect(plan).toHaveLength(1);
    expect(plan[0]?.delta).toEqual({});
    expect(plan[0]?.link.name).toBe('Acme renewal 2016');
  });
});

describe('familyAmountsOf', () => {
  it('splits a deal by product family and counts a deal without lines under the general family', () => {
    expect(familyAmountsOf({ amount: 500, productLines: [] })).toEqual({ '': 500 });
    expect(
      familyAmountsOf({
        amount: 700,
        productLines: [
          { productFamily: 'Software', amount: 500 },
          { productFamily: 'Services', amount: 150 },
          { productFamily: 'Software', amount: 50 },
        ],
      }),
    ).toEqual({ Software: 550, Services: 150 });
  });
});
