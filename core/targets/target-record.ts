import { type RepMonthTotals, type StageTotals, stageTotalsOf } from '../linkage/rep-month-totals.js';
import type { StageConfiguration, StageOutcome } from '../organisation/stage.js';
import { applyRate, percentToPpm, roundDiv, weightedToMinor } from '../shared/money.js';

/** Amber starts at this share of the target; green at the target itself. */
export const AMBER_FROM_PERCENT = 80;

export type GaugeStatus = 'red' | 'amber' | 'green';

/** Breakpoints derived from the period's target, so nobody recalibrates a gauge by hand. */
export interface Gauge {
  /** Status of closed won against the target; null without a target. */
  readonly status: GaugeStatus | null;
  readonly amberFrom: number | null;
  readonly greenFrom: number | null;
}

export interface StagePipeline {
  readonly stageId: string;
  readonly name: string;
  readonly outcome: StageOutcome;
  /** The stage's default probability (deals may override theirs). */
  readonly probability: number;
  readonly amount: number;
  readonly count: number;
  /** False for a stage found in the totals but no longer in the configuration. */
  readonly configured: boolean;
}

export interface TargetRecord {
  readonly target: number | null;
  readonly closedWon: number;
  /** Amount of the open deals. */
  readonly pipeline: number;
  /** Amount x probability of the open deals, rounded once. */
  readonly expectedRevenue: number;
  /** target - closed won - expected revenue when positive, else 0; null without a target. */
  readonly shortfall: number | null;
  /** The excess of closed won + expected revenue over the target, else 0; null without a target. */
  readonly over: number | null;
  /** closed won / target as a ratio (1 = 100 %) rounded to 4 decimals; null without a (non-zero) target. */
  readonly attainment: number | null;
  /** (closed won + expected revenue) / target as a ratio; null without a (non-zero) target. */
  readonly coverage: number | null;
  /** Closed won + expected revenue reach the target; null without a target. */
  readonly enoughPipeline: boolean | null;
  readonly gauge: Gauge;
  /** Configured stages in funnel order, then stages missing from the configuration by id. */
  readonly pipelineByStage: readonly StagePipeline[];
}

const EMPTY_STAGE: StageTotals = { amount: 0, count: 0, amountByFamily: {}, overriddenAmount: 0, overriddenWeighted: 0 };

/** Stage rows in reporting order: a stage the configuration lost is open at 0 %, named by its id. */
export function stageRowsOf(
  totals: RepMonthTotals,
  stages: StageConfiguration,
): Array<{ stage: Omit<StagePipeline, 'amount' | 'count'>; totals: StageTotals }> {
  const byStage = stageTotalsOf(totals);
  const configured = stages.stages.map((stage) => ({
    stage: { stageId: stage.id, name: stage.name, outcome: stage.outcome, probability: stage.probability, configured: true },
    totals: byStage.get(stage.id) ?? EMPTY_STAGE,
  }));
  const known = new Set(stages.stages.map((stage) => stage.id));
  const unknown = [...byStage.keys()]
    .filter((stageId) => !known.has(stageId))
    .sort()
    .map((stageId) => ({
      stage: { stageId, name: stageId, outcome: 'open' as const, probability: 0, configured: false },
      totals: byStage.get(stageId) ?? EMPTY_STAGE,
    }));
  return [...configured, ...unknown];
}

/** Closed won + expected revenue against the target. */
export function isEnoughPipeline(closedWon: number, expectedRevenue: number, target: number | null): boolean | null {
  return target === null ? null : closedWon + expectedRevenue >= target;
}

function ratio(numerator: number, target: number | null): number | null {
  if (target === null || target === 0) return null;
  return Number(roundDiv(BigInt(numerator) * 10_000n, BigInt(target))) / 10_000;
}

export function gaugeOf(closedWon: number, target: number | null): Gauge {
  if (target === null) return { status: null, amberFrom: null, greenFrom: null };
  const amberFrom = applyRate(target, percentToPpm(AMBER_FROM_PERCENT));
  const status = closedWon >= target ? 'green' : closedWon >= amberFrom ? 'amber' : 'red';
  return { status, amberFrom, greenFrom: target };
}

/**
 * The target record of a rep's month (or of summed months and reps for a roll-up), from
 * the linear totals and the stage configuration and target in force now.
 */
export function targetRecordOf(totals: RepMonthTotals, stages: StageConfiguration, target: number | null): TargetRecord {
  let closedWon = 0;
  let pipeline = 0;
  // Minor units x percent, converted once at the end so per-stage rounding cannot add up.
  let weighted = 0;
  const pipelineByStage = stageRowsOf(totals, stages).map(({ stage, totals: stageTotals }) => {
    if (stage.outcome === 'won') closedWon += stageTotals.amount;
    if (stage.outcome === 'open') {
      pipeline += stageTotals.amount;
      weighted += (stageTotals.amount - stageTotals.overriddenAmount) * stage.probability + stageTotals.overriddenWeighted;
    }
    return { ...stage, amount: stageTotals.amount, count: stageTotals.count };
  });
  const expectedRevenue = weightedToMinor(weighted);
  const gap = target === null ? null : target - closedWon - expectedRevenue;
  return {
    target,
    closedWon,
    pipeline,
    expectedRevenue,
    shortfall: gap === null ? null : Math.max(0, gap),
    over: gap === null ? null : Math.max(0, -gap),
    attainment: ratio(closedWon, target),
    coverage: ratio(closedWon + expectedRevenue, target),
    enoughPipeline: isEnoughPipeline(closedWon, expectedRevenue, target),
    gauge: gaugeOf(closedWon, target),
    pipelineByStage,
  };
}
