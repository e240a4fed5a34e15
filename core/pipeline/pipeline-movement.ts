/**
 * The pipeline movement (waterfall) between two instants: how the open pipeline at `from`
 * became the open pipeline at `to`, per stage and in total — deals grown or shrunk, moved
 * between stages, new, reopened, won, lost, removed, slipped out of or pulled into the
 * close window, reassigned out of or into the scope. Every deal in the pipeline at either
 * instant falls in exactly one movement, so each row balances exactly:
 *
 *   closing = opening + new + reopened + pulledIn + slippedIn + reassignedIn + movedIn + grown
 *                     − shrunk − movedOut − won − lost − removed − slippedOut − pulledOut − reassignedOut
 *
 * for amounts, and for counts with grown and shrunk left out (they change no count).
 */

import type { StageConfiguration } from '../organisation/stage.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { type FieldIssue, ValidationError } from '../shared/errors.js';
import { instantOf } from '../shared/instant.js';
import { getOrCreate } from '../shared/maps.js';
import { isMonth, monthOfDate } from '../shared/period.js';
import type { DealState } from './pipeline-rebuild.js';
import type { PipelineDirection } from './pipeline-snapshot.js';

/** Close months (YYYY-MM, both inclusive) a deal must close in to count; either end may be open. */
export interface CloseWindow {
  readonly fromMonth?: string;
  readonly toMonth?: string;
}

export interface MovementInput {
  /** UTC instants, `from` strictly before `to`. */
  readonly from: string;
  readonly to: string;
  /** The deals that existed (not deleted) at each instant, by opportunity id (dealStatesAt). */
  readonly statesFrom: ReadonlyMap<string, DealState>;
  readonly statesTo: ReadonlyMap<string, DealState>;
  /** Whether the deal's owner or team at that instant is within the scope; the company takes every deal. */
  readonly inScope: (deal: DealState) => boolean;
  readonly closeWindow?: CloseWindow;
  /** The stage configurations in force at each instant: the names and order of the rows. */
  readonly stagesFrom: StageConfiguration;
  readonly stagesTo: StageConfiguration;
}

/** Terms that add to the pipeline, in report order. */
export const MOVEMENTS_IN = ['new', 'reopened', 'pulledIn', 'slippedIn', 'reassignedIn', 'movedIn', 'grown'] as const;
/** Terms that take from the pipeline, in report order. */
export const MOVEMENTS_OUT = ['shrunk', 'movedOut', 'won', 'lost', 'removed', 'slippedOut', 'pulledOut', 'reassignedOut'] as const;
export type MovementTerm = (typeof MOVEMENTS_IN)[number] | (typeof MOVEMENTS_OUT)[number];

export interface MovementFigures {
  /** Minor units; always zero or positive: the sign is the term's side of the balance. */
  readonly amount: number;
  /** Deals. */
  readonly count: number;
}

export type MovementRow = { readonly [term in MovementTerm]: MovementFigures } & {
  readonly opening: MovementFigures;
  readonly closing: MovementFigures;
  /** Informational, outside the balance: deals in the pipeline at both instants whose close month moved later (amount at `to`). */
  readonly slipped: MovementFigures;
  /** Informational: deals in the pipeline at both instants whose close month moved earlier (amount at `to`). */
  readonly pulledForward: MovementFigures;
  /** By amount, closing against opening, as in snapshotChange. */
  readonly direction: PipelineDirection;
};

export interface StageMovement extends MovementRow {
  readonly stageId: string;
  /** The name in the configuration at `to`, else at `from`, else the id. */
  readonly name: string;
  /** False for a stage found on deals but in neither configuration. */
  readonly configured: boolean;
}

export interface PipelineMovement {
  readonly from: string;
  readonly to: string;
  readonly closeWindow: CloseWindow | null;
  /**
   * All stages together. A stage move is no movement of the pipeline as a whole: the total
   * has no movedIn / movedOut, only the moved deal's amount change as grown or shrunk. Every
   * other term, opening and closing are the sums of the stage rows.
   */
  readonly total: MovementRow;
  /**
   * The open stages at `to` in its order, then the open stages only at `from` in its order
   * (every one, zeros too), then any other stage with deals (unknown ones) by id.
   */
  readonly byStage: readonly StageMovement[];
}

