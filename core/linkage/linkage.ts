/**
 * Linking a deal to its owner's month, for one change of the deal.
 *
 * Each owner-month partition holds at most one link per deal. A change touches at most
 * two partitions: the one the deal was in (before) and the one it is in now (after). For
 * each, the plan says what the link becomes (live, or a tombstone), the delta to ADD to
 * that month's totals and the delta to ADD to the deal conversion cells (core/conversion). A partition whose link already carries this version (or a later
 * one) is left alone: that is what makes a replayed or duplicated stream record change
 * nothing. The adapter applies all writes of a plan in one transaction, each conditioned
 * on the version it read, and re-plans if another writer got there first.
 */

import { nextStagePath, type StageVisit } from '../conversion/conversion-cells.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import { type CellCounters, subtractCellCounters } from '../shared/counters.js';
import { dealConversionOf, initialStagePath, stagePathOf } from './deal-conversion.js';
import { type DealLink, GENERAL_FAMILY, type QualityCounters } from './deal-link.js';
import { initialQualityCounters, nextQualityCounters } from './quality-counters.js';
import { type RepMonth, repMonthOf, sameRepMonth } from './rep-month.js';
import { contributionOf, type RepMonthTotals, subtractTotals } from './rep-month-totals.js';

/** One stream record, as images. A deleted (soft or hard) deal has no live `after`. */
export interface OpportunityChange {
  readonly opportunityId: string;
  readonly before: Opportunity | undefined;
  readonly after: Opportunity | undefined;
  /** The version this change brings the deal to. */
  readonly version: number;
}

export interface LinkWrite {
  readonly repMonth: RepMonth;
  /** The link version read before planning; null when no link existed. */
  readonly expectedVersion: number | null;
  readonly link: DealLink;
  /** Added to the month's totals in the same transaction; empty when nothing counted changes. */
  readonly delta: RepMonthTotals;
  /**
   * Added to the deal conversion cells (by cell key) in the same transaction: what the new
   * link contributes less what the link it replaces did; empty when nothing counted changes.
   */
  readonly conversionDelta: CellCounters;
  /**
   * How many changes of the month's totals this write stands for: the month record's `rev`
   * is bumped by as many. Left out, 1 when `delta` is not empty, else 0; a write merged from
   * several changes of one deal (core/linkage/merge-link-writes.ts) counts them all.
   */
  readonly monthChanges?: number;
}

/** Builds the change a stream record stands for; a hard REMOVE is one version past the last image. */
export function opportunityChangeOf(before: Opportunity | undefined, after: Opportunity | undefined): OpportunityChange {
  const subject = after ?? before;
  if (!subject) throw new RangeError('a change needs at least one image');
  return {
    opportunityId: subject.id,
    before,
    after,
    version: after ? after.version : subject.version + 1,
  };
}

/** The partitions a change touches: where the deal was, and where it is now. */
export function partitionsOf(change: OpportunityChange): RepMonth[] {
  const from = liveImage(change.before);
  const to = liveImage(change.after);
  const partitions: RepMonth[] = [];
  if (from) partitions.push(repMonthOf(from));
  if (to && !partitions.some((p) => sameRepMonth(p, repMonthOf(to)))) partitions.push(repMonthOf(to));
  return partitions;
}

/**
 * The writes that bring the stored links up to `change.version`. `storedLink` gives the
 * link currently stored in a partition (read consistently just before planning).
 * An empty plan means the change is already applied.
 */
