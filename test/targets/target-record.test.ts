import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, type StageConfiguration } from '#core/organisation/stage.js';
import { gaugeOf, isEnoughPipeline, targetRecordOf } from '#core/targets/target-record.js';
import { dealLink, major, totalsOf } from '../support/record-factories.js';

const month = totalsOf(
  dealLink({ stageId: 'closed-won', stageOutcome: 'won', amount: major(30_000), familyAmounts: { '': major(30_000) } }),
  dealLink({ stageId: 'closed-won', stageOutcome: 'won', amount: major(10_000), familyAmounts: { '': major(10_000) } }),
  dealLink({ stageId: 'prospecting', amount: major(10_000), familyAmounts: { '': major(10_000) } }),
  dealLink({ stageId: 'negotiation', amount: major(20_000), familyAmounts: { '': major(20_000) } }),
  dealLink({ stageId: 'negotiation', amount: major(4_000), probability: 50, familyAmounts: { '': major(4_000) } }),
  dealLink({ stageId: 'closed-lost', stageOutcome: 'lost', amount: major(5_000), familyAmounts: { '': major(5_000) } }),
);

describe('target record', () => {
  it('computes closed won, pipeline, expected revenue and shortfall', () => {
    const record = targetRecordOf(month, DEFAULT_STAGES, major(60_000));
    expect(record).toMatchObject({
      target: major(60_000),
      closedWon: major(40_000),
      pipeline: major(34_000),
      expectedRevenue: major(1_000 + 15_000 + 2_000), // 10 %, 75 %, and a 50 % override
      shortfall: major(2_000),
      over: 0,
      attainment: 0.6667,
      coverage: 0.9667,
      enoughPipeline: false,
      gauge: { status: 'red', amberFrom: major(48_000), greenFrom: major(60_000) },
    });
  });

  it('reports the excess as over, with no shortfall', () => {
    const record = targetRecordOf(month, DEFAULT_STAGES, major(50_000));
    expect(record.shortfall).toBe(0);
    expect(record.over).toBe(major(8_000));
    expect(record.enoughPipeline).toBe(true);
    expect(record.coverage).toBe(1.16);
  });

  it('lists pipeline by stage in configuration order with amounts and counts', () => {
    const rows = targetRecordOf(month, DEFAULT_STAGES, null).pipelineByStage;
    expect(rows.map((row) => [row.stageId, row.amount, row.count])).toEqual([
      ['prospecting', major(10_000), 1],
      ['investigation', 0, 0],
      ['proposal-made', 0, 0],
      ['negotiation', major(24_000), 2],
      ['closed-won', major(40_000), 2],
      ['closed-lost', major(5_000), 1],
    ]);
    expect(rows[3]).toMatchObject({ name: 'Negotiation', outcome: 'open', probability: 75, configured: true });
  });

  it('has no shortfall, attainment, coverage or gauge without a target', () => {
    const record = targetRecordOf(month, DEFAULT_STAGES, null);
    expect(record).toMatchObject({ target: null, shortfall: null, over: null, attainment: null, coverage: null, enoughPipeline: null });
    expect(record.gauge).toEqual({ status: null, amberFrom: null, greenFrom: null });
    expect(record.closedWon).toBe(major(40_000));
  });

  it('treats a zero target as met, without a ratio', () => {
    const record = targetRecordOf(month, DEFAULT_STAGES, 0);
    expect(record).toMatchObject({ shortfall: 0, over: major(58_000), attainment: null, coverage: null, enoughPipeline: true });
    expect(record.gauge.status).toBe('green');
  });

  it('is empty for a month without deals', () => {
    const record = targetRecordOf({}, DEFAULT_STAGES, major(1_000));
    expect(record).toMatchObject({ closedWon: 0, pipeline: 0, expectedRevenue: 0, shortfall: major(1_000), attainment: 0 });
    expect(record.pipelineByStage).toHaveLength(DEFAULT_STAGES.stages.length);
  });

  it('rounds expected revenue once over all stages, not per stage or deal', () => {
    const totals = totalsOf(
      dealLink({ stageId: 'prospecting', amount: 3, familyAmounts: { '': 3 } }), // 0.3 cent
      dealLink({ stageId: 'investigation', amount: 2, familyAmounts: { '': 2 } }), // 0.4 cent
    );
    expect(targetRecordOf(totals, DEFAULT_STAGES, null).expectedRevenue).toBe(1);
  });

  it('follows the current stage configuration: outcomes and default probabilities', () => {
    const negotiationWon: StageConfiguration = {
      stages: DEFAULT_STAGES.stages.map((stage) =>
        stage.id === 'negotiation'
          ? { ...stage, outcome: 'won' as const }
          : stage.id === 'prospecting'
            ? { ...stage, probability: 30 }
            : stage,
      ),
    };
    const record = targetRecordOf(month, negotiationWon, null);
    expect(record.closedWon).toBe(major(64_000));
    expect(record.pipeline).toBe(major(10_000));
    expect(record.expectedRevenue).toBe(major(3_000));
  });

  it('reports a stage missing from the configuration as open at 0 %, named by its id, after the configured ones', () => {
    const totals = totalsOf(
      dealLink({ stageId: 'legacy', amount: major(1_000), familyAmounts: { '': major(1_000) } }),
      dealLink({ stageId: 'legacy', amount: major(2_000), probability: 40, familyAmounts: { '': major(2_000) } }),
      dealLink({ stageId: 'closed-won', stageOutcome: 'won', amount: major(500), familyAmounts: { '': major(500) } }),
    );
    const record = targetRecordOf(totals, DEFAULT_STAGES, null);
    expect(record.pipelineByStage.at(-1)).toEqual({
      stageId: 'legacy',
      name: 'legacy',
      outcome: 'open',
      probability: 0,
      amount: major(3_000),
      count: 2,
      configured: false,
    });
    expect(record.pipeline).toBe(major(3_000));
    expect(record.expectedRevenue).toBe(major(800)); // only the override weighs
  });
});

