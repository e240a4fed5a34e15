/**
 * The sizes of the items the engine stored, by kind: what the write units are made of,
 * and the check behind transaction-pricing.ts's one assumption (month records under 1 KB).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { SORT_KEY_PREFIX } from '#functions/store/keys.js';
import { OPPORTUNITY_SORT_KEY } from '#functions/store/table-definition.js';
import { itemSize } from './transaction-pricing.js';

export interface ItemSizes {
  readonly count: number;
  readonly meanBytes: number;
  readonly maxBytes: number;
}

export type StoredItemKind = 'opportunity' | 'deal link' | 'month record' | 'field change';

function kindOf(sortKey: string): StoredItemKind | undefined {
  if (sortKey === OPPORTUNITY_SORT_KEY) return 'opportunity';
  if (sortKey.startsWith(SORT_KEY_PREFIX.dealLink)) return 'deal link';
  if (sortKey === SORT_KEY_PREFIX.record) return 'month record';
  if (sortKey.startsWith(SORT_KEY_PREFIX.history)) return 'field change';
  return undefined;
}

export async function storedItemSizes(deps: Dependencies): Promise<Partial<Record<StoredItemKind, ItemSizes>>> {
  const sums = new Map<StoredItemKind, { count: number; total: number; max: number }>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.documentClient.send(new ScanCommand({ TableName: deps.tableName, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const kind = kindOf(String(item.sk));
      if (!kind) continue;
      const size = itemSize(item);
      const sum = sums.get(kind) ?? { count: 0, total: 0, max: 0 };
      sums.set(kind, { count: sum.count + 1, total: sum.total + size, max: Math.max(sum.max, size) });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return Object.fromEntries(
    [...sums].map(([kind, sum]) => [kind, { count: sum.count, meanBytes: Math.round(sum.total / sum.count), maxBytes: sum.max }]),
  );
}
