/**
 * The open pipeline at one instant, in the shape both the scheduled as-at snapshots and
 * time travel return, and the change between two of them.
 */

import type { StageConfiguration } from '../organisation/stage.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { getOrCreate } from '../shared/maps.js';
import { roundDiv } from '../shared/money.js';
import { monthOfDate } from '../shared/period.js';
import type { AsAtDeal } from './as-at.js';

/** The team key of deals whose owner is in no known team. */
export const NO_TEAM = '';

export interface PipelineFigures {
  /** Sum of the deal amounts, minor units. */
  readonly amount: number;
  /** Sum of amount x probability (override, else stage default), rounded once per figure. */
  readonly expectedRevenue: number;
  readonly count: number;
}

export interface StageSnapshot extends PipelineFigures {
  readonly stageId: string;
  readonly name: string;
  /** The stage default probability; 0 for a stage the configuration does not know. */
  readonly probability: number;
  /** False for a stage found on deals but missing from the configuration. */
  readonly configured: boolean;
}

export interface PipelineSnapshot {
  readonly asAt: string;
  readonly total: PipelineFigures;
  /** Every open stage of the configuration in funnel order (empty ones too), then unknown stages by id. */
  readonly byStage: readonly StageSnapshot[];
  /** Owners with open deals, by id. */
  readonly byOwner: ReadonlyArray<PipelineFigures & { readonly ownerId: string }>;
  /** Teams with open deals, by id; owners in no known team under NO_TEAM (''), which sorts first. */
  readonly byTeam: ReadonlyArray<PipelineFigures & { readonly teamId: string }>;
  /** Close months (YYYY-MM) with open deals, in calendar order. */
  readonly byCloseMonth: ReadonlyArray<PipelineFigures & { readonly month: string }>;
}

export interface PipelineSnapshotInput {
  readonly asAt: string;
  readonly deals: readonly AsAtDeal[];
  readonly stages: StageConfiguration;
  readonly teamOfRep: (repId: string) => string | undefined;
}

/**
 * Amount x percent summed exactly. A BigInt, since 100 billion (in minor units) x 100 %
 * over many deals passes 2^53; converted once per figure with `weightedToMinor`'s rule.
 */
interface Accumulator {
  amount: number;
  weighted: bigint;
  count: number;
}

const emptyAccumulator = (): Accumulator => ({ amount: 0, weighted: 0n, count: 0 });

function add(accumulator: Accumulator, amount: number, probability: number): void {
  accumulator.amount += amount;
  accumulator.weighted += BigInt(amount) * BigInt(probability);
  accumulator.count += 1;
}

function figuresOf(accumulator: Accumulator): PipelineFigures {
  return { amount: accumulator.amount, expectedRevenue: Number(roundDiv(accumulator.weighted, 100n)), count: accumulator.count };
}

function accumulatorFor(groups: Map<string, Accumulator>, key: string): Accumulator {
  return getOrCreate(groups, key, emptyAccumulator);
}

function sortedGroups<K extends string>(groups: Map<string, Accumulator>, name: K): Array<PipelineFigures & Record<K, string>> {
  return [...groups.keys()]
    .sort(byCodeUnit)
    .map((key) => ({ [name]: key, ...figuresOf(groups.get(key) ?? emptyAccumulator()) }) as PipelineFigures & Record<K, string>);
}

/**
 * The open pipeline among `deals`: those whose stage is open in `stages`. A stage the
 * configuration does not know counts as open at 0 %, as in the target record, so a deal
 * is never lost from the pipeline by a configuration change. Expected revenue is rounded
 * once per figure, so the rows of a breakdown may add up to a cent or so more or less
 * than the total. Lists are in a fixed order: two snapshots of the same deals, in any
 * order, are deep-equal.
 */