describe('gauge', () => {
  it('moves its breakpoints with the target', () => {
    expect(gaugeOf(0, major(100_000))).toEqual({ status: 'red', amberFrom: major(80_000), greenFrom: major(100_000) });
    expect(gaugeOf(major(80_000) - 1, major(100_000)).status).toBe('red');
    expect(gaugeOf(major(80_000), major(100_000)).status).toBe('amber');
    expect(gaugeOf(major(100_000) - 1, major(100_000)).status).toBe('amber');
    expect(gaugeOf(major(100_000), major(100_000)).status).toBe('green');
    expect(gaugeOf(major(9_000), major(10_000))).toEqual({ status: 'amber', amberFrom: major(8_000), greenFrom: major(10_000) });
    expect(gaugeOf(3, 3).amberFrom).toBe(2); // 2.4 cents rounds to 2
  });
});

describe('enough pipeline', () => {
  it('compares closed won + expected revenue with the target', () => {
    expect(isEnoughPipeline(60, 40, 100)).toBe(true);
    expect(isEnoughPipeline(60, 39, 100)).toBe(false);
    expect(isEnoughPipeline(60, 39, null)).toBeNull();
  });
});

const stageIds = [...DEFAULT_STAGES.stages.map((stage) => stage.id), 'legacy'];
const linkArbitrary = fc
  .record({
    stageId: fc.constantFrom(...stageIds),
    amount: fc.integer({ min: 0, max: 1e10 }),
    probability: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  })
  .map(({ stageId, amount, probability }) => dealLink({ stageId, amount, probability, familyAmounts: { '': amount } }));

describe('target record: properties', () => {
  it('splits every amount into won, open or lost, and keeps shortfall and over consistent', () => {
    fc.assert(
      fc.property(
        fc.array(linkArbitrary, { maxLength: 20 }),
        fc.option(fc.integer({ min: 0, max: 1e11 }), { nil: null }),
        (links, target) => {
          const record = targetRecordOf(totalsOf(...links), DEFAULT_STAGES, target);
          const total = links.reduce((sum, link) => sum + link.amount, 0);
          const lost = links.filter((link) => link.stageId === 'closed-lost').reduce((sum, link) => sum + link.amount, 0);
          expect(record.closedWon + record.pipeline + lost).toBe(total);
          expect(record.pipelineByStage.reduce((sum, row) => sum + row.amount, 0)).toBe(total);
          expect(record.pipelineByStage.reduce((sum, row) => sum + row.count, 0)).toBe(links.length);
          expect(record.expectedRevenue).toBeGreaterThanOrEqual(0);
          expect(record.expectedRevenue).toBeLessThanOrEqual(record.pipeline);
          if (target !== null) {
            expect((record.shortfall ?? 0) - (record.over ?? 0)).toBe(target - record.closedWon - record.expectedRevenue);
            expect(Math.min(record.shortfall ?? 0, record.over ?? 0)).toBe(0);
            expect(record.enoughPipeline).toBe(record.shortfall === 0);
          }
        },
      ),
    );
  });
});
