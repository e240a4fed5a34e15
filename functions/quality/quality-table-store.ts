/** The live deal links behind the quality table, read from the rep-month partitions in scope. */
import type { DealLink } from '#core/linkage/deal-link.js';
import type { RepMonth } from '#core/linkage/rep-month.js';
import type { QualityTableRepository } from '#core/quality/quality-table-repository.js';
import { dealLinkFromItem } from '../linkage/deal-link-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { mapConcurrently, READ_CONCURRENCY } from '../store/concurrency.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { decodeStoredItem } from '../store/stored-item.js';

export class QualityTableStore implements QualityTableRepository {
  constructor(private readonly deps: Dependencies) {}

  async linksOf(repMonths: readonly RepMonth[]): Promise<DealLink[]> {
    const perPartition = await mapConcurrently(repMonths, READ_CONCURRENCY, (repMonth) =>
      queryAll(this.deps, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :deals)',
        ExpressionAttributeValues: { ':pk': keys.repMonthPartition(repMonth).pk, ':deals': SORT_KEY_PREFIX.dealLink },
      }),
    );
    return perPartition
      .flat()
      .map(linkOf)
      .filter((link) => link.live);
  }
}

function linkOf(item: Record<string, unknown>): DealLink {
  return decodeStoredItem(dealLinkFromItem, item, 'deal link');
}