export function planLinkage(change: OpportunityChange, storedLink: (repMonth: RepMonth) => DealLink | undefined): LinkWrite[] {
  const before = liveImage(change.before);
  const after = liveImage(change.after);
  const target = after ? repMonthOf(after) : undefined;
  const previous = before ? storedLink(repMonthOf(before)) : undefined;

  const writes: LinkWrite[] = [];
  for (const repMonth of partitionsOf(change)) {
    const stored = storedLink(repMonth);
    if (stored && stored.version >= change.version) continue;
    const link =
      after && target && sameRepMonth(repMonth, target)
        ? linkOf(after, countersAfter(previous, before, after), change.version, stagePathAfter(previous, before, after))
        : tombstoneOf(stored ?? previous, repMonth, change);
    writes.push({
      repMonth,
      expectedVersion: stored ? stored.version : null,
      link,
      delta: subtractTotals(contributionOf(link), contributionOf(stored)),
      conversionDelta: subtractCellCounters(dealConversionOf(link), dealConversionOf(stored)),
    });
  }
  return writes;
}

/** A live link for an opportunity at a version, with the quality counters and stage path it has reached. */
export function linkOf(
  opportunity: Opportunity,
  quality: QualityCounters,
  version: number,
  stagePath: readonly StageVisit[] = initialStagePath(opportunity),
): DealLink {
  const { repId, month } = repMonthOf(opportunity);
  return {
    opportunityId: opportunity.id,
    repId,
    month,
    version,
    live: true,
    name: opportunity.name,
    account: opportunity.account,
    stageId: opportunity.stageId,
    stageOutcome: opportunity.stageOutcome,
    closeDate: opportunity.closeDate,
    amount: opportunity.amount,
    probability: opportunity.probability,
    familyAmounts: familyAmountsOf(opportunity),
    priority: opportunity.priority,
    quality,
    leadId: opportunity.leadId,
    leadSource: opportunity.leadSource,
    campaignId: opportunity.campaignId,
    campaign: opportunity.campaign,
    stagePath,
  };
}

/** Amount per product family; a deal without product lines counts under the general family. */
export function familyAmountsOf(opportunity: Pick<Opportunity, 'amount' | 'productLines'>): Record<string, number> {
  if (opportunity.productLines.length === 0) return opportunity.amount === 0 ? {} : { [GENERAL_FAMILY]: opportunity.amount };
  const amounts: Record<string, number> = {};
  for (const line of opportunity.productLines) {
    if (line.amount !== 0) amounts[line.productFamily] = (amounts[line.productFamily] ?? 0) + line.amount;
  }
  return amounts;
}

function countersAfter(previous: DealLink | undefined, before: Opportunity | undefined, after: Opportunity): QualityCounters {
  // An imported deal arrives with the counters its field history gives (backfill).
  if (!before) return after.importedQuality ? importedCountersOf(after.importedQuality) : initialQualityCounters(after);
  return nextQualityCounters(previous?.quality ?? initialQualityCounters(before), before, after);
}

/** The quality counters of an import, without the stage path it also carries. */
function importedCountersOf({ createdAt, closeMonthExtensions, lastStageChangeAt, closedAt }: QualityCounters): QualityCounters {
  return { createdAt, closeMonthExtensions, lastStageChangeAt, closedAt };
}

/** The stage path after a change, followed like the quality counters: an import starts from its history's path. */
function stagePathAfter(previous: DealLink | undefined, before: Opportunity | undefined, after: Opportunity): readonly StageVisit[] {
  if (!before) return after.importedQuality?.stagePath ?? initialStagePath(after);
  return nextStagePath(previous ? stagePathOf(previous) : initialStagePath(before), before.stageId, after.stageId, after.updatedAt);
}

/** What stays in a partition the deal left: nothing counted, the version, and its counters. */
function tombstoneOf(source: DealLink | undefined, repMonth: RepMonth, change: OpportunityChange): DealLink {
  const image = change.before ?? change.after;
  if (!image) throw new RangeError('a change needs at least one image');
  const base = source ?? linkOf(image, initialQualityCounters(image), change.version, initialStagePath(image));
  return { ...base, repId: repMonth.repId, month: repMonth.month, version: change.version, live: false };
}

function liveImage(image: Opportunity | undefined): Opportunity | undefined {
  return image && !image.deleted ? image : undefined;
}