export function pipelineSnapshotOf({ asAt, deals, stages, teamOfRep }: PipelineSnapshotInput): PipelineSnapshot {
  const stageById = new Map(stages.stages.map((stage) => [stage.id, stage]));
  const total = emptyAccumulator();
  const byStage = new Map<string, Accumulator>();
  const byOwner = new Map<string, Accumulator>();
  const byTeam = new Map<string, Accumulator>();
  const byCloseMonth = new Map<string, Accumulator>();
  for (const deal of deals) {
    const stage = stageById.get(deal.stageId);
    if (stage && stage.outcome !== 'open') continue;
    const probability = deal.probability ?? stage?.probability ?? 0;
    add(total, deal.amount, probability);
    add(accumulatorFor(byStage, deal.stageId), deal.amount, probability);
    add(accumulatorFor(byOwner, deal.ownerId), deal.amount, probability);
    add(accumulatorFor(byTeam, teamOfRep(deal.ownerId) ?? NO_TEAM), deal.amount, probability);
    add(accumulatorFor(byCloseMonth, monthOfDate(deal.closeDate)), deal.amount, probability);
  }
  const configured = stages.stages
    .filter((stage) => stage.outcome === 'open')
    .map((stage) => ({
      stageId: stage.id,
      name: stage.name,
      probability: stage.probability,
      configured: true,
      ...figuresOf(byStage.get(stage.id) ?? emptyAccumulator()),
    }));
  const unknown = [...byStage.keys()]
    .filter((stageId) => !stageById.has(stageId))
    .sort(byCodeUnit)
    .map((stageId) => ({
      stageId,
      name: stageId,
      probability: 0,
      configured: false,
      ...figuresOf(byStage.get(stageId) ?? emptyAccumulator()),
    }));
  return {
    asAt,
    total: figuresOf(total),
    byStage: [...configured, ...unknown],
    byOwner: sortedGroups(byOwner, 'ownerId'),
    byTeam: sortedGroups(byTeam, 'teamId'),
    byCloseMonth: sortedGroups(byCloseMonth, 'month'),
  };
}

export type PipelineDirection = 'grown' | 'shrunk' | 'unchanged';

export interface PipelineDelta {
  readonly amountFrom: number;
  readonly amountTo: number;
  readonly amountDelta: number;
  readonly countFrom: number;
  readonly countTo: number;
  readonly countDelta: number;
  /** By amount: a stage whose deals were swapped for others of the same total is unchanged. */
  readonly direction: PipelineDirection;
}

export interface StageDelta extends PipelineDelta {
  readonly stageId: string;
  readonly name: string;
}

export interface PipelineChange {
  readonly from: string;
  readonly to: string;
  readonly total: PipelineDelta;
  /** The stages of `to` in its order, then stages only in `from`, in its order. */
  readonly byStage: readonly StageDelta[];
}

const NO_FIGURES: PipelineFigures = { amount: 0, expectedRevenue: 0, count: 0 };

function deltaOf(from: PipelineFigures, to: PipelineFigures): PipelineDelta {
  const amountDelta = to.amount - from.amount;
  return {
    amountFrom: from.amount,
    amountTo: to.amount,
    amountDelta,
    countFrom: from.count,
    countTo: to.count,
    countDelta: to.count - from.count,
    direction: amountDelta > 0 ? 'grown' : amountDelta < 0 ? 'shrunk' : 'unchanged',
  };
}

/** Growth or shrinkage of the open pipeline between two snapshots, per stage and in total. */
export function snapshotChange(from: PipelineSnapshot, to: PipelineSnapshot): PipelineChange {
  const fromByStage = new Map(from.byStage.map((stage) => [stage.stageId, stage]));
  const toIds = new Set(to.byStage.map((stage) => stage.stageId));
  const stages = [...to.byStage, ...from.byStage.filter((stage) => !toIds.has(stage.stageId))];
  return {
    from: from.asAt,
    to: to.asAt,
    total: deltaOf(from.total, to.total),
    byStage: stages.map((stage) => ({
      stageId: stage.stageId,
      name: stage.name,
      ...deltaOf(fromByStage.get(stage.stageId) ?? NO_FIGURES, to.byStage.find((row) => row.stageId === stage.stageId) ?? NO_FIGURES),
    })),
  };
}

/** Equal figures, whatever the order the stored copy's attributes came back in. */
export function sameSnapshot(a: PipelineSnapshot, b: PipelineSnapshot): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => byCodeUnit(a, b)))
      : nested,
  );
}
