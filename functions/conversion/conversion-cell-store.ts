/**
 * What the conversion metrics read: the cells of whole months, one Query per month
 * partition (`CONVERSION#<month>`, lead cells `LEADS#<rep>`, deal cells `DEALS#<rep>`),
 * a few months at a time.
 */
import type { ConversionCell, ConversionCellKinds, ConversionCellRepository } from '#core/conversion/conversion-cell-repository.js';
import type { Dependencies } from '../shared/dependencies.js';
import { mapConcurrently } from '../store/concurrency.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { cellFromItem } from './conversion-cell-item.js';

/** Month partitions queried at once: a 24-month range is four rounds. */
export const MONTH_QUERY_CONCURRENCY = 6;

export class ConversionCellStore implements ConversionCellRepository {
  constructor(private readonly deps: Dependencies) {}

  async cellsOf(months: readonly string[], kinds: ConversionCellKinds, keep: (repId: string) => boolean): Promise<ConversionCell[]> {
    const perMonth = await mapConcurrently(months, MONTH_QUERY_CONCURRENCY, (month) =>
      queryAll(this.deps, {
        ...(kinds === 'both'
          ? { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.conversionMonthPartition(month).pk } }
          : {
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)',
              ExpressionAttributeValues: {
                ':pk': keys.conversionMonthPartition(month).pk,
                ':kind': kinds === 'leads' ? SORT_KEY_PREFIX.conversionLeadCell : SORT_KEY_PREFIX.conversionDealCell,
              },
            }),
      }),
    );
    return perMonth
      .flat()
      .map(cellFromItem)
      .filter((cell) => keep(cell.repId))
      .map(({ kind, month, repId, counters }) => ({ kind, month, repId, counters }));
  }
}
