/**
 * The pieces of a rep's month at a past instant that "why did my commission change" moves
 * forward event by event: each deal's tracked fields, the rep's levels timeline, the stage
 * configuration; and the commission summary they give.
 */
import * as z from 'zod';
import { familyAmountsOf } from '../linkage/linkage.js';
import type { RepMonthTotals } from '../linkage/rep-month-totals.js';
import type { FieldChange } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { StageConfiguration } from '../organisation/stage.js';
import {
  type AsAtSource,
  changesNewestFirst,
  setTrackedField,
  storedMillis,
  type TrackedState,
  trackedStateOf,
} from '../pipeline/as-at.js';
import type { AuditEntry } from '../shared/audit-entry.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { monthOfDate } from '../shared/period.js';
import type { CommissionLevels } from './commission-levels.js';
import { Band } from './commission-levels.js';
import type { CommissionLevelsEntry } from './commission-levels-timeline.js';
import { type CommissionSummary, commissionSummaryOf } from './commission-record.js';

/** A deal as the explanation reads it: its current item (soft-deleted ones too) and its whole field history. */
export interface ChangeDeal {
  readonly current: AsAtSource & Pick<Opportunity, 'name' | 'productLines'>;
  readonly history: readonly FieldChange[];
}

/** A deal's tracked fields at a point of the replay, and whether it existed yet. */
export interface DealAtPoint extends TrackedState {
  readonly opportunityId: string;
  exists: boolean;
}

/**
 * The deal's amount per product family at an instant. Product lines are not in the field
 * history, so a past amount is split over the deal's current families in proportion
 * (integer shares, rounded down, the remainder to the largest family, the first by name
 * on a tie); where the deal has no lines it is general revenue. At the
 * current amount this gives the current lines exactly.
 */
export function familyAmountsAt(amount: number, current: Pick<Opportunity, 'amount' | 'productLines'>): Record<string, number> {
  if (amount === 0) return {};
  const shares = familyAmountsOf(current);
  const families = Object.keys(shares).sort(byCodeUnit);
  const total = families.reduce((sum, family) => sum + (shares[family] ?? 0), 0);
  // Lines all at 0 still name the families: the whole amount goes to the first by name.
  if (total === 0) return { [current.productLines.map((line) => line.productFamily).sort(byCodeUnit)[0] ?? '']: amount };
  if (total === amount) return { ...shares };
  const split: Record<string, number> = {};
  let given = 0;
  let largest = families[0] as string;
  for (const family of families) {
    const share = shares[family] ?? 0;
    const part = Number((BigInt(amount) * BigInt(share)) / BigInt(total));
    split[family] = part;
    given += part;
    if (share > (shares[largest] ?? 0)) largest = family;
  }
  split[largest] = (split[largest] ?? 0) + amount - given;
  for (const family of families) if (split[family] === 0) delete split[family];
  return split;
}

/** True when the deal counts in the rep's month at this point: it exists, is not deleted, is the rep's and closes in the month. */
export function isInMonth(deal: DealAtPoint, repId: string, month: string): boolean {
  return deal.exists && !deal.deleted && deal.ownerId === repId && monthOfDate(deal.closeDate) === month;
}

/** The deal's tracked fields with every change after `atMs` undone (newest first), as opportunityAsAtEach does. */
export function dealAt({ current, history }: ChangeDeal, atMs: number): DealAtPoint {
  const state: DealAtPoint = { opportunityId: current.id, ...trackedStateOf(current), exists: storedMillis(current.createdAt) <= atMs };
  for (const { change, time } of changesNewestFirst(current, history)) {
    if (time <= atMs) break;
    setTrackedField(state, change.field, change.oldValue);
  }
  return state;
}

/** The commission levels part of an audit entry, read leniently: undefined when it is not one. */
const LevelsState = z.object({
  productFamily: z.string().nullable(),
  entries: z.array(z.object({ fromMonth: z.string(), bands: z.array(Band).nullable() })),
});

/** The family an audited levels change is about, and its timeline before and after; undefined for an entry that does not parse. */
export function levelsChangeOf(
  entry: AuditEntry,
):
  | { readonly productFamily: string | null; readonly before: CommissionLevelsEntry[]; readonly after: CommissionLevelsEntry[] }
  | undefined {
  const before = entry.before === null ? null : LevelsState.safeParse(entry.before);
  const after = entry.after === null ? null : LevelsState.safeParse(entry.after);
  if ((before && !before.success) || (after && !after.success)) return undefined;
  const productFamily = before?.data?.productFamily ?? after?.data?.productFamily ?? null;
  const entriesOf = (state: z.infer<typeof LevelsState> | undefined) =>
    (state?.entries ?? []).map(({ fromMonth, bands }) => ({ productFamily, fromMonth, bands }));
  return { productFamily, before: entriesOf(before?.data), after: entriesOf(after?.data) };
}

/** A timeline with one family's entries replaced. */
export function withFamilyEntries(
  entries: readonly CommissionLevelsEntry[],
  productFamily: string | null,
  familyEntries: readonly CommissionLevelsEntry[],
): CommissionLevelsEntry[] {
  return [...entries.filter((entry) => entry.productFamily !== productFamily), ...familyEntries];
}

/**
 * The rep's levels timeline at an instant: the current one with every audited change made
 * after it undone, newest first (each entry's `before` is the family's whole timeline).
 */
export function levelsTimelineAt(
  now: readonly CommissionLevelsEntry[],
  audit: readonly AuditEntry[],
  atMs: number,
): CommissionLevelsEntry[] {
  let entries = [...now];
  // `audit` is oldest first: on a tie of instants the later entry is undone first.
  const later = audit
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => storedMillis(entry.at) > atMs)
    .sort((a, b) => storedMillis(b.entry.at) - storedMillis(a.entry.at) || b.index - a.index);
  for (const { entry } of later) {
    const change = levelsChangeOf(entry);
    if (change) entries = withFamilyEntries(entries, change.productFamily, change.before);
  }
  return entries;
}

/** The month's totals (amount per stage and family) of the deals in it. */
export function totalsOfDeals(
  deals: Iterable<DealAtPoint>,
  currentOf: (opportunityId: string) => Pick<Opportunity, 'amount' | 'productLines'>,
  repId: string,
  month: string,
): RepMonthTotals {
  const totals: Record<string, number> = {};
  for (const deal of deals) {
    if (!isInMonth(deal, repId, month)) continue;
    for (const [family, amount] of Object.entries(familyAmountsAt(deal.amount, currentOf(deal.opportunityId)))) {
      const key = `amount|${deal.stageId}|${family}`;
      totals[key] = (totals[key] ?? 0) + amount;
    }
  }
  return totals;
}

/** What the commission record says for these totals, stages and levels. */
export function summaryOf(totals: RepMonthTotals, stages: StageConfiguration, levels: CommissionLevels): CommissionSummary {
  return commissionSummaryOf(totals, stages, levels);
}
