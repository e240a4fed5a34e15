/** How a chart table's cell reads on screen, by its column's kind. */
import type { CellValue, ColumnKind } from '../charts/chart-model.js';
import type { Formatters } from './formatters.js';

export function formatCell(fmt: Formatters, kind: ColumnKind, value: CellValue): string {
  if (value === null) return fmt.none;
  if (typeof value === 'string') {
    if (kind === 'month') return fmt.month(value);
    if (kind === 'date') return fmt.date(value);
    return value;
  }
  switch (kind) {
    case 'money':
      return fmt.money(value);
    case 'ratio':
      return fmt.ratio(value);
    case 'percent':
      return fmt.percent(value);
    case 'days':
      return fmt.days(value);
    default:
      return fmt.count(value);
  }
}
