/**
 * "Why did my commission change": a rep's month between two instants, the change of its
 * three commission figures (earned, pipeline commission, total potential) explained line
 * by line, the lines summing exactly to the change.
 *
 * Method: a replay.
 * 1. The state at `from`: every deal ever linked to the rep's month as it stood then (its
 *    current item with the later field changes undone), the rep's levels timeline then
 *    (the current one with the later audited changes undone: an audit entry's `before`
 *    holds the family's whole timeline) and the stage configuration in force then.
 * 2. Every event in (from, to], in time order: each deal version (the field changes one
 *    write made, grouped by version) and each creation, each audited change of the rep's
 *    levels, each stage configuration version, each audited change of the rep's target.
 * 3. After each event, the three figures again, exactly as the commission record computes
 *    them (commissionSummaryOf over the month's totals, the stages and the levels in force
 *    for the month); the event's line is the difference. The sum telescopes: the lines add
 *    up to after - before by construction, and the last state is the state at `to`.
 * A change dated exactly at an instant counts as made by then (as time travel counts it).
 * Lines whose three amounts are 0 are left out, except levels changes that changed the
 * month's levels and target changes of the month (targets never move commission; listed
 * because a rep asks about them). Product lines are not in the field history: at a past
 * instant a deal's amount is split over its current families in proportion.
 */
import * as z from 'zod';
import type { StageConfiguration } from '../organisation/stage.js';
import { setTrackedField, storedMillis } from '../pipeline/as-at.js';
import { type StageConfigurationVersion, stagesInForceAt } from '../pipeline/pipeline-rebuild.js';
import type { AuditEntry } from '../shared/audit-entry.js';
import { sameState } from '../shared/audit-entry.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { bandsText, type CommissionChangeKind, formatMinor, readDealEvent, stageConfigurationDetail } from './commission-change-events.js';
import {
  type ChangeDeal,
  type DealAtPoint,
  dealAt,
  levelsChangeOf,
  levelsTimelineAt,
  summaryOf,
  totalsOfDeals,
  withFamilyEntries,
} from './commission-change-state.js';
import { bandsInForce, type CommissionLevelsEntry, levelsInForce } from './commission-levels-timeline.js';
import type { CommissionSummary } from './commission-record.js';

export interface CommissionChangeInput {
  readonly repId: string;
  readonly month: string;
  /** ISO instants, from before to. */
  readonly from: string;
  readonly to: string;
  /** Every deal linked to the rep's month at any time (tombstones too), with its whole field history. */
  readonly deals: readonly ChangeDeal[];
  /** The rep's levels timeline now, every family. */
  readonly levelsNow: readonly CommissionLevelsEntry[];
  /** The audited changes of the rep's levels made after `from`, oldest first (earlier ones are ignored). */
  readonly levelsAudit: readonly AuditEntry[];
  /** Every stored version of the stage configuration. */
  readonly stageVersions: readonly StageConfigurationVersion[];
  /** The audited changes of the rep's targets in (from, to] (others are ignored). */
  readonly targetAudit: readonly AuditEntry[];
}

export interface CommissionChangeLine extends CommissionSummary {
  readonly kind: CommissionChangeKind;
  /** The deal the line is about; null for a change of levels, stages or target. */
  readonly deal: { readonly opportunityId: string; readonly name: string } | null;
  /** What else the line is about: 'commission-levels', 'stage-configuration' or 'target'; null for a deal. */
  readonly subject: string | null;
  /** When the event happened. */
  readonly at: string;
  readonly detail: string;
}

export interface CommissionChange {
  readonly repId: string;
  readonly month: string;
  readonly from: string;
  readonly to: string;
  readonly before: CommissionSummary;
  readonly after: CommissionSummary;
  /** after - before, figure by figure: exactly the sum of the lines. */
  readonly change: CommissionSummary;
  /** In time order. */
  readonly lines: readonly CommissionChangeLine[];
}

/** The state the replay moves forward. */
interface ReplayState {
  readonly deals: Map<string, DealAtPoint>;
  /** The month's totals (amount per stage and family) of the deals in it now. */
  readonly totals: Record<string, number>;
  levels: CommissionLevelsEntry[];
  stages: StageConfiguration;
}

