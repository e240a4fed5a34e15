/**
 * The fast path of time travel: every deal's state at a stored instant (a checkpoint, kept
 * with each as-at snapshot taken) moved forward or backward to the instant asked about
 * with only the changes in between (the change log: creations and field changes, read by
 * their instant). The result is a PipelineHistory like the full rebuild's, so the snapshot,
 * as-at and change code runs over it unchanged and the two paths agree by construction.
 */

import type { FieldChange } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { SkippedItem } from '../shared/skipped-item.js';
import { type AsAtDeal, setTrackedField, storedMillis } from './as-at.js';
import type { DealRecord } from './pipeline-rebuild.js';

/** A deal as it stood at an instant, deleted ones included (an undelete brings them back). */
export interface CheckpointDeal extends AsAtDeal {
  readonly deleted: boolean;
  readonly createdAt: string;
}

/** The change log between two instants: deals created and tracked fields changed. */
export interface ChangeLog {
  /** Each deal's tracked fields as it was created (dated `createdAt`). */
  readonly creations: readonly CheckpointDeal[];
  readonly changes: readonly FieldChange[];
  /** Log entries that failed their schema, left out of the rebuild (as the full path leaves them out). */
  readonly skipped?: readonly SkippedItem[];
}

type MutableDeal = { -readonly [K in keyof CheckpointDeal]: CheckpointDeal[K] };

function checkpointDealOf(current: DealRecord['current']): MutableDeal {
  const { id, ownerId, stageId, closeDate, amount, probability, deleted, createdAt } = current;
  return { opportunityId: id, ownerId, stageId, closeDate, amount, probability, deleted, createdAt };
}

/** Newest first, by instant then version: the order the full rebuild undoes changes in. */
function newestFirst(a: FieldChange, b: FieldChange): number {
  return storedMillis(b.changedAt) - storedMillis(a.changedAt) || b.version - a.version;
}

/**
 * Every deal existing at `instant` (created at or before it; deleted ones flagged), from
 * the full rebuild's records: the current values with each later change undone. The
 * records must hold every change after `instant`. Ordered by id.
 */
export function dealCheckpointAt(deals: readonly DealRecord[], instant: string): CheckpointDeal[] {
  const at = Date.parse(instant);
  const states: CheckpointDeal[] = [];
  for (const { current, history } of deals) {
    if (storedMillis(current.createdAt) > at) continue;
    const state = checkpointDealOf(current);
    const later = history.filter((change) => change.opportunityId === current.id && storedMillis(change.changedAt) > at).sort(newestFirst);
    for (const change of later) setTrackedField(state, change.field, change.oldValue);
    states.push(state);
  }
  return states.sort((a, b) => (a.opportunityId < b.opportunityId ? -1 : a.opportunityId > b.opportunityId ? 1 : 0));
}

/**
 * A deal as it was created: its current values with its whole history undone (what an
 * import or the upgrade records for deals whose creation the stream did not log).
 */
export function dealAsCreated(current: DealRecord['current'], history: readonly FieldChange[]): CheckpointDeal {
  const state = checkpointDealOf(current);
  for (const change of history.filter((entry) => entry.opportunityId === current.id).sort(newestFirst)) {
    setTrackedField(state, change.field, change.oldValue);
  }
  return state;
}

/** The instants the log must cover to move a checkpoint at `checkpointAt` to `instants`: (after, upTo]. */
export function changeLogRange(checkpointAt: string, instants: readonly string[]): { readonly after: string; readonly upTo: string } {
  const times = [checkpointAt, ...instants].sort((a, b) => Date.parse(a) - Date.parse(b));
  return { after: times[0] ?? checkpointAt, upTo: times[times.length - 1] ?? checkpointAt };
}

/**
 * The deals at the latest of `instants` moved from a checkpoint, as DealRecords whose
 * history holds their changes after the earliest instant: what the full rebuild would
 * read, restricted to what the instants need. `log` must cover changeLogRange. Undefined
 * when the log does not fit the checkpoint (a change of a deal neither in the checkpoint
 * nor created in the log): the caller then takes the full rebuild.
 */
