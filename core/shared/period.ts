import { invalidField } from './errors.js';
import { epochMillisOf } from './instant.js';

/**
 * Months (`YYYY-MM`), reporting periods and day counts. Everything here works on UTC
 * fields only: a local-time `Date` would move a deal closing at midnight into another
 * month depending on where the server runs.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MS_PER_DAY = 86_400_000;

function monthIndex(month: string, field = 'month'): number {
  const match = MONTH.exec(month);
  if (!match) throw invalidField(field, 'must be a month YYYY-MM');
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthOfIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The month `YYYY-MM` of a calendar date `YYYY-MM-DD`. */
export function monthOfDate(date: string): string {
  if (!DATE.test(date)) throw invalidField('date', 'must be a date YYYY-MM-DD');
  return date.slice(0, 7);
}

/** The UTC month of an instant. */
export function monthOfInstant(instant: Date): string {
  const date = new Date(epochMillisOf(instant));
  return monthOfIndex(date.getUTCFullYear() * 12 + date.getUTCMonth());
}

export function addMonths(month: string, count: number): string {
  if (!Number.isInteger(count)) throw invalidField('count', 'must be an integer number of months');
  return monthOfIndex(monthIndex(month) + count);
}

/** The months from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const start = monthIndex(from, 'from');
  const end = monthIndex(to, 'to');
  const months: string[] = [];
  for (let index = start; index <= end; index++) months.push(monthOfIndex(index));
  return months;
}

export type PeriodKind = 'month' | 'quarter' | 'fiscal-year';

export interface Period {
  readonly kind: PeriodKind;
  /** The period as written: `2026-02`, `2026-Q1` or `2026-FY`. */
  readonly label: string;
  /** Its months in order. */
  readonly months: readonly string[];
}

const PERIOD = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4])|(FY))$/;

/**
 * Parses a reporting period. Quarters and years are fiscal: with a fiscal year starting
 * in `fiscalYearStartMonth` (1 = January, the default, gives calendar quarters), the
 * fiscal year and its quarters are named by the calendar year in which the fiscal year
 * STARTS. With an April start, `2026-FY` is 2026-04..2027-03 and `2026-Q4` is
 * 2027-01..2027-03.
 */
export function parsePeriod(period: string, fiscalYearStartMonth = 1): Period {
  if (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
    throw invalidField('fiscalYearStartMonth', 'must be a month number 1-12');
  }
  const match = PERIOD.exec(period);
  if (!match) throw invalidField('period', 'must be a month YYYY-MM, a quarter YYYY-Qn or a fiscal year YYYY-FY');
  const [, year = '', month, quarter] = match;
  if (month !== undefined) return { kind: 'month', label: period, months: [period] };
  const fiscalYearStart = Number(year) * 12 + fiscalYearStartMonth - 1;
  if (quarter !== undefined) {
    const start = fiscalYearStart + (Number(quarter) - 1) * 3;
    return { kind: 'quarter', label: period, months: [0, 1, 2].map((offset) => monthOfIndex(start + offset)) };
  }
  return { kind: 'fiscal-year', label: period, months: Array.from({ length: 12 }, (_, offset) => monthOfIndex(fiscalYearStart + offset)) };
}

/** Whole days elapsed from one instant to a later one, rounded down; 0 when `to` is earlier. */
export function wholeDaysBetween(from: Date, to: Date): number {
  const elapsed = epochMillisOf(to) - epochMillisOf(from);
  return elapsed <= 0 ? 0 : Math.floor(elapsed / MS_PER_DAY);
}
