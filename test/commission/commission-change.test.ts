import { describe, expect, it } from 'vitest';
import { type CommissionChange, commissionChangeOf } from '#core/commission/commission-change.js';
import { familyAmountsAt } from '#core/commission/commission-change-state.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { CommissionChangeWorld } from '../support/commission-change-world.js';
import { DAVE_BANDS, major } from '../support/record-factories.js';

const MONTH = '2026-02';
const T0 = '2026-02-01T09:00:00.000Z';
const FROM = '2026-02-02T00:00:00.000Z';
const T1 = '2026-02-10T12:00:00.000Z';
const T2 = '2026-02-12T12:00:00.000Z';
const TO = '2026-02-20T00:00:00.000Z';

function daveWorld(): CommissionChangeWorld {
  return new CommissionChangeWorld().setLevels('2026-01-01T00:00:00.000Z', { fromMonth: '2026-01', bands: DAVE_BANDS });
}

function explain(world: CommissionChangeWorld, from = FROM, to = TO): CommissionChange {
  const change = commissionChangeOf(world.input('dave', MONTH, from, to));
  // The replay's end state is the state at `to`, its start the state at `from`, as the record computes them directly.
  expect(change.before).toEqual(world.summaryAt('dave', MONTH, from));
  expect(change.after).toEqual(world.summaryAt('dave', MONTH, to));
  const sum = (key: 'earned' | 'pipelineCommission' | 'totalPotential') => change.lines.reduce((total, line) => total + line[key], 0);
  expect({ earned: sum('earned'), pipelineCommission: sum('pipelineCommission'), totalPotential: sum('totalPotential') }).toEqual(
    change.change,
  );
  return change;
}

const amounts = ({ kind, earned, pipelineCommission, totalPotential }: CommissionChange['lines'][number]) => ({
  kind,
  earned,
  pipelineCommission,
  totalPotential,
});

