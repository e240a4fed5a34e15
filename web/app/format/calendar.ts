/**
 * Months, dates and periods as the API writes them (`YYYY-MM`, `YYYY-MM-DD`, UTC instants,
 * `YYYY-Qn`, `YYYY-FY`), read by their UTC fields only: a label never moves to the
 * previous month because the browser is west of Greenwich.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;
const PERIOD = /^(\d{4})-(?:Q([1-4])|(FY))$/;

function utcDay(year: number, monthIndex: number, day: number): Date {
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

/** The first day of a `YYYY-MM` month at 00:00 UTC. */
export function monthStart(month: string): Date {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month YYYY-MM: '${month}'`);
  return utcDay(Number(match[1]), Number(match[2]) - 1, 1);
}

/** A `YYYY-MM-DD` date at 00:00 UTC, or a UTC instant (`…Z`) as it is. */
export function dateOf(value: string): Date {
  const date = DATE.exec(value);
  if (date) return utcDay(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
  if (INSTANT.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  throw new RangeError(`not a date YYYY-MM-DD or a UTC instant: '${value}'`);
}

/** The `YYYY-MM-DD` of a date or of a UTC instant (its UTC date). */
export function isoDateOf(value: string): string {
  return dateOf(value).toISOString().slice(0, 10);
}

export type ParsedPeriod =
  | { readonly kind: 'month'; readonly month: string }
  | { readonly kind: 'quarter'; readonly year: number; readonly quarter: number }
  | { readonly kind: 'fiscal-year'; readonly year: number };

/** A reporting period as the API names it: `2016-02`, `2016-Q1` or `2016-FY` (named by the calendar year it starts in). */
export function parsePeriodLabel(period: string): ParsedPeriod {
  if (MONTH.test(period)) return { kind: 'month', month: period };
  const match = PERIOD.exec(period);
  if (!match) throw new RangeError(`not a period YYYY-MM, YYYY-Qn or YYYY-FY: '${period}'`);
  const year = Number(match[1]);
  return match[2] !== undefined ? { kind: 'quarter', year, quarter: Number(match[2]) } : { kind: 'fiscal-year', year };
}
