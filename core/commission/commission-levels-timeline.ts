import { invalidField, ValidationError } from '../shared/errors.js';
import { addMonths } from '../shared/period.js';
import type { Band, CommissionLevels, CommissionLevelsInput } from './commission-levels.js';

/**
 * One effective-dated change of a rep's commission levels: from `fromMonth` on, until the
 * next entry of the same family, the family (null = general) uses `bands`. `bands: null`
 * means "no levels from here" and is how a range with an end month is closed.
 */
export interface CommissionLevelsEntry {
  readonly productFamily: string | null;
  readonly fromMonth: string;
  readonly bands: readonly Band[] | null;
}

/**
 * The most entries a rep's timeline (all families) may hold. A timeline is stored and
 * written as one record, so that any write is one small all-or-nothing change however
 * many entries it replaces; a record (DynamoDB item) holds at most 400 KB. The largest
 * entry (20 bands of the largest amounts, a 64-character family) takes about 1.2 KB, and
 * the audit entry of a write holds a family's timeline twice (before and after, about
 * 0.9 KB an entry): 200 entries stay under 240 KB and 365 KB. Typical entries take a
 * fifth of that. 200 entries are over sixteen years of monthly changes; a range write
 * over past months merges their entries.
 */
export const MAX_TIMELINE_ENTRIES = 200;

function sameFamily(a: string | null, b: string | null): boolean {
  return a === b;
}

/** The bands of one family in force in `month`: its latest entry starting on or before it. */
export function bandsInForce(
  entries: readonly CommissionLevelsEntry[],
  productFamily: string | null,
  month: string,
): readonly Band[] | null {
  let latest: CommissionLevelsEntry | undefined;
  for (const entry of entries) {
    if (!sameFamily(entry.productFamily, productFamily) || entry.fromMonth > month) continue;
    if (!latest || entry.fromMonth > latest.fromMonth) latest = entry;
  }
  return latest?.bands ?? null;
}

/** The levels in force in `month`, general and per family: levels carry forward until changed. */
export function levelsInForce(entries: readonly CommissionLevelsEntry[], month: string): CommissionLevels {
  const families = [...new Set(entries.map((entry) => entry.productFamily).filter((family): family is string => family !== null))].sort();
  const byFamily: Record<string, readonly Band[]> = {};
  for (const family of families) {
    const bands = bandsInForce(entries, family, month);
    if (bands) byFamily[family] = bands;
  }
  return { general: bandsInForce(entries, null, month), byFamily };
}

export interface LevelsWritePlan {
  readonly put: readonly CommissionLevelsEntry[];
  readonly delete: readonly CommissionLevelsEntry[];
}

export type LevelsWriteInput = Pick<CommissionLevelsInput, 'productFamily' | 'fromMonth' | 'toMonth' | 'bands'>;

/**
 * The entries to write and delete so that the input's bands apply from `fromMonth`:
 * - without `toMonth` they carry forward; later entries of the family are kept, being
 *   changes already planned for later months;
 * - with `toMonth` they apply exactly to fromMonth..toMonth: entries inside the range are
 *   replaced, and the month after `toMonth` keeps what was in force there before (an
 *   entry is put there unless one already starts there).
 * Entries are identified by (productFamily, fromMonth): a put overwrites one at the same key.
 */
export function planLevelsWrite(existing: readonly CommissionLevelsEntry[], input: LevelsWriteInput): LevelsWritePlan {
  const { productFamily, fromMonth, toMonth, bands } = input;
  if (toMonth !== null && toMonth < fromMonth) {
    throw invalidField('toMonth', 'must not be before fromMonth');
  }
  const family = existing.filter((entry) => sameFamily(entry.productFamily, productFamily));
  const put: CommissionLevelsEntry[] = [{ productFamily, fromMonth, bands }];
  if (toMonth === null) return { put, delete: [] };

  const resumeMonth = addMonths(toMonth, 1);
  if (!family.some((entry) => entry.fromMonth === resumeMonth)) {
    put.push({ productFamily, fromMonth: resumeMonth, bands: bandsInForce(family, productFamily, resumeMonth) });
  }
  const replaced = family.filter((entry) => entry.fromMonth > fromMonth && entry.fromMonth <= toMonth);
  return { put, delete: replaced };
}

/**
 * Refuses a write that makes a timeline longer than MAX_TIMELINE_ENTRIES, saying how to
 * make room; one that shortens it always passes, so a timeline over the bound can be merged.
 */
export function checkTimelineLength(existing: readonly CommissionLevelsEntry[], entries: readonly CommissionLevelsEntry[]): void {
  if (entries.length <= MAX_TIMELINE_ENTRIES || entries.length <= existing.length) return;
  const message = `a rep's commission levels hold at most ${MAX_TIMELINE_ENTRIES} entries (all product families); this write would make ${entries.length}. Set one range over past months (fromMonth..toMonth) to merge their entries first`;
  throw new ValidationError(message, [{ field: 'fromMonth', message }]);
}

/** The entries after a plan is applied: what a store holds once it wrote the plan. */
export function applyLevelsWrite(existing: readonly CommissionLevelsEntry[], plan: LevelsWritePlan): CommissionLevelsEntry[] {
  const key = (entry: CommissionLevelsEntry) => `${entry.productFamily === null ? 'G' : `F#${entry.productFamily}`}|${entry.fromMonth}`;
  const removed = new Set([...plan.delete, ...plan.put].map(key));
  return [...existing.filter((entry) => !removed.has(key(entry))), ...plan.put];
}