describe('why did my commission change', () => {
  it('a deal won: earned up, pipeline commission down by as much, potential unchanged', () => {
    const world = daveWorld()
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'negotiation', closeDate: '2026-02-25', amount: major(40_000) })
      .putDeal(T0, 'b', { ownerId: 'dave', stageId: 'closed-won', closeDate: '2026-02-05', amount: major(30_000) })
      .changeDeal(T1, 'a', { stageId: 'closed-won' });
    const change = explain(world);
    // before: won 30,000 -> 600; potential on 70,000 = 1,000 + 800 = 1,800. After: won 70,000 -> 1,800.
    expect(change.before).toEqual({ earned: major(600), pipelineCommission: major(1_200), totalPotential: major(1_800) });
    expect(change.after).toEqual({ earned: major(1_800), pipelineCommission: 0, totalPotential: major(1_800) });
    expect(change.lines.map(amounts)).toEqual([
      { kind: 'won', earned: major(1_200), pipelineCommission: -major(1_200), totalPotential: 0 },
    ]);
    expect(change.lines[0]).toMatchObject({ deal: { opportunityId: 'a', name: 'Deal a' }, subject: null, at: T1 });
    expect(change.lines[0]?.detail).toBe('won: Negotiation -> Closed Won, 40,000.00');
  });

  it('an amount change crossing a band: 45,000 -> 60,000 won earns 900 -> 1,400', () => {
    const world = daveWorld()
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'closed-won', closeDate: '2026-02-25', amount: major(45_000) })
      .changeDeal(T1, 'a', { amount: major(60_000) });
    const change = explain(world);
    expect(change.lines.map(amounts)).toEqual([
      { kind: 'amount-changed', earned: major(500), pipelineCommission: 0, totalPotential: major(500) },
    ]);
    expect(change.lines[0]?.detail).toBe('amount 45,000.00 -> 60,000.00');
  });

  it('a move out of the month takes its pipeline commission with it', () => {
    const world = daveWorld()
      .putDeal(T0, 'won', { ownerId: 'dave', stageId: 'closed-won', closeDate: '2026-02-03', amount: major(50_000) })
      .putDeal(T0, 'open', { ownerId: 'dave', stageId: 'proposal-made', closeDate: '2026-02-27', amount: major(20_000) })
      .changeDeal(T1, 'open', { closeDate: '2026-03-04' })
      .changeDeal(T2, 'open', { closeDate: '2026-02-26' });
    const change = explain(world, FROM, '2026-02-11T00:00:00.000Z');
    expect(change.lines.map(amounts)).toEqual([
      { kind: 'moved-out', earned: 0, pipelineCommission: -major(800), totalPotential: -major(800) },
    ]);
    expect(change.lines[0]?.detail).toBe('close date moved out of 2026-02: 2026-02-27 -> 2026-03-04');
    // And back in: over the whole range the two lines cancel.
    const both = explain(world);
    expect(both.lines.map((line) => [line.kind, line.pipelineCommission])).toEqual([
      ['moved-out', -major(800)],
      ['moved-in', major(800)],
    ]);
    expect(both.change).toEqual({ earned: 0, pipelineCommission: 0, totalPotential: 0 });
  });

  it('a reassignment away and one towards the rep', () => {
    const world = daveWorld()
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'closed-won', closeDate: '2026-02-10', amount: major(10_000) })
      .putDeal(T0, 'b', { ownerId: 'erin', stageId: 'negotiation', closeDate: '2026-02-10', amount: major(5_000) })
      .changeDeal(T1, 'a', { ownerId: 'erin' })
      .changeDeal(T2, 'b', { ownerId: 'dave' });
    const change = explain(world);
    expect(change.lines.map(amounts)).toEqual([
      { kind: 'reassigned-out', earned: -major(200), pipelineCommission: 0, totalPotential: -major(200) },
      { kind: 'reassigned-in', earned: 0, pipelineCommission: major(100), totalPotential: major(100) },
    ]);
    expect(change.lines[0]?.detail).toBe("reassigned to rep 'erin'");
  });

  it('a kicker: levels for the month raised, with the bands before and after', () => {
    const world = daveWorld()
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'closed-won', closeDate: '2026-02-10', amount: major(80_000) })
      .setLevels(T1, { fromMonth: MONTH, toMonth: MONTH, bands: [{ from: 0, to: null, ratePercent: 10 }] });
    const change = explain(world);
    expect(change.before.earned).toBe(major(2_300));
    expect(change.lines.map(amounts)).toEqual([
      { kind: 'levels-changed', earned: major(5_700), pipelineCommission: 0, totalPotential: major(5_700) },
    ]);
    expect(change.lines[0]).toMatchObject({
      deal: null,
      subject: 'commission-levels',
      detail: 'general levels for 2026-02: 2 % to 50,000.00, 4 % to 75,000.00, 6 % above -> 10 % above',
    });
  });

  it('levels undone for an instant before a later change: asking before it sees the old levels', () => {
    const world = daveWorld()
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'closed-won', closeDate: '2026-02-10', amount: major(80_000) })
      .setLevels(T1, { fromMonth: MONTH, bands: [{ from: 0, to: null, ratePercent: 10 }] })
      .setLevels('2026-02-25T00:00:00.000Z', { fromMonth: MONTH, toMonth: MONTH, bands: [{ from: 0, to: null, ratePercent: 1 }] });
    const change = explain(world);
    expect(change.before.earned).toBe(major(2_300));
    expect(change.after.earned).toBe(major(8_000));
  });

  it('a levels change of another month is dropped; one with no deals is listed at 0', () => {
    const other = daveWorld().setLevels(T1, { fromMonth: '2026-05', bands: [{ from: 0, to: null, ratePercent: 10 }] });
    expect(explain(other).lines).toEqual([]);
    const empty = daveWorld().setLevels(T1, { fromMonth: MONTH, bands: [{ from: 0, to: null, ratePercent: 10 }] });
    expect(explain(empty).lines.map(amounts)).toEqual([{ kind: 'levels-changed', earned: 0, pipelineCommission: 0, totalPotential: 0 }]);
  });

  it('a stage configuration change: an open stage becoming a won one earns its deals', () => {
    const verbal = { id: 'verbal', name: 'Verbal', probability: 90, outcome: 'open' as const };
    const world = daveWorld()
      .setStages('2026-01-15T00:00:00.000Z', [...DEFAULT_STAGES.stages, verbal])
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'verbal', closeDate: '2026-02-10', amount: major(50_000) })
      .setStages(T1, [...DEFAULT_STAGES.stages, { ...verbal, outcome: 'won' }]);
    const change = explain(world);
    expect(change.lines.map(amounts)).toEqual([
      { kind: 'stage-configuration-changed', earned: major(1_000), pipelineCommission: -major(1_000), totalPotential: 0 },
    ]);
    expect(change.lines[0]).toMatchObject({ subject: 'stage-configuration', detail: "stage configuration changed: 'verbal' open -> won" });
  });

  it('created, lost, reopened, deleted', () => {
    const world = daveWorld()
      .putDeal(T1, 'a', { ownerId: 'dave', stageId: 'prospecting', closeDate: '2026-02-10', amount: major(10_000) })
      .changeDeal('2026-02-13T00:00:00.000Z', 'a', { stageId: 'closed-lost' })
      .changeDeal('2026-02-14T00:00:00.000Z', 'a', { stageId: 'negotiation' })
      .changeDeal('2026-02-15T00:00:00.000Z', 'a', { deleted: true });
    const change = explain(world);
    expect(change.lines.map((line) => [line.kind, line.pipelineCommission])).toEqual([
      ['created', major(200)],
      ['lost', -major(200)],
      ['reopened', major(200)],
      ['deleted', -major(200)],
    ]);
  });

  it('an open-to-open stage change moves no commission and is dropped; a target change is listed at 0', () => {
    const world = daveWorld()
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'prospecting', closeDate: '2026-02-10', amount: major(10_000) })
      .changeDeal(T1, 'a', { stageId: 'negotiation' })
      .setTarget(T2, 'dave', MONTH, major(100_000), major(120_000))
      .setTarget(T2, 'dave', '2026-03', null, major(90_000));
    const change = explain(world);
    expect(change.lines).toEqual([
      {
        kind: 'target-changed',
        deal: null,
        subject: 'target',
        at: T2,
        detail: 'target for 2026-02: 100,000.00 -> 120,000.00 (targets do not change commission)',
        earned: 0,
        pipelineCommission: 0,
        totalPotential: 0,
      },
    ]);
  });

  it('a change exactly at `from` is already made; one exactly at `to` is in the range', () => {
    const world = daveWorld()
      .putDeal(T0, 'a', { ownerId: 'dave', stageId: 'negotiation', closeDate: '2026-02-10', amount: major(10_000) })
      .changeDeal(FROM, 'a', { stageId: 'closed-won' })
      .changeDeal(TO, 'a', { amount: major(20_000) });
    expect(explain(world).lines.map((line) => line.kind)).toEqual(['amount-changed']);
  });
});

describe('product lines at a past amount: split over the current families in proportion', () => {
  const lines = (hardware: number, services: number) => ({
    amount: hardware + services,
    productLines: [
      { productFamily: 'hardware', amount: hardware },
      { productFamily: 'services', amount: services },
    ],
  });

  it('exact at the current amount, in proportion otherwise, the remainder to the largest family', () => {
    expect(familyAmountsAt(major(40_000), lines(major(30_000), major(10_000)))).toEqual({
      hardware: major(30_000),
      services: major(10_000),
    });
    expect(familyAmountsAt(major(20_000), lines(major(30_000), major(10_000)))).toEqual({
      hardware: major(15_000),
      services: major(5_000),
    });
    expect(familyAmountsAt(10_001, lines(200, 100))).toEqual({ hardware: 6_668, services: 3_333 });
  });

  it('a deal without lines is general revenue; nothing for 0', () => {
    expect(familyAmountsAt(500, { amount: 900, productLines: [] })).toEqual({ '': 500 });
    expect(familyAmountsAt(0, lines(200, 100))).toEqual({});
  });
});
