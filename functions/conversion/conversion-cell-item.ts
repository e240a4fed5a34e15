/**
 * The conversion cells as items: one owner's month, its counters as top-level numeric
 * attributes (so a transaction can ADD to them), `repId` and `month`, and `rev`, bumped by
 * every change so that a reconcile repair can be conditioned on the cell it read.
 */
import { cellOfKey } from '#core/conversion/conversion-cells.js';
import { CONVERSION_COUNTER_PATTERN } from '#core/conversion/counter-keys.js';
import type { CellCounters, Counters } from '#core/shared/counters.js';
import { keys } from '../store/keys.js';

export type CellKind = 'leads' | 'deals';

function cellItemKey(kind: CellKind, month: string, repId: string): { pk: string; sk: string } {
  return kind === 'leads' ? keys.conversionLeadCell(month, repId) : keys.conversionDealCell(month, repId);
}

/**
 * The Update items of a transaction that ADD `deltas` (by cell key, `<month>#<rep>`) to
 * cells of one kind. Cells whose delta is empty are left out.
 */
export function cellAddUpdates(tableName: string, kind: CellKind, deltas: CellCounters): { Update: Record<string, unknown> }[] {
  return [...deltas]
    .filter(([, delta]) => Object.keys(delta).length > 0)
    .map(([cell, delta]) => {
      const { month, repId } = cellOfKey(cell);
      const names: Record<string, string> = { '#repId': 'repId', '#month': 'month', '#type': 'type' };
      const values: Record<string, unknown> = { ':one': 1, ':repId': repId, ':month': month, ':type': cellType(kind) };
      const adds = Object.entries(delta).map(([attribute, value], index) => {
        names[`#c${index}`] = attribute;
        values[`:c${index}`] = value;
        return `#c${index} :c${index}`;
      });
      return {
        Update: {
          TableName: tableName,
          Key: cellItemKey(kind, month, repId),
          UpdateExpression: `SET #repId = :repId, #month = :month, #type = :type ADD rev :one, ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
}

function cellType(kind: CellKind): string {
  return kind === 'leads' ? 'ConversionLeadCell' : 'ConversionDealCell';
}

/** A cell item read back: which cell, its counters (zeros dropped), and its rev. */
export interface StoredCell {
  readonly kind: CellKind;
  readonly month: string;
  readonly repId: string;
  readonly counters: Counters;
  readonly rev: number;
}

export function cellFromItem(item: Record<string, unknown>): StoredCell {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (CONVERSION_COUNTER_PATTERN.test(name) && typeof value === 'number' && value !== 0) counters[name] = value;
  }
  return {
    kind: String(item.sk).startsWith('LEADS#') ? 'leads' : 'deals',
    month: String(item.month),
    repId: String(item.repId),
    counters,
    rev: typeof item.rev === 'number' ? item.rev : 0,
  };
}

/** The whole item a repair writes: the counters exactly, rev one past what was read. */
export function cellToItem(kind: CellKind, month: string, repId: string, counters: Counters, rev: number): Record<string, unknown> {
  return { ...cellItemKey(kind, month, repId), type: cellType(kind), repId, month, rev, ...counters };
}
