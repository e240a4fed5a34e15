import { type RepMonthTotals, TOTALS_KEY_PATTERN } from '#core/linkage/rep-month-totals.js';

/**
 * The RECORD item of a rep's month: the linear totals as top-level numeric attributes
 * (so a transaction can ADD to them), and `rev`, bumped by every change.
 */
export function totalsFromRecordItem(item: Record<string, unknown> | undefined): RepMonthTotals {
  if (!item) return {};
  const totals: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (TOTALS_KEY_PATTERN.test(name) && typeof value === 'number' && value !== 0) totals[name] = value;
  }
  return totals;
}
