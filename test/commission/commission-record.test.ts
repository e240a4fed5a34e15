import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionRecordOf, commissionSummaryOf } from '#core/commission/commission-record.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { DEFAULT_STAGES, type StageConfiguration } from '#core/organisation/stage.js';
import { bandsArbitrary } from '../support/band-arbitrary.js';
import { DAVE_BANDS, dealLink, generalLevels, major, totalsOf } from '../support/record-factories.js';

const won = (amount: number, overrides: Partial<DealLink> = {}) =>
  dealLink({ stageId: 'closed-won', stageOutcome: 'won', amount, familyAmounts: { '': amount }, ...overrides });
const open = (amount: number, overrides: Partial<DealLink> = {}) =>
  dealLink({ stageId: 'negotiation', amount, familyAmounts: { '': amount }, ...overrides });

function recordOf(links: DealLink[], levels = generalLevels(DAVE_BANDS), stages: StageConfiguration = DEFAULT_STAGES) {
  return commissionRecordOf({ totals: totalsOf(...links.filter((link) => link.live)), stages, levels, links });
}

describe('commission record: the seed example (Dave Apthorp, February 2016)', () => {
  const bigDeal = open(major(25_000), { opportunityId: 'opp-big', name: 'Big', account: 'Globex' });
  const smallDeal = open(major(15_000), { opportunityId: 'opp-small', stageId: 'prospecting' });
  const record = recordOf([won(major(50_000)), won(major(30_000)), bigDeal, smallDeal]);

  it('earns 2,300 on 80,000 won, with 2,400 pipeline commission and 4,700 potential', () => {
    expect(record).toMatchObject({
      wonRevenue: major(80_000),
      openRevenue: major(40_000),
      earned: major(2_300),
      pipelineCommission: major(2_400),
      totalPotential: major(4_700),
    });
  });

  it('ranks open deals by what each would add alone', () => {
    expect(record.openDeals).toEqual([
      {
        opportunityId: 'opp-big',
        name: 'Big',
        account: 'Globex',
        stageId: 'negotiation',
        closeDate: '2026-02-20',
        amount: major(25_000),
        probability: 75,
        commission: major(1_500),
      },
      expect.objectContaining({ opportunityId: 'opp-small', stageId: 'prospecting', probability: 10, commission: major(900) }),
    ]);
  });

  it('reports the general pool in byFamily', () => {
    expect(record.byFamily).toEqual([
      {
        productFamily: null,
        wonRevenue: major(80_000),
        openRevenue: major(40_000),
        earned: major(2_300),
        pipelineCommission: major(2_400),
        totalPotential: major(4_700),
      },
    ]);
  });
});

describe('commission record', () => {
  it('earns nothing without levels, and ranks by amount then id', () => {
    const record = recordOf(
      [
        won(major(80_000)),
        open(major(10), { opportunityId: 'b' }),
        open(major(10), { opportunityId: 'a' }),
        open(major(20), { opportunityId: 'c' }),
      ],
      generalLevels(null),
    );
    expect(record).toMatchObject({ earned: 0, pipelineCommission: 0, totalPotential: 0 });
    expect(record.openDeals.map((deal) => deal.opportunityId)).toEqual(['c', 'a', 'b']);
  });

  it('lists only live deals that are open in the current configuration', () => {
    const record = recordOf([
      won(major(1_000)),
      open(major(10), { opportunityId: 'gone', live: false }),
      open(major(10), { opportunityId: 'lost', stageId: 'closed-lost', stageOutcome: 'lost' }),
      open(major(10), { opportunityId: 'kept' }),
    ]);
    expect(record.openDeals.map((deal) => deal.opportunityId)).toEqual(['kept']);
    expect(record.openRevenue).toBe(major(10));
  });

  it('uses the deal probability override, and lists a deal in an unconfigured stage as open at 0 %', () => {
    const record = recordOf([
      open(major(10), { opportunityId: 'override', probability: 35 }),
      open(major(5), { opportunityId: 'legacy', stageId: 'legacy' }),
    ]);
    expect(record.openDeals.map((deal) => [deal.opportunityId, deal.probability])).toEqual([
      ['override', 35],
      ['legacy', 0],
    ]);
  });

  it('follows a stage that became won in the configuration', () => {
    const negotiationWon: StageConfiguration = {
      stages: DEFAULT_STAGES.stages.map((stage) => (stage.id === 'negotiation' ? { ...stage, outcome: 'won' as const } : stage)),
    };
    const record = recordOf([won(major(50_000)), open(major(30_000))], generalLevels(DAVE_BANDS), negotiationWon);
    expect(record).toMatchObject({ wonRevenue: major(80_000), earned: major(2_300), openRevenue: 0, pipelineCommission: 0 });
    expect(record.openDeals).toEqual([]);
  });

  it('runs families with their own levels through them and pools the others through the general levels', () => {
    const services = [{ from: 0, to: null, ratePercent: 10 }];
    const record = recordOf(
      [
        won(major(80_000), { familyAmounts: { hardware: major(50_000), '': major(30_000) } }),
        won(major(1_000), { familyAmounts: { services: major(1_000) } }),
        open(major(3_000), { opportunityId: 'mixed', familyAmounts: { services: major(2_000), hardware: major(1_000) } }),
      ],
      generalLevels(DAVE_BANDS, { services }),
    );
    expect(record.byFamily).toEqual([
      {
        productFamily: null,
        wonRevenue: major(80_000),
        openRevenue: major(1_000),
        earned: major(2_300),
        pipelineCommission: major(60),
        totalPotential: major(2_360),
      },
      {
        productFamily: 'services',
        wonRevenue: major(1_000),
        openRevenue: major(2_000),
        earned: major(100),
        pipelineCommission: major(200),
        totalPotential: major(300),
      },
    ]);
    expect(record).toMatchObject({ earned: major(2_400), pipelineCommission: major(260), totalPotential: major(2_660) });
    expect(record.openDeals[0]?.commission).toBe(major(260));
  });

  it('summarises the same figures without the deals', () => {
    const links = [won(major(80_000)), open(major(40_000))];
    expect(commissionSummaryOf(totalsOf(...links), DEFAULT_STAGES, generalLevels(DAVE_BANDS))).toEqual({
      earned: major(2_300),
      pipelineCommission: major(2_400),
      totalPotential: major(4_700),
    });
  });
});

