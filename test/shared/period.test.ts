import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/shared/errors.js';
import { addMonths, monthOfDate, monthOfInstant, monthsBetween, parsePeriod, wholeDaysBetween } from '#core/shared/period.js';

const monthArbitrary = fc
  .record({ year: fc.integer({ min: 1990, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);

describe('months', () => {
  it('takes the month of a date', () => {
    expect(monthOfDate('2026-02-28')).toBe('2026-02');
    expect(monthOfDate('2025-12-31')).toBe('2025-12');
  });

  it('rejects what is not a date', () => {
    expect(() => monthOfDate('2026-2-28')).toThrow(ValidationError);
    expect(() => monthOfDate('2026-13-01')).toThrow(ValidationError);
  });

  it('takes the month of an instant from UTC fields', () => {
    expect(monthOfInstant(new Date('2026-01-31T23:59:59.999Z'))).toBe('2026-01');
    expect(monthOfInstant(new Date('2026-02-01T00:00:00.000Z'))).toBe('2026-02');
    expect(monthOfInstant(new Date('2026-02-01T00:30:00+01:00'))).toBe('2026-01');
    expect(() => monthOfInstant(new Date('invalid'))).toThrow(ValidationError);
  });

  it('adds months across year boundaries, both ways', () => {
    expect(addMonths('2025-11', 2)).toBe('2026-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-01', 0)).toBe('2026-01');
    expect(addMonths('2026-12', 13)).toBe('2028-01');
    expect(addMonths('2026-03', -27)).toBe('2023-12');
  });

  it('lists the months between two months, both included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-02')).toEqual(['2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });

  it('names the offending field', () => {
    const error = (() => {
      try {
        monthsBetween('2026-01', '2026-1');
      } catch (caught) {
        return caught as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.issues).toEqual([{ field: 'to', message: 'must be a month YYYY-MM' }]);
  });

  it('adding months composes, and the list between has n + 1 months (property)', () => {
    fc.assert(
      fc.property(monthArbitrary, fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }), (month, a, b) => {
        expect(addMonths(addMonths(month, a), b)).toBe(addMonths(month, a + b));
        if (a >= 0) {
          const months = monthsBetween(month, addMonths(month, a));
          expect(months).toHaveLength(a + 1);
          expect([...months].sort()).toEqual(months);
        }
      }),
    );
  });
});

describe('periods', () => {
  it('reads a month', () => {
    expect(parsePeriod('2026-02')).toEqual({ kind: 'month', label: '2026-02', months: ['2026-02'] });
  });

  it('reads calendar quarters and years with the default January start', () => {
    expect(parsePeriod('2026-Q1').months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(parsePeriod('2026-Q4').months).toEqual(['2026-10', '2026-11', '2026-12']);
    const year = parsePeriod('2026-FY');
    expect(year.kind).toBe('fiscal-year');
    expect(year.months).toHaveLength(12);
    expect(year.months[0]).toBe('2026-01');
    expect(year.months[11]).toBe('2026-12');
  });

  it('names a fiscal year by the calendar year in which it starts (April start)', () => {
    const year = parsePeriod('2026-FY', 4);
    expect(year.months[0]).toBe('2026-04');
    expect(year.months[11]).toBe('2027-03');
    expect(parsePeriod('2026-Q1', 4)).toEqual({ kind: 'quarter', label: '2026-Q1', months: ['2026-04', '2026-05', '2026-06'] });
    expect(parsePeriod('2026-Q3', 4).months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(parsePeriod('2026-Q4', 4).months).toEqual(['2027-01', '2027-02', '2027-03']);
  });

  it('has a quarter straddling the year end when the fiscal year starts in November', () => {
    expect(parsePeriod('2025-Q1', 11).months).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(parsePeriod('2025-FY', 11).months.at(-1)).toBe('2026-10');
  });

  it('leaves months alone whatever the fiscal start', () => {
    expect(parsePeriod('2026-02', 7).months).toEqual(['2026-02']);
  });

  it('rejects unknown periods and fiscal start months', () => {
    for (const period of ['2026', '2026-Q5', '2026-Q0', '2026-H1', '2026-fy', '2026-00', '26-02']) {
      expect(() => parsePeriod(period), period).toThrow(ValidationError);
    }
    for (const start of [0, 13, 1.5]) expect(() => parsePeriod('2026-FY', start)).toThrow(ValidationError);
  });

  it('has four quarters of three consecutive months making up the fiscal year (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, start) => {
        const quarters = [1, 2, 3, 4].map((quarter) => parsePeriod(`${year}-Q${quarter}`, start).months);
        for (const months of quarters) expect(months).toEqual(monthsBetween(months[0] ?? '', addMonths(months[0] ?? '', 2)));
        expect(quarters.flat()).toEqual(parsePeriod(`${year}-FY`, start).months);
        expect(parsePeriod(`${year}-FY`, start).months[0]).toBe(`${year}-${String(start).padStart(2, '0')}`);
      }),
    );
  });
});

describe('whole days between instants', () => {
  const at = (text: string) => new Date(text);

  it('rounds down', () => {
    expect(wholeDaysBetween(at('2026-02-01T10:00:00.000Z'), at('2026-02-02T09:59:59.999Z'))).toBe(0);
    expect(wholeDaysBetween(at('2026-02-01T10:00:00.000Z'), at('2026-02-02T10:00:00.000Z'))).toBe(1);
  });

  it('counts across month and year ends, leap day included', () => {
    expect(wholeDaysBetween(at('2025-12-31T00:00:00.000Z'), at('2026-01-01T00:00:00.000Z'))).toBe(1);
    expect(wholeDaysBetween(at('2024-02-28T00:00:00.000Z'), at('2024-03-01T00:00:00.000Z'))).toBe(2);
    expect(wholeDaysBetween(at('2026-01-01T00:00:00.000Z'), at('2027-01-01T00:00:00.000Z'))).toBe(365);
  });

  it('is never negative', () => {
    expect(wholeDaysBetween(at('2026-02-10T00:00:00.000Z'), at('2026-02-01T00:00:00.000Z'))).toBe(0);
  });

  it('refuses an invalid date', () => {
    expect(() => wholeDaysBetween(new Date('invalid'), at('2026-02-01T00:00:00.000Z'))).toThrow(ValidationError);
    expect(() => wholeDaysBetween(at('2026-02-01T00:00:00.000Z'), new Date('invalid'))).toThrow(ValidationError);
  });

  it('is the floor of the elapsed days, never negative (property)', () => {
    const base = Date.parse('2020-01-01T00:00:00.000Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e11 }), fc.integer({ min: 0, max: 4e11 }), (a, b) => {
        const days = wholeDaysBetween(new Date(base + a), new Date(base + b));
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBe(Math.max(0, Math.floor((b - a) / 86_400_000)));
      }),
    );
  });
});
