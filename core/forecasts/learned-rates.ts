/**
 * Win and on-time rates learned from closed deals' field history. THE RULE:
 *
 * - Observations are month starts. For every month start T (YYYY-MM-01T00:00:00.000Z)
 *   before `learnedAt`, every deal open at T (it exists, is not deleted, and its stage is
 *   open by the stage configuration in force at T) whose outcome is known at `learnedAt`
 *   (won or lost then, having closed at or before it) is one observation, in the cell
 *   (its stage at T, its close-month extensions at T: 0 / 1 / 2+, whole days since its
 *   last stage change at T — since creation if it never changed: 0-30 / 31-90 / 91+).
 *   Deals still open at `learnedAt` are left out: their outcome is unknown. This biases
 *   the rates towards deals that closed (quickly lost or won deals weigh more than long
 *   ones still running). A deal counts once per month start it was open at.
 * - Only what is dated at or before `learnedAt` is read, so the backtest learns the rates
 *   as they would have been then, without looking ahead.
 * - Win: an observation is won when the deal's outcome at `learnedAt` is won.
 * - On time: only observations whose close date at T falls in T's own month count (deals
 *   due that month). The slip k is the months from that close month to the month of the
 *   close date the deal closed with (early counts as 0); closedWithin[j] counts k <= j for
 *   j = 0, 1, 2 (cumulative: closed in the month, by the next, by the one after).
 * - A stage's rates are its counts over all its cells. Its win rate is won / observations
 *   when it has at least `minObservations` (source 'stage'), else the configured
 *   probability / 100 ('configured'). Its closedWithin is the counts' ratios when it has
 *   at least `minObservations` on-time observations ('stage'), else [1, 1, 1] ('assumed':
 *   no slip risk, as the engine always assumed). A deal's own cell is used where the cell
 *   itself has enough observations (deal-rates.ts).
 * - configuredProbability is the stage configuration's in force at `learnedAt`. The stages
 *   listed are that configuration's open stages in order, then any other stage seen in
 *   observations (by id). Cells are listed only where there are observations, in bucket
 *   order. medianDaysInStage is the lower median of the whole days deals closed by
 *   `learnedAt` spent in the stage before leaving it; averageSalesCycleDays the rounded
 *   mean of whole days from creation to closing of deals won by `learnedAt`.
 * - Deterministic: the same history and `learnedAt` give the same object.
 */

import type { PipelineHistory } from '../pipeline/pipeline-rebuild.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { instantOf } from '../shared/instant.js';
import { getOrCreate } from '../shared/maps.js';
import { extensionBucketOf, stageAgeBucketOf } from './deal-rates.js';
import {
  closeMonthIndexOf,
  closingAt,
  type DealClosing,
  type DealTimeline,
  type PreparedHistory,
  prepareHistory,
  versionAt,
  wholeDaysBetweenMillis,
} from './deal-timeline.js';
import {
  EXTENSION_BUCKETS,
  type ExtensionBucket,
  type LearnedRates,
  type RateCell,
  STAGE_AGE_BUCKETS,
  type StageAgeBucket,
  type StageRates,
} from './forecast-model.js';

/** Fewer observations than this and a cell (or stage) does not give its own rate. */
export const DEFAULT_MIN_OBSERVATIONS = 30;

export interface LearnOptions {
  readonly minObservations?: number;
}

interface MutableCell {
  observations: number;
  won: number;
  onTime: number;
  closedWithin: [number, number, number];
}

const emptyCell = (): MutableCell => ({ observations: 0, won: 0, onTime: 0, closedWithin: [0, 0, 0] });

function monthStartMillis(monthIndex: number): number {
  return Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1);
}

function firstMonthStartAtOrAfter(millis: number): number {
  const date = new Date(millis);
  const index = date.getUTCFullYear() * 12 + date.getUTCMonth();
  return monthStartMillis(index) === millis ? index : index + 1;
}

function lowerMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

/** Whole days in each open stage before leaving it, over the versions up to the closing. */
function stageStints(timeline: DealTimeline, until: number, add: (stageId: string, days: number) => void): void {
  const { versions } = timeline;
  let enteredAt = timeline.createdAt;
  for (let i = 1; i < versions.length; i++) {
    const version = versions[i] as (typeof versions)[number];
    if (version.at > until) break;
    const prior = (versions[i - 1] as (typeof versions)[number]).state.stageId;
    if (version.state.stageId === prior) continue;
    if (Number.isFinite(enteredAt)) add(prior, wholeDaysBetweenMillis(enteredAt, version.at));
    enteredAt = version.at;
  }
}

