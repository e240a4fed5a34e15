/**
 * The backtest: for each past month M, the forecast as it would have been made at M's first
 * instant (time travel), against what happened. The rates are learned from what was known
 * then (learnRates at the month start, no look-ahead); the open deals are those at the
 * month start due in M, in the scope by their owner's team then; "won at start" is what
 * was already won then with a close date in M. What happened is what is won at `now` with
 * a close date in M, in the scope by the owner and team at `now`.
 *
 * Scored: the probability of reaching the target by the Brier score and a calibration
 * table (months with a target), and each expected-revenue figure and the P50 by their
 * error against the actual (every month). States are rebuilt once per instant and shared
 * by every scope.
 */
import { COMPANY_SCOPE, type Scope } from '../organisation/scope.js';
import { type DealState, isInScope, type PipelineHistory, teamOfRepAt } from '../pipeline/pipeline-rebuild.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { getOrCreate } from '../shared/maps.js';
import { type PreparedHistory, preparedDealsAt, prepareHistory } from './deal-timeline.js';
import type {
  BacktestMonth,
  BacktestSummary,
  CalibrationBin,
  FigureError,
  ForecastDeal,
  LearnedRates,
  ScopeBacktest,
} from './forecast-model.js';
import { learnRatesFrom } from './learned-rates.js';
import { forecastOf } from './scope-forecast.js';

export interface BacktestOptions {
  /** The instant "what happened" is read at. */
  readonly now: string;
  /** YYYY-MM, in order. */
  readonly months: readonly string[];
  /** Minor units; null when the scope has no target that month. */
  readonly targetOf: (scope: Scope, month: string) => number | null;
  readonly draws: number;
  readonly seed: number;
}

const CALIBRATION_BINS = 10;

/** One month's deals, as known at its start and at `now`. */
interface MonthData {
  readonly month: string;
  readonly asAt: string;
  readonly rates: LearnedRates;
  readonly open: readonly { readonly deal: ForecastDeal; readonly state: DealState }[];
  readonly wonAtStart: readonly DealState[];
  readonly wonByNow: readonly DealState[];
}

const monthOf = (state: Pick<DealState, 'closeDate'>): string => state.closeDate.slice(0, 7);

function monthData(prepared: PreparedHistory, months: readonly string[], now: string): MonthData[] {
  const wanted = new Set(months);
  const wonByNowByMonth = new Map<string, DealState[]>();
  for (const state of preparedDealsAt(prepared, now).won) {
    const month = monthOf(state);
    if (wanted.has(month)) getOrCreate(wonByNowByMonth, month, () => []).push(state);
  }
  return months.map((month) => {
    const asAt = `${month}-01T00:00:00.000Z`;
    const { open, won } = preparedDealsAt(prepared, asAt);
    return {
      month,
      asAt,
      rates: learnRatesFrom(prepared, asAt),
      open: open.filter(({ state }) => monthOf(state) === month),
      wonAtStart: won.filter((state) => monthOf(state) === month),
      wonByNow: wonByNowByMonth.get(month) ?? [],
    };
  });
}

const sumOf = (states: readonly Pick<DealState, 'amount'>[]): number => states.reduce((sum, state) => sum + state.amount, 0);

function backtestMonth(data: MonthData, scope: Scope, inScope: (state: DealState) => boolean, options: BacktestOptions): BacktestMonth {
  const target = options.targetOf(scope, data.month);
  const wonAtStart = sumOf(data.wonAtStart.filter(inScope));
  const forecast = forecastOf({
    scope,
    period: { kind: 'month', label: data.month, months: [data.month] },
    asAt: data.asAt,
    openDeals: data.open.filter(({ state }) => inScope(state)).map(({ deal }) => deal),
    wonSoFar: wonAtStart,
    target,
    rates: data.rates,
    draws: options.draws,
    seed: options.seed,
    atRiskLimit: 0,
  });
  const actualWon = sumOf(data.wonByNow.filter(inScope));
  const { p10, p50, p90, probabilityOfReachingTarget } = forecast.simulation;
  return {
    month: data.month,
    asAt: data.asAt,
    target,
    wonAtStart,
    projectedWon: forecast.projectedWon,
    p10,
    p50,
    p90,
    probabilityOfReachingTarget: target === null ? null : probabilityOfReachingTarget,
    actualWon,
    reachedTarget: target === null ? null : actualWon >= target,
  };
}

