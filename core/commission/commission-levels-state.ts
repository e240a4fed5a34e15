/** A rep's commission levels as the audit trail records them: one family's timeline. */

import type { Band } from './commission-levels.js';
import type { CommissionLevelsEntry } from './commission-levels-timeline.js';

/** The commission levels part of an entry: one family's timeline. */
export interface CommissionLevelsState {
  readonly productFamily: string | null;
  readonly entries: readonly { readonly fromMonth: string; readonly bands: readonly Band[] | null }[];
}

/** One family's timeline out of a rep's entries, by month; null when the family has none. */
export function commissionLevelsStateOf(
  entries: readonly CommissionLevelsEntry[],
  productFamily: string | null,
): CommissionLevelsState | null {
  const family = entries
    .filter((entry) => entry.productFamily === productFamily)
    .sort((a, b) => (a.fromMonth < b.fromMonth ? -1 : a.fromMonth > b.fromMonth ? 1 : 0))
    .map(({ fromMonth, bands }) => ({ fromMonth, bands }));
  return family.length === 0 ? null : { productFamily, entries: family };
}