/** One event: applying it moves the state and says what to call the line. */
interface ReplayEvent {
  readonly atMs: number;
  readonly at: string;
  /** Ties at one instant: configuration first, then deals by id and version. */
  readonly order: string;
  /** Changes the state; answers the line's reading, and whether to keep it when its amounts are all 0. */
  apply(state: ReplayState): Omit<CommissionChangeLine, keyof CommissionSummary | 'at'> & { readonly keepWhenZero: boolean };
}

const TargetState = z.object({ productFamily: z.string().nullable(), amounts: z.record(z.string(), z.number()) });

function difference(after: CommissionSummary, before: CommissionSummary): CommissionSummary {
  return {
    earned: after.earned - before.earned,
    pipelineCommission: after.pipelineCommission - before.pipelineCommission,
    totalPotential: after.totalPotential - before.totalPotential,
  };
}

function dealEvents(deal: ChangeDeal, fromMs: number, toMs: number, input: CommissionChangeInput): ReplayEvent[] {
  const { current } = deal;
  const inRange = (ms: number) => ms > fromMs && ms <= toMs;
  const byVersion = new Map<number, { atMs: number; at: string; changes: ChangeDeal['history'][number][] }>();
  for (const change of deal.history) {
    const atMs = storedMillis(change.changedAt);
    if (change.opportunityId !== current.id || !inRange(atMs)) continue;
    const group = byVersion.get(change.version);
    if (group) group.changes.push(change);
    else byVersion.set(change.version, { atMs, at: change.changedAt, changes: [change] });
  }
  const ref = { opportunityId: current.id, name: current.name };
  const move = (state: ReplayState, update: (deal: DealAtPoint) => void) => {
    const before = state.deals.get(current.id) as DealAtPoint;
    const after = { ...before };
    update(after);
    state.deals.set(current.id, after);
    // The month's totals move by the deal's contribution only: a replay stays linear in its events.
    addTotals(
      state.totals,
      totalsOfDeals([before], () => current, input.repId, input.month),
      -1,
    );
    addTotals(
      state.totals,
      totalsOfDeals([after], () => current, input.repId, input.month),
      1,
    );
    return { ...readDealEvent(before, after, state.stages, input.repId, input.month), deal: ref, subject: null, keepWhenZero: false };
  };
  const events: ReplayEvent[] = [...byVersion.entries()].map(([version, { atMs, at, changes }]) => ({
    atMs,
    at,
    order: `2|${current.id}|${String(version).padStart(12, '0')}`,
    apply: (state) =>
      move(state, (after) => {
        for (const change of changes) setTrackedField(after, change.field, change.newValue);
      }),
  }));
  const createdMs = storedMillis(current.createdAt);
  if (inRange(createdMs)) {
    events.push({
      atMs: createdMs,
      at: current.createdAt,
      order: `2|${current.id}|${''.padStart(12, '0')}`,
      apply: (state) =>
        move(state, (after) => {
          after.exists = true;
        }),
    });
  }
  return events;
}

function levelsEvents(input: CommissionChangeInput, fromMs: number, toMs: number): ReplayEvent[] {
  return input.levelsAudit.flatMap((entry, index): ReplayEvent[] => {
    const atMs = storedMillis(entry.at);
    const change = levelsChangeOf(entry);
    if (!change || atMs <= fromMs || atMs > toMs) return [];
    const family = change.productFamily === null ? 'general levels' : `levels of '${change.productFamily}'`;
    return [
      {
        atMs,
        at: entry.at,
        order: `1|${String(index).padStart(6, '0')}`,
        apply: (state) => {
          const was = bandsInForce(state.levels, change.productFamily, input.month);
          state.levels = withFamilyEntries(state.levels, change.productFamily, change.after);
          const is = bandsInForce(state.levels, change.productFamily, input.month);
          const changed = !sameState(was, is);
          const detail = changed
            ? `${family} for ${input.month}: ${bandsText(was)} -> ${bandsText(is)}`
            : `${family} changed for other months; ${input.month} unchanged`;
          return { kind: 'levels-changed', deal: null, subject: 'commission-levels', detail, keepWhenZero: changed };
        },
      },
    ];
  });
}