/** How a deal in the pipeline at both instants changed: same stage (by amount) or another stage (movedOut of stageFrom, movedIn to stageTo). */
export const STAYING_MOVEMENTS = ['grown', 'shrunk', 'unchanged', 'moved'] as const;
/** Why a deal in the pipeline at `from` is not at `to`, in order of precedence when several apply. */
export const LEAVING_MOVEMENTS = ['removed', 'won', 'lost', 'reassignedOut', 'slippedOut', 'pulledOut'] as const;
/** Why a deal in the pipeline at `to` was not at `from`, in order of precedence when several apply. */
export const JOINING_MOVEMENTS = ['new', 'reopened', 'reassignedIn', 'pulledIn', 'slippedIn'] as const;
export type LeavingMovement = (typeof LEAVING_MOVEMENTS)[number];
export type JoiningMovement = (typeof JOINING_MOVEMENTS)[number];
export type DealMovementKind = (typeof STAYING_MOVEMENTS)[number] | LeavingMovement | JoiningMovement;

/** One deal's part in the movement: what the figures are made of, and what the API lists behind a term. */
export interface DealMovement {
  readonly opportunityId: string;
  readonly movement: DealMovementKind;
  /** The deal at each instant whether or not in the pipeline then (a won deal shows its won stage); null when it did not exist. */
  readonly stageFrom: string | null;
  readonly stageTo: string | null;
  readonly amountFrom: number | null;
  readonly amountTo: number | null;
  readonly closeMonthFrom: string | null;
  readonly closeMonthTo: string | null;
  /** For a deal in the pipeline at both instants whose close month changed; null otherwise. */
  readonly closeMonthShift: 'slipped' | 'pulledForward' | null;
}

type WindowPosition = 'before' | 'inside' | 'after';

/** A deal at one instant as the movement sees it. */
interface Standing {
  readonly state: DealState;
  readonly closeMonth: string;
  readonly inScope: boolean;
  readonly window: WindowPosition;
  readonly inPipeline: boolean;
}

function assertValid(input: MovementInput): void {
  const issues: FieldIssue[] = [];
  const millisOf = (field: 'from' | 'to'): number | undefined => {
    try {
      return instantOf(input[field]).getTime();
    } catch {
      issues.push({ field, message: 'must be a UTC instant such as 2026-02-01T00:00:00.000Z' });
      return undefined;
    }
  };
  const from = millisOf('from');
  const to = millisOf('to');
  if (from !== undefined && to !== undefined && from >= to) issues.push({ field: 'to', message: 'must be after from' });
  const { fromMonth, toMonth } = input.closeWindow ?? {};
  if (fromMonth !== undefined && !isMonth(fromMonth)) issues.push({ field: 'closeWindow.fromMonth', message: 'must be a month YYYY-MM' });
  if (toMonth !== undefined && !isMonth(toMonth)) issues.push({ field: 'closeWindow.toMonth', message: 'must be a month YYYY-MM' });
  if (fromMonth !== undefined && toMonth !== undefined && isMonth(fromMonth) && isMonth(toMonth) && fromMonth > toMonth) {
    issues.push({ field: 'closeWindow.toMonth', message: 'must not be before closeWindow.fromMonth' });
  }
  if (issues.length > 0)
    throw new ValidationError(`Invalid pipeline movement: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`, issues);
}

function standingOf(state: DealState | undefined, input: MovementInput): Standing | undefined {
  if (!state) return undefined;
  const closeMonth = monthOfDate(state.closeDate);
  const { fromMonth, toMonth } = input.closeWindow ?? {};
  // YYYY-MM strings compare in calendar order.
  const window: WindowPosition =
    fromMonth !== undefined && closeMonth < fromMonth ? 'before' : toMonth !== undefined && closeMonth > toMonth ? 'after' : 'inside';
  const inScope = input.inScope(state);
  return { state, closeMonth, inScope, window, inPipeline: state.outcome === 'open' && inScope && window === 'inside' };
}

/**
 * Why a deal left the pipeline, by precedence: gone, then a closed outcome (a deal won by
 * a rep now in another team was won, not reassigned), then reassignment (out of scope,
 * wherever it closes), then the close month. `to` is known not to be in the pipeline.
 */