const familyAmountsArbitrary = fc
  .record({
    general: fc.integer({ min: 0, max: 1e10 }),
    hardware: fc.integer({ min: 0, max: 1e10 }),
    services: fc.integer({ min: 0, max: 1e10 }),
  })
  .map(({ general, hardware, services }) => ({
    familyAmounts: { '': general, hardware, services },
    amount: general + hardware + services,
  }));
const wonArbitrary = familyAmountsArbitrary.map(({ amount, familyAmounts }) => won(amount, { familyAmounts }));
const openArbitrary = fc
  .record({ deal: familyAmountsArbitrary, stageId: fc.constantFrom('prospecting', 'negotiation', 'legacy') })
  .map(({ deal, stageId }) => open(deal.amount, { stageId, familyAmounts: deal.familyAmounts }));
const levelsArbitrary = fc
  .record({ general: fc.option(bandsArbitrary, { nil: null }), services: fc.option(bandsArbitrary, { nil: undefined }) })
  .map(({ general, services }) => generalLevels(general, services ? { services } : {}));

describe('commission record: properties', () => {
  it('per-deal and pipeline commission are never negative, and no deal alone adds more than all open deals', () => {
    fc.assert(
      fc.property(
        fc.array(wonArbitrary, { maxLength: 4 }),
        fc.array(openArbitrary, { maxLength: 6 }),
        levelsArbitrary,
        (wonLinks, openLinks, levels) => {
          const record = recordOf([...wonLinks, ...openLinks], levels);
          expect(record.pipelineCommission).toBeGreaterThanOrEqual(0);
          expect(record.earned + record.pipelineCommission).toBe(record.totalPotential);
          for (const deal of record.openDeals) {
            expect(deal.commission).toBeGreaterThanOrEqual(0);
            expect(deal.commission).toBeLessThanOrEqual(record.pipelineCommission);
          }
          const sum = (pick: (entry: (typeof record.byFamily)[number]) => number) =>
            record.byFamily.reduce((total, entry) => total + pick(entry), 0);
          expect(sum((entry) => entry.earned)).toBe(record.earned);
          expect(sum((entry) => entry.pipelineCommission)).toBe(record.pipelineCommission);
          expect(sum((entry) => entry.wonRevenue)).toBe(record.wonRevenue);
          expect(sum((entry) => entry.openRevenue)).toBe(record.openRevenue);
        },
      ),
    );
  });

  it('with one open deal, its commission is the pipeline commission', () => {
    fc.assert(
      fc.property(fc.array(wonArbitrary, { maxLength: 4 }), openArbitrary, levelsArbitrary, (wonLinks, openLink, levels) => {
        const record = recordOf([...wonLinks, openLink], levels);
        expect(record.openDeals).toHaveLength(1);
        expect(record.openDeals[0]?.commission).toBe(record.pipelineCommission);
      }),
    );
  });

  it('ranks open deals by commission, then amount, then id', () => {
    fc.assert(
      fc.property(
        fc.array(wonArbitrary, { maxLength: 3 }),
        fc.array(openArbitrary, { maxLength: 8 }),
        levelsArbitrary,
        (wonLinks, openLinks, levels) => {
          const deals = recordOf([...wonLinks, ...openLinks], levels).openDeals;
          for (let index = 1; index < deals.length; index++) {
            const [a, b] = [deals[index - 1], deals[index]];
            if (!a || !b) continue;
            expect(
              a.commission > b.commission ||
                (a.commission === b.commission && (a.amount > b.amount || (a.amount === b.amount && a.opportunityId < b.opportunityId))),
            ).toBe(true);
          }
        },
      ),
    );
  });
});
