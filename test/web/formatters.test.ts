import { afterEach, describe, expect, it } from 'vitest';
import { createFormatters } from '#web/app/format/formatters.js';
import { currencyFractionDigits, minorToDecimal } from '#web/app/format/money.js';
import { formatCell } from '#web/app/format/table-cells.js';

// Intl writes a no-break space (U+00A0) or a narrow one (U+202F) where English writes a space.
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const gb = createFormatters({ currency: 'GBP', locale: 'en-GB' });
const us = createFormatters({ currency: 'USD', locale: 'en-US' });
const de = createFormatters({ currency: 'EUR', locale: 'de-DE' });
const jp = createFormatters({ currency: 'JPY', locale: 'ja-JP' });

describe('money, from integer minor units', () => {
  it('writes pounds the British way, dollars the American way and euros the German way', () => {
    expect(gb.money(230_000)).toBe('£2,300.00');
    expect(us.money(123_456_789)).toBe('$1,234,567.89');
    expect(spaced(de.money(123_456_789))).toBe('1.234.567,89 €');
  });

  it('knows that yen have no minor unit: 4,700 yen are 4700 minor units', () => {
    expect(jp.fractionDigits).toBe(0);
    expect(jp.money(4_700)).toBe('￥4,700');
    expect(createFormatters({ currency: 'JPY', locale: 'en-US' }).money(4_700)).toBe('¥4,700');
    expect(currencyFractionDigits('BHD')).toBe(3);
  });

  it('writes negative amounts with a minus sign, and never a negative zero', () => {
    expect(gb.money(-123_456)).toBe('-£1,234.56');
    expect(us.money(-5)).toBe('-$0.05');
    expect(spaced(de.money(-1_234_50))).toBe('-1.234,50 €');
    expect(jp.money(-4_700)).toBe('-￥4,700');
    expect(gb.money(-0)).toBe('£0.00');
  });

  it('is exact far beyond what a float of major units holds', () => {
    expect(gb.money(1_234_567_890_123_456)).toBe('£12,345,678,901,234.56');
    expect(minorToDecimal(1_234_567_890_123_456, 2)).toBe('12345678901234.56');
    expect(() => minorToDecimal(0.5, 2)).toThrow(RangeError);
  });

  it('writes the compact form for axes and labels', () => {
    expect(gb.moneyCompact(123_456_789)).toBe('£1.2m');
    expect(us.moneyCompact(123_456_789)).toBe('$1.2M');
    expect(us.moneyCompact(2_500_000)).toBe('$25K');
    expect(us.moneyCompact(99_900)).toBe('$999');
    expect(us.moneyCompact(-2_500_000)).toBe('-$25K');
    expect(spaced(de.moneyCompact(123_456_789))).toBe('1,2 Mio. €');
    expect(jp.moneyCompact(0)).toBe('￥0');
  });

  it('signs changes, and writes missing figures as a dash', () => {
    expect(gb.moneyChange(125_000)).toBe('+£1,250.00');
    expect(gb.moneyChange(-30_000)).toBe('-£300.00');
    expect(gb.moneyChangeCompact(1_250_000)).toBe('+£12.5k');
    expect(gb.moneyChange(0)).toBe('£0.00');
    expect(gb.money(null)).toBe('—');
    expect(gb.moneyPlain(230_000)).toBe('2300.00');
    expect(jp.moneyPlain(-4_700)).toBe('-4700');
  });
});

describe('ratios, percentages, counts and days', () => {
  it('writes attainment as a percentage with one decimal, per locale', () => {
    expect(gb.ratio(0.8734)).toBe('87.3%');
    expect(us.ratio(1.0625)).toBe('106.3%');
    expect(spaced(de.ratio(0.8734))).toBe('87,3 %');
    expect(gb.ratio(null)).toBe('—');
  });

  it('writes probabilities (0-100) as they are', () => {
    expect(gb.percent(75)).toBe('75%');
    expect(gb.percent(12.5)).toBe('12.5%');
    expect(spaced(de.percent(75))).toBe('75 %');
  });

  it('writes counts, deals and day counts', () => {
    expect(us.count(12_345)).toBe('12,345');
    expect(spaced(de.count(12_345))).toBe('12.345');
    expect(gb.deals(1)).toBe('1 deal');
    expect(gb.deals(2)).toBe('2 deals');
    expect(gb.days(1)).toBe('1 day');
    expect(gb.days(237)).toBe('237 days');
    expect(de.days(14)).toBe('14 Tage');
    expect(gb.days(null)).toBe('—');
  });
});

describe('months, dates and periods', () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    if (originalZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalZone;
  });

  it('labels months plainly from YYYY-MM', () => {
    expect(gb.month('2016-02')).toBe('Feb 2016');
    expect(us.month('2016-12')).toBe('Dec 2016');
    expect(de.month('2016-02')).toBe('Feb. 2016');
    expect(gb.monthLong('2016-02')).toBe('February 2016');
    expect(() => gb.month('2016-13')).toThrow(RangeError);
  });

  it.each([
    ['Pacific/Honolulu', 'UTC-10'],
    ['Pacific/Kiritimati', 'UTC+14'],
  ])('never shifts a month or a date in %s (%s)', (zone) => {
    process.env.TZ = zone;
    // The zone is in force: local fields of these UTC instants fall on another day.
    const offsetHours = -new Date(Date.UTC(2016, 1, 1)).getTimezoneOffset() / 60;
    expect(Math.abs(offsetHours)).toBeGreaterThanOrEqual(10);
    const fmt = createFormatters({ currency: 'GBP', locale: 'en-GB' });
    expect(fmt.month('2016-02')).toBe('Feb 2016');
    expect(fmt.month('2016-01')).toBe('Jan 2016');
    expect(fmt.month('2016-12')).toBe('Dec 2016');
    expect(fmt.date('2016-02-01')).toBe('1 Feb 2016');
    expect(fmt.date('2016-02-29')).toBe('29 Feb 2016');
    expect(fmt.date('2016-03-01T00:00:00.000Z')).toBe('1 Mar 2016');
    expect(fmt.date('2015-12-31T23:59:59Z')).toBe('31 Dec 2015');
    expect(fmt.period('2016-FY')).toBe('FY 2016');
  });

  it('writes dates per locale, and periods by how the API names them', () => {
    expect(us.date('2016-02-20')).toBe('Feb 20, 2016');
    expect(de.date('2016-02-20')).toBe('20. Feb. 2016');
    expect(gb.period('2016-02')).toBe('Feb 2016');
    expect(gb.period('2016-Q1')).toBe('Q1 2016');
    expect(gb.period('2026-FY')).toBe('FY 2026');
    expect(() => gb.date('20/02/2016')).toThrow(RangeError);
    expect(() => gb.period('2016-Q5')).toThrow(RangeError);
  });
});

describe('table cells', () => {
  it('shows each kind with its formatter', () => {
    expect(formatCell(gb, 'money', 230_000)).toBe('£2,300.00');
    expect(formatCell(gb, 'ratio', 0.8)).toBe('80.0%');
    expect(formatCell(gb, 'percent', 75)).toBe('75%');
    expect(formatCell(gb, 'count', 3)).toBe('3');
    expect(formatCell(gb, 'days', 14)).toBe('14 days');
    expect(formatCell(gb, 'month', '2016-02')).toBe('Feb 2016');
    expect(formatCell(gb, 'date', '2016-02-20')).toBe('20 Feb 2016');
    expect(formatCell(gb, 'text', 'Globex licence')).toBe('Globex licence');
    expect(formatCell(gb, 'money', null)).toBe('—');
  });
});
