/**
 * Every figure the dashboard shows goes through one `Formatters`, built once from the
 * company's currency and locale and handed to every chart builder and view. Amounts come
 * in integer minor units; ratios as the engine gives them (1 = 100 %); probabilities as
 * percentages (0-100); months, dates and instants as the API writes them, always read in UTC.
 */
import { dateOf, monthStart, parsePeriodLabel } from './calendar.js';
import { currencyFractionDigits, minorToDecimal } from './money.js';

export interface FormatSettings {
  /** ISO 4217 code of the company's currency: GBP, USD, EUR, JPY, … */
  readonly currency: string;
  /** BCP 47 locale: en-GB, en-US, de-DE, … */
  readonly locale: string;
}

/** What a missing figure (no target, so no attainment) is shown as. */
export const NOT_AVAILABLE = '—';

export interface Formatters extends FormatSettings {
  /** Digits after the decimal point of the currency (2 for GBP, 0 for JPY). */
  readonly fractionDigits: number;
  /** Shown for a missing figure. */
  readonly none: string;
  /** Minor units in full: 123456 → "£1,234.56". */
  money(minor: number | null): string;
  /** Minor units, short, for axes and bar labels: 123456789 → "£1.2m" (en-GB) or "$1.2M" (en-US). */
  moneyCompact(minor: number | null): string;
  /** A change, always signed: "+£1,250.00", "-£300.00". */
  moneyChange(minor: number | null): string;
  /** A change, signed and short: "+£1.3k". */
  moneyChangeCompact(minor: number | null): string;
  /** Minor units as a plain decimal in major units ("1234.56"), for CSV. */
  moneyPlain(minor: number): string;
  /** A ratio (1 = 100 %) as a percentage with one decimal: 0.8734 → "87.3%" (en-GB), "87,3 %" (de-DE). */
  ratio(ratio: number | null): string;
  /** A percentage 0-100 (a probability): 75 → "75%". */
  percent(percent: number | null): string;
  count(count: number | null): string;
  /** "1 deal", "3 deals". */
  deals(count: number): string;
  /** `YYYY-MM` → "Feb 2016". */
  month(month: string): string;
  /** `YYYY-MM` → "February 2016". */
  monthLong(month: string): string;
  /** `2016-02` → "Feb 2016", `2016-Q1` → "Q1 2016", `2016-FY` → "FY 2016". */
  period(period: string): string;
  /** `YYYY-MM-DD`, or the UTC date of an instant → "20 Feb 2016" (en-GB), "Feb 20, 2016" (en-US). */
  date(date: string): string;
  /** A number of days, to one decimal at most: "1 day", "14 days", "12.3 days". */
  days(days: number | null): string;
}

export function createFormatters({ currency, locale }: FormatSettings): Formatters {
  const fractionDigits = currencyFractionDigits(currency);
  const moneyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const moneyChangeFormat = new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: 'exceptZero' });
  const compact = { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } as const;
  const compactFormat = new Intl.NumberFormat(locale, compact);
  const compactChangeFormat = new Intl.NumberFormat(locale, { ...compact, signDisplay: 'exceptZero' });
  const ratioFormat = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'unit', unit: 'percent', maximumFractionDigits: 2 });
  const countFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const daysFormat = new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: 1 });
  const plural = new Intl.PluralRules(locale);
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const monthLongFormat = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const yearFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });

  // Whole minor units go through an exact decimal string; anything else (an axis tick
  // between two cents, a scale maximum) is divided as a float: it is only ever drawn.
  const major = (minor: number): `${number}` | number =>
    Number.isSafeInteger(minor) ? minorToDecimal(minor === 0 ? 0 : minor, fractionDigits) : minor / 10 ** fractionDigits;
  const orNone =
    <T>(format: (value: T) => string) =>
    (value: T | null): string =>
      value === null || (typeof value === 'number' && !Number.isFinite(value)) ? NOT_AVAILABLE : format(value);
  const yearOf = (year: number): string => yearFormat.format(monthStart(`${String(year).padStart(4, '0')}-01`));

  return {
    currency,
    locale,
    fractionDigits,
    none: NOT_AVAILABLE,
    money: orNone((minor: number) => moneyFormat.format(major(minor))),
    moneyCompact: orNone((minor: number) => compactFormat.format(major(minor))),
    moneyChange: orNone((minor: number) => moneyChangeFormat.format(major(minor))),
    moneyChangeCompact: orNone((minor: number) => compactChangeFormat.format(major(minor))),
    moneyPlain: (minor) => minorToDecimal(minor === 0 ? 0 : minor, fractionDigits),
    ratio: orNone((ratio: number) => ratioFormat.format(ratio)),
    percent: orNone((percent: number) => percentFormat.format(percent)),
    count: orNone((count: number) => countFormat.format(count)),
    deals: (count) => `${countFormat.format(count)} ${plural.select(count) === 'one' ? 'deal' : 'deals'}`,
    month: (month) => monthFormat.format(monthStart(month)),
    monthLong: (month) => monthLongFormat.format(monthStart(month)),
    period: (period) => {
      const parsed = parsePeriodLabel(period);
      if (parsed.kind === 'month') return monthFormat.format(monthStart(parsed.month));
      if (parsed.kind === 'quarter') return `Q${parsed.quarter} ${yearOf(parsed.year)}`;
      return `FY ${yearOf(parsed.year)}`;
    },
    date: (date) => dateFormat.format(dateOf(date)),
    days: orNone((days: number) => daysFormat.format(days)),
  };
}
