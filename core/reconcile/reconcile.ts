/**
 * Reconcile: recompute every derived record from the opportunities and leads, and report
 * where the stored links, month totals and conversion cells drifted from it. Quality
 * counters and stage paths depend on the sequence of changes, not on the current
 * opportunity alone, so they are carried over from the stored link (or started afresh, or
 * from the import, where none exists); everything counted is recomputed: the deal cells
 * from the expected live links, the lead cells from the leads.
 */
import {
  type CountedLead,
  cellKey,
  cellOfKey,
  leadContributionOf,
  nextStagePath,
  type StageVisit,
} from '../conversion/conversion-cells.js';
import { dealConversionOf, initialStagePath, stagePathOf } from '../linkage/deal-conversion.js';
import type { DealLink } from '../linkage/deal-link.js';
import { linkOf } from '../linkage/linkage.js';
import { initialQualityCounters } from '../linkage/quality-counters.js';
import { type RepMonth, repMonthId, repMonthOf } from '../linkage/rep-month.js';
import { type RepMonthTotals, totalsEqual, totalsOfLinks } from '../linkage/rep-month-totals.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import { addCellCounters, type CellCounters, type Counters, countersEqual } from '../shared/counters.js';

export interface StoredRecord {
  readonly repMonth: RepMonth;
  readonly totals: RepMonthTotals;
  /** Bumped by every change of the record; repairs are conditioned on it. */
  readonly rev: number;
}

export type ConversionCellKind = 'leads' | 'deals';

/** A conversion cell as stored: one owner's month of lead or deal counters. */
export interface StoredConversionCell {
  readonly kind: ConversionCellKind;
  readonly month: string;
  readonly repId: string;
  readonly counters: Counters;
  /** Bumped by every change of the cell; repairs are conditioned on it. */
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
  /**
   * Set for an invalid lead item whose counted fields cannot be read either: what it
   * contributes is unknown, so the lead cells are reported but not repaired until it is
   * replaced by PUT.
   */
  readonly leadId?: string;
}

export interface ReconcileInput {
  /** Every valid opportunity item, deleted ones included. */
  readonly opportunities: readonly Opportunity[];
  /** Every stored link, tombstones included. */
  readonly links: readonly DealLink[];
  readonly records: readonly StoredRecord[];
  /** Every stored conversion cell, lead and deal (none given: none stored). */
  readonly cells?: readonly StoredConversionCell[];
  /** Every lead, as the counters see it (a Lead has these fields); none given: none stored. */
  readonly leads?: readonly CountedLead[];
  /** Items that failed validation (written straight to the table, bypassing the API). */
  readonly invalidItems?: readonly InvalidItem[];
}

export type DriftKind = 'missing-link' | 'stale-link' | 'orphaned-link' | 'record-totals' | 'conversion-cell';

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

/** A conversion cell rewritten whole: the counters exactly (none: an empty cell). */
export interface CellRepair {
  readonly kind: ConversionCellKind;
  readonly month: string;
  readonly repId: string;
  /** The rev of the stored cell the repair replaces; null when none is stored. */
  readonly expectedRev: number | null;
  readonly counters: Counters;
}

export interface ReconcileChecked {
  readonly opportunities: number;
  readonly links: number;
  readonly records: number;
  readonly cells: number;
  readonly leads: number;
}

