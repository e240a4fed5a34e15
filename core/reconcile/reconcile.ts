/**
 * Reconcile: recompute every derived record from the opportunities and report where the
 * stored links and month totals drifted from it. Quality counters depend on the sequence
 * of changes, not on the current opportunity alone, so they are carried over from the
 * stored link (or started afresh where none exists); everything counted is recomputed.
 */
import type { DealLink } from '../linkage/deal-link.js';
import { linkOf } from '../linkage/linkage.js';
import { initialQualityCounters } from '../linkage/quality-counters.js';
import { type RepMonth, repMonthId, repMonthOf } from '../linkage/rep-month.js';
import { type RepMonthTotals, totalsEqual, totalsOfLinks } from '../linkage/rep-month-totals.js';
import type { Opportunity } from '../opportunities/opportunity.js';

export interface StoredRecord {
  readonly repMonth: RepMonth;
  readonly totals: RepMonthTotals;
  /** Bumped by every change of the record; repairs are conditioned on it. */
  readonly rev: number;
}

/** A stored item that is not what its key says it is: reported, never repaired blindly. */
export interface InvalidItem {
  readonly pk: string;
  readonly sk: string;
  readonly reason: string;
  /**
   * Set for an invalid opportunity item that is not deleted: what the deal is cannot be
   * read, so its stored links are left as they are (not unlinked as orphans) until it is
   * replaced by PUT or deleted.
   */
  readonly opportunityId?: string;
}

export interface ReconcileInput {
  /** Every valid opportunity item, deleted ones included. */
  readonly opportunities: readonly Opportunity[];
  /** Every stored link, tombstones included. */
  readonly links: readonly DealLink[];
  readonly records: readonly StoredRecord[];
  /** Items that failed validation (written straight to the table, bypassing the API). */
  readonly invalidItems?: readonly InvalidItem[];
}

export type DriftKind = 'missing-link' | 'stale-link' | 'orphaned-link' | 'record-totals';

export interface Drift {
  readonly kind: DriftKind;
  readonly repMonth: RepMonth;
  readonly opportunityId?: string;
  readonly detail: string;
}

export interface LinkRepair {
  /** The version of the stored link the repair replaces; null when none is stored. */
  readonly expectedVersion: number | null;
  readonly link: DealLink;
}

export interface RecordRepair {
  readonly repMonth: RepMonth;
  /** The rev of the stored record the repair replaces; null when none is stored. */
  readonly expectedRev: number | null;
  readonly totals: RepMonthTotals;
}

export interface ReconcileReport {
  readonly drift: readonly Drift[];
  readonly linkRepairs: readonly LinkRepair[];
  readonly recordRepairs: readonly RecordRepair[];
  readonly invalidItems: readonly InvalidItem[];
  readonly checked: { readonly opportunities: number; readonly links: number; readonly records: number };
}

/** The fields of a link that are derived from the opportunity and must match it. */
const COUNTED_FIELDS = [
  'live',
  'version',
  'name',
  'account',
  'stageId',
  'stageOutcome',
  'closeDate',
  'amount',
  'probability',
  'priority',
] as const;

export function reconcile({ opportunities, links, records, invalidItems = [] }: ReconcileInput): ReconcileReport {
  const linksByKey = new Map(links.map((link) => [linkKey(link, link.opportunityId), link]));
  const linksByDeal = groupBy(links, (link) => link.opportunityId);
  const drift: Drift[] = [];
  const linkRepairs: LinkRepair[] = [];
  const expectedLive = new Map<string, DealLink>();

  for (const opportunity of opportunities) {
    if (opportunity.deleted) continue;
    const repMonth = repMonthOf(opportunity);
    const stored = linksByKey.get(linkKey(repMonth, opportunity.id));
    const counters =
      stored?.quality ??
      latest(linksByDeal.get(opportunity.id))?.quality ??
      opportunity.importedQuality ??
      initialQualityCounters(opportunity);
    const expected = linkOf(opportunity, counters, opportunity.version);
    expectedLive.set(linkKey(repMonth, opportunity.id), expected);
    if (!stored) {
      drift.push({ kind: 'missing-link', repMonth, opportunityId: opportunity.id, detail: `no link for version ${opportunity.version}` });
      linkRepairs.push({ expectedVersion: null, link: expected });
    } else {
      const differing = differingFields(stored, expected);
      if (differing.length > 0) {
        drift.push({ kind: 'stale-link', repMonth, opportunityId: opportunity.id, detail: `differs in ${differing.join(', ')}` });
        linkRepairs.push({ expectedVersion: stored.version, link: expected });
      }
    }
  }

  const unreadable = new Set(invalidItems.flatMap((item) => (item.opportunityId !== undefined ? [item.opportunityId] : [])));
  for (const link of links) {
    // An unreadable deal's live links stand as stored: their totals count as they are.
    if (link.live && unreadable.has(link.opportunityId)) expectedLive.set(linkKey(link, link.opportunityId), link);
  }

  const versionOf = new Map(opportunities.map((o) => [o.id, o.version]));
  for (const link of links) {
    if (!link.live || expectedLive.has(linkKey(link, link.opportunityId))) continue;
    drift.push({
      kind: 'orphaned-link',
      repMonth: link,
      opportunityId: link.opportunityId,
      detail: 'live link where the deal no longer is',
    });
    const version = Math.max(link.version, versionOf.get(link.opportunityId) ?? link.version);
    linkRepairs.push({ expectedVersion: link.version, link: { ...link, live: false, version } });
  }

  const recordRepairs: RecordRepair[] = [];
  const storedRecords = new Map(records.map((record) => [repMonthId(record.repMonth), record]));
  const expectedByPartition = groupBy(expectedLive.values(), (link) => repMonthId(link));
  const partitions = new Set([...storedRecords.keys(), ...expectedByPartition.keys()]);
  for (const id of [...partitions].sort()) {
    const stored = storedRecords.get(id);
    const partitionLinks = expectedByPartition.get(id) ?? [];
    const expected = totalsOfLinks(partitionLinks);
    const actual = stored?.totals ?? {};
    if (totalsEqual(expected, actual)) continue;
    const repMonth = stored?.repMonth ?? (partitionLinks[0] as DealLink);
    drift.push({
      kind: 'record-totals',
      repMonth: { repId: repMonth.repId, month: repMonth.month },
      detail: 'totals differ from the sum of the linked deals',
    });
    recordRepairs.push({
      repMonth: { repId: repMonth.repId, month: repMonth.month },
      expectedRev: stored ? stored.rev : null,
      totals: expected,
    });
  }

  return {
    drift,
    linkRepairs,
    recordRepairs,
    invalidItems,
    checked: { opportunities: opportunities.length, links: links.length, records: records.length },
  };
}

function differingFields(stored: DealLink, expected: DealLink): string[] {
  const fields: string[] = COUNTED_FIELDS.filter((field) => stored[field] !== expected[field]);
  if (!totalsEqual(stored.familyAmounts, expected.familyAmounts)) fields.push('familyAmounts');
  return fields;
}

function linkKey(repMonth: RepMonth, opportunityId: string): string {
  return `${repMonthId(repMonth)}|${opportunityId}`;
}

function latest(links: readonly DealLink[] | undefined): DealLink | undefined {
  return links?.reduce((a, b) => (b.version > a.version ? b : a));
}

function groupBy<T>(values: Iterable<T>, keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