/** The rates from a history prepared once (the backtest learns at many instants). */
export function learnRatesFrom(prepared: PreparedHistory, learnedAt: string, options: LearnOptions = {}): LearnedRates {
  const minObservations = options.minObservations ?? DEFAULT_MIN_OBSERVATIONS;
  const learnedMillis = instantOf(learnedAt).getTime();
  const { configurations } = prepared;
  const cells = new Map<string, Map<string, MutableCell>>();
  const stints = new Map<string, number[]>();
  const cycles: number[] = [];
  let closedDeals = 0;

  const observe = (timeline: DealTimeline, closing: DealClosing): void => {
    if (!Number.isFinite(timeline.createdAt)) return;
    const finalMonth = closeMonthIndexOf(closing.closeDate);
    const won = closing.outcome === 'won';
    for (let index = firstMonthStartAtOrAfter(timeline.createdAt); ; index++) {
      const at = monthStartMillis(index);
      if (at >= learnedMillis || at >= closing.closedAt) break;
      const version = versionAt(timeline, at);
      if (!version || version.state.deleted) continue;
      const { stageId, closeDate } = version.state;
      if (configurations.outcomeAt(stageId, at) !== 'open') continue;
      const extensions = extensionBucketOf(version.extensions);
      const age = stageAgeBucketOf(wholeDaysBetweenMillis(version.lastStageChangeAt ?? timeline.createdAt, at));
      const cell = getOrCreate(
        getOrCreate(cells, stageId, () => new Map<string, MutableCell>()),
        `${extensions}|${age}`,
        emptyCell,
      );
      cell.observations++;
      if (won) cell.won++;
      if (closeMonthIndexOf(closeDate) !== index) continue;
      cell.onTime++;
      const slip = Math.max(0, finalMonth - index);
      for (let j = 0; j < 3; j++) if (slip <= j) cell.closedWithin[j as 0 | 1 | 2]++;
    }
  };

  for (const timeline of prepared.timelines) {
    const closing = closingAt(timeline, configurations, learnedMillis);
    if (!closing || closing.closedAt > learnedMillis) continue;
    closedDeals++;
    observe(timeline, closing);
    stageStints(timeline, learnedMillis, (stageId, days) => {
      getOrCreate(stints, stageId, () => [] as number[]).push(days);
    });
    if (closing.outcome === 'won' && Number.isFinite(timeline.createdAt))
      cycles.push(wholeDaysBetweenMillis(timeline.createdAt, closing.closedAt));
  }

  const configuration = configurations.at(learnedMillis);
  const probabilityOf = new Map(configuration.stages.map((stage) => [stage.id, stage.probability]));
  const listed = configuration.stages.filter((stage) => stage.outcome === 'open').map((stage) => stage.id);
  const others = [...cells.keys()].filter((stageId) => !listed.includes(stageId)).sort(byCodeUnit);

  const stages = [...listed, ...others].map((stageId): StageRates => {
    const byCell = cells.get(stageId) ?? new Map<string, MutableCell>();
    const stageCells: RateCell[] = [];
    const total = emptyCell();
    for (const extensions of EXTENSION_BUCKETS) {
      for (const sinceStageChange of STAGE_AGE_BUCKETS) {
        const cell = byCell.get(`${extensions}|${sinceStageChange}`);
        if (!cell) continue;
        stageCells.push(rateCellOf(stageId, extensions, sinceStageChange, cell));
        total.observations += cell.observations;
        total.won += cell.won;
        total.onTime += cell.onTime;
        for (let j = 0; j < 3; j++) total.closedWithin[j as 0 | 1 | 2] += cell.closedWithin[j as 0 | 1 | 2];
      }
    }
    const configuredProbability = probabilityOf.get(stageId) ?? 0;
    const learnedWin = total.observations >= minObservations && total.observations > 0;
    const learnedOnTime = total.onTime >= minObservations && total.onTime > 0;
    return {
      stageId,
      configuredProbability,
      win: { observations: total.observations, won: total.won },
      onTime: { observations: total.onTime, closedWithin: [...total.closedWithin] },
      winRate: learnedWin ? total.won / total.observations : configuredProbability / 100,
      winRateSource: learnedWin ? 'stage' : 'configured',
      closedWithin: learnedOnTime ? ratios(total) : [1, 1, 1],
      closedWithinSource: learnedOnTime ? 'stage' : 'assumed',
      medianDaysInStage: lowerMedian(stints.get(stageId) ?? []),
      cells: stageCells,
    };
  });

  return {
    learnedAt,
    minObservations,
    stages,
    averageSalesCycleDays: cycles.length === 0 ? null : Math.round(cycles.reduce((sum, days) => sum + days, 0) / cycles.length),
    closedDeals,
  };
}

function ratios(cell: MutableCell): [number, number, number] {
  return [cell.closedWithin[0] / cell.onTime, cell.closedWithin[1] / cell.onTime, cell.closedWithin[2] / cell.onTime];
}

function rateCellOf(stageId: string, extensions: ExtensionBucket, sinceStageChange: StageAgeBucket, cell: MutableCell): RateCell {
  return {
    stageId,
    extensions,
    sinceStageChange,
    win: { observations: cell.observations, won: cell.won },
    onTime: { observations: cell.onTime, closedWithin: [...cell.closedWithin] },
  };
}

/** The rates learned from every deal's history up to `learnedAt` (see the rule above). */
export function learnRates(history: PipelineHistory, learnedAt: string, options: LearnOptions = {}): LearnedRates {
  return learnRatesFrom(prepareHistory(history), learnedAt, options);
}