function figureError(months: readonly BacktestMonth[], projected: (month: BacktestMonth) => number): FigureError {
  if (months.length === 0) return { meanAbsoluteError: 0, bias: 0, weightedAbsolutePercentageError: null };
  let absolute = 0;
  let signed = 0;
  let actual = 0;
  for (const month of months) {
    const error = projected(month) - month.actualWon;
    absolute += Math.abs(error);
    signed += error;
    actual += month.actualWon;
  }
  return {
    // Money stays whole minor units: the means are rounded half up (bias towards +∞ at .5).
    meanAbsoluteError: Math.round(absolute / months.length),
    bias: Math.round(signed / months.length),
    weightedAbsolutePercentageError: actual === 0 ? null : absolute / actual,
  };
}

/** The scores of a set of backtested months (a scope's own, or every rep-month of a team). */
export function summaryOf(months: readonly BacktestMonth[]): BacktestSummary {
  const scored = months.flatMap(({ probabilityOfReachingTarget: p, reachedTarget }) =>
    p === null || reachedTarget === null ? [] : [{ p, outcome: reachedTarget ? 1 : 0 }],
  );
  const bins = Array.from({ length: CALIBRATION_BINS }, () => ({ forecasts: 0, probability: 0, reached: 0 }));
  for (const { p, outcome } of scored) {
    const bin = bins[Math.min(CALIBRATION_BINS - 1, Math.max(0, Math.floor(p * CALIBRATION_BINS)))] as (typeof bins)[number];
    bin.forecasts++;
    bin.probability += p;
    bin.reached += outcome;
  }
  const calibration = bins.map(
    (bin, index): CalibrationBin => ({
      from: index / CALIBRATION_BINS,
      to: (index + 1) / CALIBRATION_BINS,
      forecasts: bin.forecasts,
      meanProbability: bin.forecasts === 0 ? null : bin.probability / bin.forecasts,
      observedRate: bin.forecasts === 0 ? null : bin.reached / bin.forecasts,
    }),
  );
  return {
    scoredMonths: scored.length,
    brierScore: scored.length === 0 ? null : scored.reduce((sum, { p, outcome }) => sum + (p - outcome) ** 2, 0) / scored.length,
    calibration,
    errors: {
      stageProbability: figureError(months, (month) => month.projectedWon.stageProbability),
      calibrated: figureError(months, (month) => month.projectedWon.calibrated),
      slipAdjusted: figureError(months, (month) => month.projectedWon.slipAdjusted),
      p50: figureError(months, (month) => month.p50),
    },
  };
}

/** Every rep who owned a deal the backtest looks at (open or won at a month's start, won at now). */
function repsOf(data: readonly MonthData[]): string[] {
  const reps = new Set<string>();
  for (const month of data) {
    for (const { state } of month.open) reps.add(state.ownerId);
    for (const state of [...month.wonAtStart, ...month.wonByNow]) reps.add(state.ownerId);
  }
  return [...reps].sort(byCodeUnit);
}

/**
 * The backtest of the company, every team (its subtree) and every rep who owned a deal in
 * the months; a team and the company also scored over every rep-month of their reps (by
 * each rep's team at `now`).
 */
export function backtestScopes(history: PipelineHistory, options: BacktestOptions): ScopeBacktest[] {
  const prepared = prepareHistory(history);
  const data = monthData(prepared, options.months, options.now);
  const reps = repsOf(data);
  const teamAtNow = teamOfRepAt(history.repVersions, options.now);

  const repMonths = new Map<string, BacktestMonth[]>();
  const repBacktests = reps.map((repId): ScopeBacktest => {
    const scope: Scope = { kind: 'rep', repId };
    const months = data.map((month) => backtestMonth(month, scope, (state) => state.ownerId === repId, options));
    repMonths.set(repId, months);
    return { scope, computedAt: options.now, months, summary: summaryOf(months) };
  });

  /** A rep placed as at now, for the team predicates (which read the owner and team only). */
  const repAtNow = (repId: string): DealState => ({
    opportunityId: '',
    ownerId: repId,
    stageId: '',
    closeDate: '',
    amount: 0,
    probability: null,
    outcome: 'open',
    teamId: teamAtNow(repId),
  });

  const grouped = (scope: Scope, inScope: (state: DealState) => boolean): ScopeBacktest => {
    const months = data.map((month) => backtestMonth(month, scope, inScope, options));
    const ofReps = reps.filter((repId) => inScope(repAtNow(repId))).flatMap((repId) => repMonths.get(repId) ?? []);
    return { scope, computedAt: options.now, months, summary: summaryOf(months), repMonths: summaryOf(ofReps) };
  };

  const company = grouped(COMPANY_SCOPE, () => true);
  const teams = [...history.teams]
    .sort((a, b) => byCodeUnit(a.id, b.id))
    .map((team) => {
      const scope: Scope = { kind: 'team', teamId: team.id };
      return grouped(scope, isInScope(history.teams, scope));
    });
  return [company, ...teams, ...repBacktests];
}
