/** What a target request changes: the writes (each conditioned on the amount read) and the audit trail's before and after. */

import type { Target } from './target.js';
import type { TargetWrite } from './target-repository.js';

/** The targets part of an entry: one owner and family, amounts by month. */
export interface TargetAmounts {
  readonly productFamily: string | null;
  readonly amounts: Readonly<Record<string, number>>;
}

export interface TargetChange {
  /** The months whose amount changes, each conditioned on the amount read. */
  readonly writes: readonly TargetWrite[];
  readonly before: TargetAmounts | null;
  readonly after: TargetAmounts;
}

/**
 * What a target request changes, given the owner's stored targets in its months (any
 * family): the months whose amount differs, with the amount read (the write's condition),
 * and the before / after of those months. Undefined when every month already holds its
 * amount: nothing to write, nothing to record.
 */
export function targetChangeOf(stored: readonly Target[], requested: readonly Target[]): TargetChange | undefined {
  const storedAmount = new Map(stored.map((target) => [monthAndFamily(target), target.amount]));
  const writes = requested
    .map((target) => ({ target, expectedAmount: storedAmount.get(monthAndFamily(target)) ?? null }))
    .filter(({ target, expectedAmount }) => expectedAmount !== target.amount);
  const first = writes[0];
  if (!first) return undefined;
  const productFamily = first.target.productFamily;
  const before = Object.fromEntries(
    writes
      .filter(({ expectedAmount }) => expectedAmount !== null)
      .map(({ target, expectedAmount }) => [target.month, expectedAmount as number]),
  );
  const after = Object.fromEntries(writes.map(({ target }) => [target.month, target.amount]));
  return {
    writes,
    before: Object.keys(before).length === 0 ? null : { productFamily, amounts: before },
    after: { productFamily, amounts: after },
  };
}

function monthAndFamily({ month, productFamily }: Target): string {
  return productFamily === null ? `${month}|G` : `${month}|F|${productFamily}`;
}