export interface ReconcileReport {
  readonly drift: readonly Drift[];
  readonly linkRepairs: readonly LinkRepair[];
  readonly recordRepairs: readonly RecordRepair[];
  readonly cellRepairs: readonly CellRepair[];
  readonly invalidItems: readonly InvalidItem[];
  readonly checked: ReconcileChecked;
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

/** The fields a link carries for the conversion counters; a link stored before them has nulls. */
const ATTRIBUTION_FIELDS = ['leadId', 'leadSource', 'campaignId', 'campaign'] as const;

export function reconcile({ opportunities, links, records, cells = [], leads = [], invalidItems = [] }: ReconcileInput): ReconcileReport {
  const linksByKey = new Map(links.map((link) => [linkKey(link, link.opportunityId), link]));
  const linksByDeal = groupBy(links, (link) => link.opportunityId);
  const drift: Drift[] = [];
  const linkRepairs: LinkRepair[] = [];
  const expectedLive = new Map<string, DealLink>();

  for (const opportunity of opportunities) {
    if (opportunity.deleted) continue;
    const repMonth = repMonthOf(opportunity);
    const stored = linksByKey.get(linkKey(repMonth, opportunity.id));
    const carried = stored ?? latest(linksByDeal.get(opportunity.id));
    const counters = carried?.quality ?? qualityOfImport(opportunity) ?? initialQualityCounters(opportunity);
    const expected = linkOf(opportunity, counters, opportunity.version, expectedStagePath(carried, opportunity));
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

  const expectedCells = new Map<ConversionCellKind, CellCounters>([
    ['deals', sumOf([...expectedLive.values()].map(dealConversionOf))],
    ['leads', sumOf(leads.map(leadContributionOf))],
  ]);
  const leadsUnknown = invalidItems.some((item) => item.leadId !== undefined);
  const cellRepairs: CellRepair[] = [];
  const storedCells = new Map(cells.map((cell) => [`${cell.kind}|${cellKey(cell.month, cell.repId)}`, cell]));
  const cellIds = new Set([
    ...storedCells.keys(),
    ...[...expectedCells].flatMap(([kind, byCell]) => [...byCell.keys()].map((key) => `${kind}|${key}`)),
  ]);
  for (const id of [...cellIds].sort()) {
    const separator = id.indexOf('|');
    const kind = id.slice(0, separator) as ConversionCellKind;
    const key = id.slice(separator + 1);
    const stored = storedCells.get(id);
    const expected = expectedCells.get(kind)?.get(key) ?? {};
    if (countersEqual(expected, stored?.counters ?? {})) continue;
    const { month, repId } = cellOfKey(key);
    const withheld = kind === 'leads' && leadsUnknown;
    drift.push({
      kind: 'conversion-cell',
      repMonth: { repId, month },
      detail: `${kind === 'deals' ? 'deal' : 'lead'} counters differ from the sum of the ${kind === 'deals' ? 'linked deals' : 'leads'}${withheld ? ' (not repaired while a lead item is unreadable)' : ''}`,
    });
    if (!withheld) cellRepairs.push({ kind, month, repId, expectedRev: stored ? stored.rev : null, counters: expected });
  }

  return {
    drift,
    linkRepairs,
    recordRepairs,
    cellRepairs,
    invalidItems,
    checked: {
      opportunities: opportunities.length,
      links: links.length,
      records: records.length,
      cells: cells.length,
      leads: leads.length,
    },
  };
}

function sumOf(contributions: readonly CellCounters[]): CellCounters {
  return contributions.reduce<CellCounters>((sum, contribution) => addCellCounters(sum, contribution), new Map());
}

/** The quality counters an import carried, without its stage path. */
function qualityOfImport(opportunity: Opportunity): DealLink['quality'] | undefined {
  if (!opportunity.importedQuality) return undefined;
  const { createdAt, closeMonthExtensions, lastStageChangeAt, closedAt } = opportunity.importedQuality;
  return { createdAt, closeMonthExtensions, lastStageChangeAt, closedAt };
}

/**
 * The stage path carried over from a stored link (else the import's, else a new deal's),
 * brought to the opportunity's current stage when the link missed the move.
 */
function expectedStagePath(carried: DealLink | undefined, opportunity: Opportunity): readonly StageVisit[] {
  const path = carried ? stagePathOf(carried) : (opportunity.importedQuality?.stagePath ?? initialStagePath(opportunity));
  const last = path[path.length - 1];
  return last ? nextStagePath(path, last.stageId, opportunity.stageId, opportunity.updatedAt) : initialStagePath(opportunity);
}

function differingFields(stored: DealLink, expected: DealLink): string[] {
  const fields: string[] = COUNTED_FIELDS.filter((field) => stored[field] !== expected[field]);
  if (!totalsEqual(stored.familyAmounts, expected.familyAmounts)) fields.push('familyAmounts');
  fields.push(...ATTRIBUTION_FIELDS.filter((field) => (stored[field] ?? null) !== (expected[field] ?? null)));
  if (JSON.stringify(stagePathOf(stored)) !== JSON.stringify(stagePathOf(expected))) fields.push('stagePath');
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