export function dealRecordsFromCheckpoint(
  checkpoint: { readonly asAt: string; readonly deals: readonly CheckpointDeal[] },
  log: ChangeLog,
  instants: readonly string[],
): DealRecord[] | undefined {
  if (instants.length === 0) return [];
  const checkpointAt = Date.parse(checkpoint.asAt);
  const times = instants.map((instant) => Date.parse(instant));
  const latest = Math.max(...times);
  const earliest = Math.min(...times);
  const states = new Map(checkpoint.deals.map((deal) => [deal.opportunityId, { ...deal } as MutableDeal]));

  if (latest > checkpointAt) {
    // Forward: creations first at an equal instant, then changes by instant and version.
    type Step = { readonly time: number; readonly order: number; readonly apply: () => boolean };
    const steps: Step[] = [
      ...log.creations
        .filter((deal) => storedMillis(deal.createdAt) > checkpointAt && storedMillis(deal.createdAt) <= latest)
        .map((deal) => ({
          time: storedMillis(deal.createdAt),
          order: -1,
          apply: () => {
            states.set(deal.opportunityId, { ...deal });
            return true;
          },
        })),
      ...log.changes
        .filter((change) => storedMillis(change.changedAt) > checkpointAt && storedMillis(change.changedAt) <= latest)
        .map((change) => ({
          time: storedMillis(change.changedAt),
          order: change.version,
          apply: () => {
            const state = states.get(change.opportunityId);
            if (state) setTrackedField(state, change.field, change.newValue);
            return state !== undefined;
          },
        })),
    ].sort((a, b) => a.time - b.time || a.order - b.order);
    for (const step of steps) if (!step.apply()) return undefined;
  } else if (latest < checkpointAt) {
    // Backward: undo newest first; deals created after `latest` are dropped below.
    const undone = log.changes
      .filter((change) => storedMillis(change.changedAt) > latest && storedMillis(change.changedAt) <= checkpointAt)
      .sort(newestFirst);
    for (const change of undone) {
      const state = states.get(change.opportunityId);
      if (!state) return undefined;
      setTrackedField(state, change.field, change.oldValue);
    }
  }

  const between = new Map<string, FieldChange[]>();
  for (const change of log.changes) {
    const time = storedMillis(change.changedAt);
    if (time <= earliest || time > latest) continue;
    const changes = between.get(change.opportunityId);
    if (changes) changes.push(change);
    else between.set(change.opportunityId, [change]);
  }
  const records: DealRecord[] = [];
  for (const state of states.values()) {
    if (storedMillis(state.createdAt) > latest) continue;
    const { opportunityId, ...fields } = state;
    records.push({
      // The state at `latest` stands in for the current item; updatedAt and version only
      // matter to the stream check, which the fast path's settle rule replaces.
      current: { id: opportunityId, ...fields, updatedAt: new Date(latest).toISOString(), version: 1 },
      history: between.get(opportunityId) ?? [],
      appliedVersion: null,
    });
  }
  return records;
}

/** The creation of a deal from its first image, as the stream sees an INSERT. */
export function dealCreationOf(opportunity: Opportunity): CheckpointDeal {
  const { id, ownerId, stageId, closeDate, amount, probability, deleted, createdAt } = opportunity;
  return { opportunityId: id, ownerId, stageId, closeDate, amount, probability, deleted, createdAt };
}

/**
 * The creation a stream record logs: an INSERT (no old image) of a deal's first version.
 * An import's INSERT comes at a later version and its creation row (the true initial state)
 * is already stored, so it logs none; nor does any other record. A replayed INSERT logs the
 * same creation again, so it may be written without a condition.
 */
export function streamDealCreationOf(before: Opportunity | undefined, after: Opportunity | undefined): CheckpointDeal | undefined {
  return before === undefined && after !== undefined && after.version === 1 ? dealCreationOf(after) : undefined;
}
