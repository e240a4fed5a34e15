/**
 * A chart's table as CSV (RFC 4180): a header row of the column labels, then one record
 * per row, fields quoted when they hold a comma, a double quote or a line break (quotes
 * doubled), records ended by CRLF. Figures are written for a spreadsheet, not a reader:
 * money in major units as plain numbers with the currency's decimals (1234.56, no symbol
 * or grouping), ratios as fractions (0.8734), percentages as numbers (75), months
 * `YYYY-MM`, dates `YYYY-MM-DD`; a missing figure is an empty field.
 *
 * Text that a spreadsheet would run as a formula (a deal named "=HYPERLINK(…)") is
 * prefixed with an apostrophe, as OWASP advises for CSV exports; numbers are never touched.
 * Add a byte-order mark when saving, if Excel must read non-ASCII names as UTF-8.
 */
import type { CellValue, ChartTable, TableColumn } from '../charts/chart-model.js';
import { currencyFractionDigits, minorToDecimal } from './money.js';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

function quoted(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function fieldOf(column: TableColumn, value: CellValue, fractionDigits: () => number): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return column.kind === 'money' ? minorToDecimal(value, fractionDigits()) : String(value);
  }
  return column.kind === 'text' && FORMULA_START.test(value) ? `'${value}` : value;
}

export function tableToCsv(table: ChartTable): string {
  const fractionDigits = (): number => {
    if (table.currency === undefined) throw new Error('a table with money columns must name its currency');
    return currencyFractionDigits(table.currency);
  };
  const records = [
    table.columns.map((column) => quoted(column.label)),
    ...table.rows.map((row) => table.columns.map((column) => quoted(fieldOf(column, row[column.key] ?? null, fractionDigits)))),
  ];
  return records.map((fields) => `${fields.join(',')}\r\n`).join('');
}