function reasonOut(to: Standing | undefined): LeavingMovement {
  if (!to) return 'removed';
  if (to.state.outcome === 'won') return 'won';
  if (to.state.outcome === 'lost') return 'lost';
  if (!to.inScope) return 'reassignedOut';
  return to.window === 'after' ? 'slippedOut' : 'pulledOut';
}

/** Why a deal joined the pipeline, with the mirror precedence of reasonOut. */
function reasonIn(from: Standing | undefined): JoiningMovement {
  if (!from) return 'new';
  if (from.state.outcome !== 'open') return 'reopened';
  if (!from.inScope) return 'reassignedIn';
  return from.window === 'after' ? 'pulledIn' : 'slippedIn';
}

function changeOf(from: Standing, to: Standing): (typeof STAYING_MOVEMENTS)[number] {
  if (from.state.stageId !== to.state.stageId) return 'moved';
  const delta = to.state.amount - from.state.amount;
  return delta > 0 ? 'grown' : delta < 0 ? 'shrunk' : 'unchanged';
}

function isLeaving(movement: DealMovementKind): movement is LeavingMovement {
  return (LEAVING_MOVEMENTS as readonly string[]).includes(movement);
}

function isJoining(movement: DealMovementKind): movement is JoiningMovement {
  return (JOINING_MOVEMENTS as readonly string[]).includes(movement);
}

/** Where a deal sits in the pipeline at one instant (only when it is in it). */
interface PipelineSide {
  readonly stageId: string;
  readonly amount: number;
}

interface ClassifiedDeal {
  readonly deal: DealMovement;
  readonly opening: PipelineSide | undefined;
  readonly closing: PipelineSide | undefined;
}

function sideOf(standing: Standing | undefined): PipelineSide | undefined {
  return standing?.inPipeline ? { stageId: standing.state.stageId, amount: standing.state.amount } : undefined;
}

function closeMonthShiftOf(from: Standing | undefined, to: Standing | undefined): DealMovement['closeMonthShift'] {
  if (!from?.inPipeline || !to?.inPipeline || from.closeMonth === to.closeMonth) return null;
  return to.closeMonth > from.closeMonth ? 'slipped' : 'pulledForward';
}

function classified(input: MovementInput): ClassifiedDeal[] {
  assertValid(input);
  const ids = [...new Set([...input.statesFrom.keys(), ...input.statesTo.keys()])].sort(byCodeUnit);
  const deals: ClassifiedDeal[] = [];
  for (const opportunityId of ids) {
    const from = standingOf(input.statesFrom.get(opportunityId), input);
    const to = standingOf(input.statesTo.get(opportunityId), input);
    const opening = sideOf(from);
    const closing = sideOf(to);
    if (!opening && !closing) continue;
    const movement = from && to && opening && closing ? changeOf(from, to) : opening ? reasonOut(to) : reasonIn(from);
    deals.push({
      deal: {
        opportunityId,
        movement,
        stageFrom: from?.state.stageId ?? null,
        stageTo: to?.state.stageId ?? null,
        amountFrom: from?.state.amount ?? null,
        amountTo: to?.state.amount ?? null,
        closeMonthFrom: from?.closeMonth ?? null,
        closeMonthTo: to?.closeMonth ?? null,
        closeMonthShift: closeMonthShiftOf(from, to),
      },
      opening,
      closing,
    });
  }
  return deals;
}

/**
 * Every deal in the pipeline at `from`, at `to` or at both, with its movement, by
 * opportunity id: the records pipelineMovementOf adds up. Deals in the pipeline at
 * neither instant are left out.
 *
 * 1. Validate the instants and the close window (ValidationError).
 * 2. Place each deal at each instant: in scope, before / inside / after the window, in the pipeline.
 * 3. Classify: at both → grown, shrunk, unchanged or moved; at one only → the reason, by precedence.
 */
export function dealMovementsOf(input: MovementInput): DealMovement[] {
  return classified(input).map(({ deal }) => deal);
}

type RowTerm = MovementTerm | 'opening' | 'closing' | 'slipped' | 'pulledForward';
const ROW_TERMS: readonly RowTerm[] = ['opening', ...MOVEMENTS_IN, ...MOVEMENTS_OUT, 'closing', 'slipped', 'pulledForward'];

