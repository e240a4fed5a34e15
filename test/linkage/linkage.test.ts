import { describe, expect, it } from 'vitest';
import { dealCounterKey } from '#core/conversion/counter-keys.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { familyAmountsOf, type LinkWrite, opportunityChangeOf, planLinkage } from '#core/linkage/linkage.js';
import { type RepMonth, repMonthId } from '#core/linkage/rep-month.js';
import { addCellCounters, type CellCounters } from '#core/shared/counters.js';
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

describe('planLinkage: the deal conversion cells', () => {
  const key = (counter: Parameters<typeof dealCounterKey>[0]) => dealCounterKey(counter, 'lead', 'web', 'c:spring');
  const fromLead = anOpportunity({
    stageId: 'prospecting',
    amount: 10_000,
    leadId: 'l1',
    leadSource: 'web',
    campaignId: 'spring',
    createdAt: '2016-01-05T09:00:00.000Z',
    updatedAt: '2016-01-05T09:00:00.000Z',
  });
  /** The cells after a sequence of plans, as the store's ADDs leave them. */
  const cellsAfter = (plans: readonly LinkWrite[][]): CellCounters =>
    plans.flat().reduce<CellCounters>((sum, write) => addCellCounters(sum, write.conversionDelta), new Map());

  it('adds a new deal from a lead whole: its lead, source, campaign and first stage on the link', () => {
    const plan = planLinkage(opportunityChangeOf(undefined, fromLead), () => undefined);

    expect(plan[0]?.link).toMatchObject({
      leadId: 'l1',
      leadSource: 'web',
      campaignId: 'spring',
      campaign: null,
      stagePath: [{ stageId: 'prospecting', at: '2016-01-05T09:00:00.000Z' }],
    });
    expect(plan[0]?.conversionDelta).toEqual(
      new Map([['2016-01#dave', { [key('count')]: 1, [key('open')]: 1, [key('openAmount')]: 10_000, 'funnel.reached|prospecting': 1 }]]),
    );
  });

  it('moves the cells by the difference when the deal is won in a later month: the stay ends, the new stage counts where entered', () => {
    const stored = new Map<string, DealLink>();
    const create = planLinkage(opportunityChangeOf(undefined, fromLead), lookup(stored));
    apply(stored, create);
    const won = nextVersion(fromLead, '2016-02-04T09:00:00.000Z', { stageId: 'closed-won', stageOutcome: 'won' });

    const plan = planLinkage(opportunityChangeOf(fromLead, won), lookup(stored));

    expect(plan[0]?.link.stagePath).toEqual([
      { stageId: 'prospecting', at: '2016-01-05T09:00:00.000Z' },
      { stageId: 'closed-won', at: '2016-02-04T09:00:00.000Z' },
    ]);
    expect(plan[0]?.conversionDelta).toEqual(
      new Map([
        [
          '2016-01#dave',
          {
            [key('open')]: -1,
            [key('openAmount')]: -10_000,
            [key('won')]: 1,
            [key('wonAmount')]: 10_000,
            [key('closeSeconds')]: 30 * 24 * 60 * 60,
            'funnel.then|prospecting|closed-won': 1,
            'funnel.won|prospecting': 1,
            'funnel.stageSeconds|prospecting': 30 * 24 * 60 * 60,
            'funnel.stageExits|prospecting': 1,
          },
        ],
        ['2016-02#dave', { 'funnel.reached|closed-won': 1, 'funnel.won|closed-won': 1 }],
      ]),
    );
  });

  it('moves nothing in the cells when the close month moves (the tombstone takes away what the new link adds), keeping the path', () => {
    const stored = new Map<string, DealLink>();
    apply(stored, planLinkage(opportunityChangeOf(undefined, fromLead), lookup(stored)));
    const slipped = nextVersion(fromLead, '2016-01-20T09:00:00.000Z', { closeDate: '2016-03-05' });

    const plan = planLinkage(opportunityChangeOf(fromLead, slipped), lookup(stored));

    expect(plan.map((write) => write.link.live)).toEqual([false, true]);
    expect(plan[0]?.conversionDelta.get('2016-01#dave')?.[key('count')]).toBe(-1);
    expect(plan[1]?.conversionDelta.get('2016-01#dave')?.[key('count')]).toBe(1);
    expect(cellsAfter([plan])).toEqual(new Map());
    expect(plan[0]?.link.stagePath).toEqual(plan[1]?.link.stagePath);
  });

  it("moves the deal's cells to the new owner, and takes them away on delete; a replay adds nothing", () => {
    const stored = new Map<string, DealLink>();
    const plans: LinkWrite[][] = [];
    const v1 = fromLead;
    const v2 = nextVersion(v1, '2016-01-20T09:00:00.000Z', { ownerId: 'erin' });
    const v3 = nextVersion(v2, '2016-01-21T09:00:00.000Z', { deleted: true });
    for (const [before, after] of [
      [undefined, v1],
      [v1, v2],
    ] as const) {
      const plan = planLinkage(opportunityChangeOf(before, after), lookup(stored));
      plans.push(plan);
      apply(stored, plan);
    }
    expect([...cellsAfter(plans).keys()]).toEqual(['2016-01#erin']);
    expect(planLinkage(opportunityChangeOf(v1, v2), lookup(stored))).toEqual([]);

    const deleted = planLinkage(opportunityChangeOf(v2, v3), lookup(stored));
    plans.push(deleted);

    expect(cellsAfter(plans)).toEqual(new Map());
  });

  it('reads a link stored before the counters as a deal of no lead in its stage since creation, and moves on from there', () => {
    // Prepare: the link as stored before: no lead, source, campaign or path.
    const stored = new Map<string, DealLink>();
    const plain = anOpportunity({ stageId: 'prospecting' });
    apply(stored, planLinkage(opportunityChangeOf(undefined, plain), lookup(stored)));
    const [id, link] = [...stored][0]!;
    const { leadId: _l, leadSource: _s, campaignId: _c, campaign: _t, stagePath: _p, ...before } = link;
    stored.set(id, before);
    const moved = nextVersion(plain, '2016-01-06T09:00:00.000Z', { stageId: 'negotiation' });

    const plan = planLinkage(opportunityChangeOf(plain, moved), lookup(stored));

    expect(plan[0]?.link.stagePath).toEqual([
      { stageId: 'prospecting', at: '2016-01-05T09:00:00.000Z' },
      { stageId: 'negotiation', at: '2016-01-06T09:00:00.000Z' },
    ]);
    expect(plan[0]?.conversionDelta.get('2016-01#dave')).toMatchObject({
      'funnel.reached|negotiation': 1,
      'funnel.stageExits|prospecting': 1,
    });
  });

  it('starts an imported deal from the stage path of its history', () => {
    const path = [
      { stageId: 'prospecting', at: '2016-01-05T09:00:00.000Z' },
      { stageId: 'negotiation', at: '2016-02-01T09:00:00.000Z' },
    ];
    const imported = anOpportunity({
      stageId: 'negotiation',
      version: 2,
      updatedAt: '2016-02-01T09:00:00.000Z',
      importedQuality: {
        createdAt: '2016-01-05T09:00:00.000Z',
        closeMonthExtensions: 0,
        lastStageChangeAt: '2016-02-01T09:00:00.000Z',
        closedAt: null,
        stagePath: path,
      },
    });

    const [write] = planLinkage(opportunityChangeOf(undefined, imported), () => undefined);

    expect(write?.link.stagePath).toEqual(path);
    expect(write?.link.quality).toEqual({
      createdAt: '2016-01-05T09:00:00.000Z',
      closeMonthExtensions: 0,
      lastStageChangeAt: '2016-02-01T09:00:00.000Z',
      closedAt: null,
    });
    expect(write?.conversionDelta.get('2016-02#dave')).toEqual({ 'funnel.reached|negotiation': 1 });
  });
});
