/**
 * Read side of a rep's month partition, which the stream maintains: the RECORD (linear
 * totals), the rep's TARGET items and the DEAL links. A rep's month is one query.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DealLink } from '#core/linkage/deal-link.js';
import { type RepMonth, repMonthId } from '#core/linkage/rep-month.js';
import type { RepMonthTotals } from '#core/linkage/rep-month-totals.js';
import type { RepMonthContents, RepMonthRepository } from '#core/reports/rep-month-repository.js';
import type { Target } from '#core/targets/target.js';
import { dealLinkFromItem } from '../linkage/deal-link-item.js';
import { totalsFromRecordItem } from '../linkage/rep-month-record-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll } from '../store/batch-operations.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { decodeStoredItem } from '../store/stored-item.js';
import { targetFromItem } from '../targets/target-store.js';

export class RepMonthStore implements RepMonthRepository {
  constructor(private readonly deps: Dependencies) {}

  async read(repMonth: RepMonth): Promise<RepMonthContents> {
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.repMonthPartition(repMonth).pk },
      ConsistentRead: true,
    });
    let totals: RepMonthTotals = {};
    const targets: Target[] = [];
    const links: DealLink[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === SORT_KEY_PREFIX.record) totals = totalsFromRecordItem(item);
      else if (sk.startsWith(SORT_KEY_PREFIX.target)) targets.push(targetFromItem(item));
      else if (sk.startsWith(SORT_KEY_PREFIX.dealLink)) {
        const link = decodeStoredItem(dealLinkFromItem, item, 'deal link');
        if (link.live) links.push(link);
      }
    }
    return { totals, targets, links };
  }

  async dealLink(repMonth: RepMonth, opportunityId: string): Promise<DealLink | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.dealLink(repMonth, opportunityId), ConsistentRead: true }),
    );
    return result.Item ? decodeStoredItem(dealLinkFromItem, result.Item, 'deal link') : undefined;
  }

  async totalsOf(repMonths: readonly RepMonth[]): Promise<Map<string, RepMonthTotals>> {
    const byPartition = new Map(repMonths.map((repMonth) => [keys.repMonthRecord(repMonth).pk, repMonth]));
    const items = await batchGetAll(
      this.deps,
      [...byPartition.values()].map((repMonth) => keys.repMonthRecord(repMonth)),
    );
    const totals = new Map<string, RepMonthTotals>();
    for (const item of items) {
      const repMonth = byPartition.get(String(item.pk));
      if (repMonth) totals.set(repMonthId(repMonth), totalsFromRecordItem(item));
    }
    return totals;
  }
}