type Accumulator = Record<RowTerm, { amount: number; count: number }>;

function emptyAccumulator(): Accumulator {
  return Object.fromEntries(ROW_TERMS.map((term) => [term, { amount: 0, count: 0 }])) as Accumulator;
}

function rowOf(accumulator: Accumulator): MovementRow {
  const delta = accumulator.closing.amount - accumulator.opening.amount;
  return { ...accumulator, direction: delta > 0 ? 'grown' : delta < 0 ? 'shrunk' : 'unchanged' };
}

/**
 * The movement of the pipeline between `from` and `to`, built from dealMovementsOf.
 *
 * 1. Classify every deal as dealMovementsOf does (ValidationError on a bad input).
 * 2. Add each deal to the rows of its stages: opening at its stage at `from`, closing at
 *    its stage at `to`, and its movement (outs at the `from` stage and amount, ins at the
 *    `to` stage and amount; grown / shrunk by the amount change).
 * 3. Add it to the total the same way, except that a stage move counts there as grown or shrunk.
 * 4. Order the stages: open at `to`, open only at `from`, then the rest by id.
 */
export function pipelineMovementOf(input: MovementInput): PipelineMovement {
  const total = emptyAccumulator();
  const byStage = new Map<string, Accumulator>();
  const stageRow = (stageId: string): Accumulator => {
    return getOrCreate(byStage, stageId, emptyAccumulator);
  };
  const add = (row: Accumulator, term: RowTerm, amount: number): void => {
    row[term].amount += amount;
    row[term].count += 1;
  };
  const addAmountChange = (row: Accumulator, amountFrom: number, amountTo: number): void => {
    if (amountTo > amountFrom) add(row, 'grown', amountTo - amountFrom);
    if (amountTo < amountFrom) add(row, 'shrunk', amountFrom - amountTo);
  };

  for (const { deal, opening, closing } of classified(input)) {
    const { movement, closeMonthShift } = deal;
    if (opening) {
      add(total, 'opening', opening.amount);
      add(stageRow(opening.stageId), 'opening', opening.amount);
    }
    if (closing) {
      add(total, 'closing', closing.amount);
      add(stageRow(closing.stageId), 'closing', closing.amount);
    }
    if (opening && closing) {
      addAmountChange(total, opening.amount, closing.amount);
      if (movement === 'moved') {
        add(stageRow(opening.stageId), 'movedOut', opening.amount);
        add(stageRow(closing.stageId), 'movedIn', closing.amount);
      } else {
        addAmountChange(stageRow(closing.stageId), opening.amount, closing.amount);
      }
      if (closeMonthShift) {
        add(total, closeMonthShift, closing.amount);
        add(stageRow(closing.stageId), closeMonthShift, closing.amount);
      }
    } else if (opening && isLeaving(movement)) {
      add(total, movement, opening.amount);
      add(stageRow(opening.stageId), movement, opening.amount);
    } else if (closing && isJoining(movement)) {
      add(total, movement, closing.amount);
      add(stageRow(closing.stageId), movement, closing.amount);
    }
  }

  const configuredTo = new Map(input.stagesTo.stages.map((stage) => [stage.id, stage]));
  const configuredFrom = new Map(input.stagesFrom.stages.map((stage) => [stage.id, stage]));
  const openTo = input.stagesTo.stages.filter((stage) => stage.outcome === 'open').map((stage) => stage.id);
  const openFromOnly = input.stagesFrom.stages
    .filter((stage) => stage.outcome === 'open' && !openTo.includes(stage.id))
    .map((stage) => stage.id);
  const listed = new Set([...openTo, ...openFromOnly]);
  const others = [...byStage.keys()].filter((stageId) => !listed.has(stageId)).sort(byCodeUnit);
  return {
    from: input.from,
    to: input.to,
    closeWindow: input.closeWindow ?? null,
    total: rowOf(total),
    byStage: [...openTo, ...openFromOnly, ...others].map((stageId) => ({
      stageId,
      name: configuredTo.get(stageId)?.name ?? configuredFrom.get(stageId)?.name ?? stageId,
      configured: configuredTo.has(stageId) || configuredFrom.has(stageId),
      ...rowOf(byStage.get(stageId) ?? emptyAccumulator()),
    })),
  };
}