function stageEvents(input: CommissionChangeInput, fromMs: number, toMs: number): ReplayEvent[] {
  return input.stageVersions.flatMap((version): ReplayEvent[] => {
    const atMs = storedMillis(version.updatedAt);
    if (atMs <= fromMs || atMs > toMs) return [];
    return [
      {
        atMs,
        at: version.updatedAt,
        order: `0|${String(version.version).padStart(12, '0')}`,
        apply: (state) => {
          const was = state.stages;
          state.stages = stagesInForceAt(input.stageVersions, version.updatedAt);
          return {
            kind: 'stage-configuration-changed',
            deal: null,
            subject: 'stage-configuration',
            detail: stageConfigurationDetail(was, state.stages),
            keepWhenZero: false,
          };
        },
      },
    ];
  });
}

function targetEvents(input: CommissionChangeInput, fromMs: number, toMs: number): ReplayEvent[] {
  return input.targetAudit.flatMap((entry, index): ReplayEvent[] => {
    const atMs = storedMillis(entry.at);
    if (atMs <= fromMs || atMs > toMs || entry.subject.id !== `rep:${input.repId}`) return [];
    const before = entry.before === null ? null : TargetState.safeParse(entry.before).data;
    const after = entry.after === null ? null : TargetState.safeParse(entry.after).data;
    const was = before?.amounts[input.month];
    const is = after?.amounts[input.month];
    if (was === undefined && is === undefined) return [];
    const family = (after ?? before)?.productFamily;
    const which = family ? `target for '${family}'` : 'target';
    const text = (amount: number | undefined) => (amount === undefined ? 'none' : formatMinor(amount));
    const detail = `${which} for ${input.month}: ${text(was)} -> ${text(is)} (targets do not change commission)`;
    return [
      {
        atMs,
        at: entry.at,
        order: `1|t${String(index).padStart(6, '0')}`,
        apply: () => ({ kind: 'target-changed', deal: null, subject: 'target', detail, keepWhenZero: true }),
      },
    ];
  });
}

function addTotals(totals: Record<string, number>, delta: Readonly<Record<string, number>>, sign: 1 | -1): void {
  for (const [key, amount] of Object.entries(delta)) {
    const sum = (totals[key] ?? 0) + sign * amount;
    if (sum === 0) delete totals[key];
    else totals[key] = sum;
  }
}

function summaryOfState(state: ReplayState, input: CommissionChangeInput): CommissionSummary {
  return summaryOf(state.totals, state.stages, levelsInForce(state.levels, input.month));
}

export function commissionChangeOf(input: CommissionChangeInput): CommissionChange {
  const fromMs = storedMillis(input.from);
  const toMs = storedMillis(input.to);
  const currentById = new Map(input.deals.map((deal) => [deal.current.id, deal.current]));
  const currentOf = (opportunityId: string) => currentById.get(opportunityId) ?? { amount: 0, productLines: [] };

  const deals = new Map(input.deals.map((deal) => [deal.current.id, dealAt(deal, fromMs)]));
  const state: ReplayState = {
    deals,
    totals: totalsOfDeals(deals.values(), currentOf, input.repId, input.month),
    levels: levelsTimelineAt(input.levelsNow, input.levelsAudit, fromMs),
    stages: stagesInForceAt(input.stageVersions, input.from),
  };
  const events = [
    ...stageEvents(input, fromMs, toMs),
    ...levelsEvents(input, fromMs, toMs),
    ...targetEvents(input, fromMs, toMs),
    ...input.deals.flatMap((deal) => dealEvents(deal, fromMs, toMs, input)),
  ].sort((a, b) => a.atMs - b.atMs || byCodeUnit(a.order, b.order));

  const before = summaryOfState(state, input);
  let previous = before;
  const lines: CommissionChangeLine[] = [];
  for (const event of events) {
    const { keepWhenZero, ...reading } = event.apply(state);
    const next = summaryOfState(state, input);
    const amounts = difference(next, previous);
    previous = next;
    const zero = amounts.earned === 0 && amounts.pipelineCommission === 0 && amounts.totalPotential === 0;
    if (zero && !keepWhenZero) continue;
    lines.push({ ...reading, at: event.at, ...amounts });
  }
  return {
    repId: input.repId,
    month: input.month,
    from: input.from,
    to: input.to,
    before,
    after: previous,
    change: difference(previous, before),
    lines,
  };
}
