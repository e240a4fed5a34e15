/**
 * A deal as it stood at a past instant, rebuilt from its current item and its field
 * history: what the as-at snapshots and time travel are made of.
 */
import type { FieldChange, FieldValue } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import { instantOf } from '../shared/instant.js';

/** The fields of a deal that the pipeline reports on, as at one instant. */
export interface AsAtDeal {
  readonly opportunityId: string;
  readonly ownerId: string;
  readonly stageId: string;
  readonly closeDate: string;
  readonly amount: number;
  /** The deal's own probability override; null follows the stage default. */
  readonly probability: number | null;
}

/** The tracked fields of a deal, as a rebuild moves them back or forward. */
export interface TrackedState {
  stageId: string;
  closeDate: string;
  amount: number;
  probability: number | null;
  ownerId: string;
  deleted: boolean;
}

/** What the rebuild reads of a deal's current item. */
export type AsAtSource = Pick<Opportunity, 'id' | 'ownerId' | 'stageId' | 'closeDate' | 'amount' | 'probability' | 'deleted' | 'createdAt'>;

/** The reported fields of a live item, as it stands now (no history needed). */
export function asAtDealOf(opportunity: Opportunity): AsAtDeal {
  const { id, ownerId, stageId, closeDate, amount, probability } = opportunity;
  return { opportunityId: id, ownerId, stageId, closeDate, amount, probability };
}

/** Stored instants parse leniently: one that does not parse sorts as "already made". */
export function storedMillis(instant: string): number {
  const time = Date.parse(instant);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/**
 * Sets a tracked field (to the value a change replaced, undoing it, or to its new value);
 * a value of the wrong type for its field is skipped.
 */
export function setTrackedField(state: TrackedState, field: FieldChange['field'], value: FieldValue): void {
  switch (field) {
    case 'stageId':
    case 'closeDate':
    case 'ownerId':
      if (typeof value === 'string') state[field] = value;
      return;
    case 'amount':
      if (typeof value === 'number') state.amount = value;
      return;
    case 'probability':
      if (value === null || typeof value === 'number') state.probability = value;
      return;
    case 'deleted':
      if (typeof value === 'boolean') state.deleted = value;
      return;
  }
}

/** The tracked fields of a current item: where every rebuild of its past starts. */
export function trackedStateOf(
  current: Pick<AsAtSource, 'stageId' | 'closeDate' | 'amount' | 'probability' | 'ownerId' | 'deleted'>,
): TrackedState {
  const { stageId, closeDate, amount, probability, ownerId, deleted } = current;
  return { stageId, closeDate, amount, probability, ownerId, deleted };
}

/**
 * The deal's own changes, newest first (by `changedAt`, then `version`): the order in which
 * a rebuild undoes them. Other deals' changes are dropped; `time` is the parsed instant.
 */
export function changesNewestFirst(
  current: Pick<AsAtSource, 'id'>,
  history: readonly FieldChange[],
): { readonly change: FieldChange; readonly time: number }[] {
  return history
    .filter((change) => change.opportunityId === current.id)
    .map((change) => ({ change, time: storedMillis(change.changedAt) }))
    .sort((a, b) => b.time - a.time || b.change.version - a.change.version);
}

/**
 * The deal as it stood at `instant`: the current values with every later change undone,
 * newest first (by `changedAt`, then `version`). A change dated exactly `instant` counts
 * as already made, and a deal created exactly at `instant` already exists: a snapshot
 * "as at 00:00 on the 1st" includes what was written at 00:00:00.000.
 *
 * Undefined when the deal did not exist yet (created after `instant`) or was deleted at
 * that instant. Changes of other deals in `history` are ignored; `history` may come in
 * any order. Nothing is validated beyond the value types (the inputs come from storage):
 * a stored instant that does not parse counts as already made, a value of the wrong type
 * for its field is not put back. `instant` itself must be a UTC instant (ValidationError).
 */
export function opportunityAsAt(current: AsAtSource, history: readonly FieldChange[], instant: string): AsAtDeal | undefined {
  return opportunityAsAtEach(current, history, [instant]).get(instant);
}

/**
 * The deal at each of several instants, in one pass over its history: the changes are
 * sorted once and undone progressively from the newest instant to the oldest. The map
 * holds an entry for every instant at which the deal existed and was not deleted.
 */
export function opportunityAsAtEach(
  current: AsAtSource,
  history: readonly FieldChange[],
  instants: readonly string[],
): Map<string, AsAtDeal> {
  const created = storedMillis(current.createdAt);
  const newestFirst = instants.map((instant) => ({ instant, at: instantOf(instant).getTime() })).sort((a, b) => b.at - a.at);
  const changes = changesNewestFirst(current, history);
  const state = trackedStateOf(current);
  const deals = new Map<string, AsAtDeal>();
  let next = 0;
  for (const { instant, at } of newestFirst) {
    for (; next < changes.length && (changes[next]?.time ?? 0) > at; next++) {
      const { change } = changes[next] as { change: FieldChange };
      setTrackedField(state, change.field, change.oldValue);
    }
    if (created > at || state.deleted) continue;
    deals.set(instant, {
      opportunityId: current.id,
      ownerId: state.ownerId,
      stageId: state.stageId,
      closeDate: state.closeDate,
      amount: state.amount,
      probability: state.probability,
    });
  }
  return deals;
}
