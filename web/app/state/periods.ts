/**
 * Reporting periods as the API takes them (`YYYY-MM`, `YYYY-Qn`, `YYYY-FY`), for the period
 * picker and for the dates each chart asks about. Quarters and years are fiscal: with a
 * fiscal year starting in month `fiscalStart` (1 = January), `2026-FY` and its quarters are
 * named by the calendar year in which the fiscal year starts, as in core/shared/period.ts.
 * Everything works on UTC fields: a month is a calendar month in UTC, as the engine's.
 */

export type PeriodKind = 'month' | 'quarter' | 'fiscal-year';

export interface Period {
  readonly kind: PeriodKind;
  /** As the API and the URL write it. */
  readonly text: string;
  /** Its months, in order. */
  readonly months: readonly string[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const PERIOD = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4])|(FY))$/;
/** The years the API accepts for months and dates. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const SHORT_MONTH_NAMES = MONTH_NAMES.map((name) => name.slice(0, 3));

function monthIndex(month: string): number {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month YYYY-MM: ${month}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthOfIndex(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

function validFiscalStart(fiscalStart: number): number {
  return Number.isInteger(fiscalStart) && fiscalStart >= 1 && fiscalStart <= 12 ? fiscalStart : 1;
}

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

export function addMonths(month: string, count: number): string {
  return monthOfIndex(monthIndex(month) + count);
}

/** From `from` to `to`, both included; empty when `to` is earlier. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let index = monthIndex(from); index <= monthIndex(to); index++) months.push(monthOfIndex(index));
  return months;
}

/** The UTC month of an instant. */
export function monthOf(instant: Date): string {
  return monthOfIndex(instant.getUTCFullYear() * 12 + instant.getUTCMonth());
}

/** A period, or null for text the API would refuse (including years outside 1970–2199). */
export function parsePeriod(text: string, fiscalStart = 1): Period | null {
  const match = PERIOD.exec(text);
  if (!match) return null;
  const [, yearText = '', month, quarter] = match;
  const year = Number(yearText);
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  if (month !== undefined) return { kind: 'month', text, months: [text] };
  const yearStart = year * 12 + validFiscalStart(fiscalStart) - 1;
  if (quarter !== undefined) {
    const start = yearStart + (Number(quarter) - 1) * 3;
    return { kind: 'quarter', text, months: [0, 1, 2].map((offset) => monthOfIndex(start + offset)) };
  }
  return { kind: 'fiscal-year', text, months: Array.from({ length: 12 }, (_, offset) => monthOfIndex(yearStart + offset)) };
}

/** The fiscal year (`YYYY-FY`) a month falls in. */
export function fiscalYearOf(month: string, fiscalStart = 1): string {
  const offset = monthIndex(month) - (validFiscalStart(fiscalStart) - 1);
  return `${String(Math.floor(offset / 12)).padStart(4, '0')}-FY`;
}

/** The fiscal quarter (`YYYY-Qn`) a month falls in. */
export function quarterOf(month: string, fiscalStart = 1): string {
  const offset = monthIndex(month) - (validFiscalStart(fiscalStart) - 1);
  const year = Math.floor(offset / 12);
  return `${String(year).padStart(4, '0')}-Q${Math.floor((offset - year * 12) / 3) + 1}`;
}

/** The period of a kind that contains a month: the month itself, its fiscal quarter or its fiscal year. */
export function periodContaining(kind: PeriodKind, month: string, fiscalStart = 1): string {
  if (kind === 'month') return month;
  return kind === 'quarter' ? quarterOf(month, fiscalStart) : fiscalYearOf(month, fiscalStart);
}

/** The period of the same kind `count` periods later (earlier when negative). */
export function shiftPeriod(period: Period, count: number, fiscalStart = 1): string {
  const step = period.kind === 'month' ? 1 : period.kind === 'quarter' ? 3 : 12;
  return periodContaining(period.kind, addMonths(period.months[0] as string, count * step), fiscalStart);
}

/** The fiscal year of a period (a fiscal year is its own). */
export function fiscalYearOfPeriod(period: Period, fiscalStart = 1): Period {
  return parsePeriod(fiscalYearOf(period.months[0] as string, fiscalStart), fiscalStart) as Period;
}

/**
 * The one month a period stands for where a chart shows a single month (a rep's commission,
 * the quality table): the period's month; for a quarter or a year, the current month while
 * the period runs, its last month once it is over, its first before it starts.
 */
export function focusMonth(period: Period, now: Date): string {
  const current = monthOf(now);
  const first = period.months[0] as string;
  const last = period.months[period.months.length - 1] as string;
  if (current < first) return first;
  if (current > last) return last;
  return period.kind === 'month' ? first : current;
}

/** The first day of a month, as the API's dates are written. */
export function firstDayOf(month: string): string {
  return `${month}-01`;
}

/**
 * The window of the pipeline change chart: from the period's first day to now while it
 * runs, or to the day after its end once it is over. Null for a period that has not
 * started (there is no change to show yet).
 */
export function changeWindow(period: Period, now: Date): { readonly from: string; readonly to: string | null } | null {
  const first = period.months[0] as string;
  const last = period.months[period.months.length - 1] as string;
  const current = monthOf(now);
  if (current < first) return null;
  if (current > last) return { from: firstDayOf(first), to: firstDayOf(addMonths(last, 1)) };
  return { from: firstDayOf(first), to: null };
}

/** `February 2016`, `Q1 FY2016 (Jan–Mar 2016)`, `FY2016 (Apr 2016 – Mar 2017)`. */
export function periodLabel(period: Period): string {
  const short = (month: string) => `${SHORT_MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
  const first = period.months[0] as string;
  const last = period.months[period.months.length - 1] as string;
  if (period.kind === 'month') return `${MONTH_NAMES[Number(first.slice(5, 7)) - 1]} ${first.slice(0, 4)}`;
  const year = period.text.slice(0, 4);
  const range =
    first.slice(0, 4) === last.slice(0, 4)
      ? `${SHORT_MONTH_NAMES[Number(first.slice(5, 7)) - 1]}–${short(last)}`
      : `${short(first)} – ${short(last)}`;
  return period.kind === 'quarter' ? `${period.text.slice(5)} FY${year} (${range})` : `FY${year} (${range})`;
}

/** The name of a month alone: `February 2016`. */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}
