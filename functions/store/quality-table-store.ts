/** The live deal links behind the quality table: per rep-month partition, or company-wide by close month. */
import type { DealLink } from '../../core/deal-link.js';
import type { QualityTableRepository } from '../../core/ports/quality-table-repository.js';
import type { RepMonth } from '../../core/rep-month.js';
import type { Dependencies } from '../shared/dependencies.js';
import { dealLinkFromItem } from './deal-link-item.js';
import { keys, SORT_KEY_PREFIX } from './keys.js';
import { batchGetAll, mapConcurrently, queryAll, READ_CONCURRENCY } from './pagination.js';
import { decodeStoredItem } from './stored-item.js';

export class QualityTableStore implements QualityTableRepository {
  constructor(private readonly deps: Dependencies) {}

  async linksOf(repMonths: readonly RepMonth[]): Promise<DealLink[]> {
    const perPartition = await mapConcurrently(repMonths, READ_CONCURRENCY, (repMonth) =>
      queryAll(this.deps, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :deals)',
        ExpressionAttributeValues: { ':pk': keys.repMonthPartition(repMonth).pk, ':deals': SORT_KEY_PREFIX.dealLink },
      }),
    );
    return perPartition.flat().map(linkOf).filter((link) => link.live);
  }

  /** Only live links carry the close-month index attributes, so tombstones never show up here. */
  async linksClosingIn(month: string): Promise<DealLink[]> {
    const indexed = await queryAll(this.deps, {
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.closeMonthIndex(month).gsi3pk },
    });
    // The index holds keys only: read the links themselves (and drop any that moved since).
    const items = await batchGetAll(this.deps, indexed.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    return items.map(linkOf).filter((link) => link.live && link.month === month);
  }
}

function linkOf(item: Record<string, unknown>): DealLink {
  return decodeStoredItem(dealLinkFromItem, item, 'deal link');
}
