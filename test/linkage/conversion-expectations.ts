/**
 * From-scratch expectations of the deal conversion counters for the stream's property tests,
 * computed from a deal's versions directly rather than through the stream's own fold.
 */
import { MAX_STAGE_VISITS, type StageVisit } from '#core/conversion/conversion-cells.js';
import { dealConversionOf } from '#core/linkage/deal-conversion.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { addCellCounters, type CellCounters } from '#core/shared/counters.js';

/** The stages entered over the versions since creation: the first at creation, then each change of stage. */
export function stagePathOfHistory(versions: readonly Opportunity[]): StageVisit[] {
  const path: StageVisit[] = [];
  versions.forEach((version, index) => {
    const previous = versions[index - 1];
    if (!previous) path.push({ stageId: version.stageId, at: version.createdAt });
    else if (previous.stageId !== version.stageId && path.length < MAX_STAGE_VISITS)
      path.push({ stageId: version.stageId, at: version.updatedAt });
  });
  return path;
}

/** The deal cells a set of live links adds up to. */
export function dealCellsOf(links: readonly DealLink[]): CellCounters {
  return links.reduce<CellCounters>((sum, link) => addCellCounters(sum, dealConversionOf(link)), new Map());
}

/** Stored cells of one kind as a plain object by cell key, zeros and empty cells dropped, for toEqual. */
export function cellsByKey(cells: Iterable<readonly [string, Readonly<Record<string, number>>]>): Record<string, Record<string, number>> {
  const byKey: Record<string, Record<string, number>> = {};
  for (const [key, counters] of cells) {
    const nonZero = Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
    if (Object.keys(nonZero).length > 0) byKey[key] = nonZero;
  }
  return byKey;
}
