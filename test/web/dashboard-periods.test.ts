import { describe, expect, it } from 'vitest';
import {
  addMonths,
  changeWindow,
  fiscalYearOf,
  fiscalYearOfPeriod,
  focusMonth,
  monthOf,
  monthsBetween,
  type Period,
  parsePeriod,
  periodContaining,
  periodLabel,
  quarterOf,
  shiftPeriod,
} from '#web/app/state/periods.js';

const period = (text: string, fiscalStart = 1) => parsePeriod(text, fiscalStart) as Period;

describe('parsePeriod', () => {
  it('reads months, calendar quarters and years with a January start', () => {
    expect(parsePeriod('2016-02')).toEqual({ kind: 'month', text: '2016-02', months: ['2016-02'] });
    expect(parsePeriod('2016-Q1')?.months).toEqual(['2016-01', '2016-02', '2016-03']);
    expect(parsePeriod('2016-Q4')?.months).toEqual(['2016-10', '2016-11', '2016-12']);
    expect(parsePeriod('2016-FY')?.months).toEqual(monthsBetween('2016-01', '2016-12'));
  });

  it('names fiscal quarters and years by the calendar year they start in, as the API does', () => {
    expect(parsePeriod('2026-FY', 4)?.months).toEqual(monthsBetween('2026-04', '2027-03'));
    expect(parsePeriod('2026-Q1', 4)?.months).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(parsePeriod('2026-Q4', 4)?.months).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(parsePeriod('2026-Q4', 12)?.months).toEqual(['2027-09', '2027-10', '2027-11']);
  });

  it.each([
    '',
    '2016',
    '2016-00',
    '2016-13',
    '2016-Q0',
    '2016-Q5',
    '2016-fy',
    '16-02',
    '2016-2',
    '1969-12',
    '2200-01',
    '2016-02-01',
    ' 2016-02',
  ])('refuses %j', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });

  it('takes an out-of-range fiscal start as January', () => {
    expect(parsePeriod('2016-Q1', 0)?.months).toEqual(['2016-01', '2016-02', '2016-03']);
    expect(parsePeriod('2016-Q1', 13)?.months).toEqual(['2016-01', '2016-02', '2016-03']);
  });
});

describe('months', () => {
  it('adds across year boundaries', () => {
    expect(addMonths('2016-12', 1)).toBe('2017-01');
    expect(addMonths('2016-01', -1)).toBe('2015-12');
    expect(addMonths('2016-02', -25)).toBe('2014-01');
    expect(monthsBetween('2015-11', '2016-02')).toEqual(['2015-11', '2015-12', '2016-01', '2016-02']);
    expect(monthsBetween('2016-02', '2016-01')).toEqual([]);
  });

  it('takes the UTC month of an instant', () => {
    expect(monthOf(new Date('2016-02-29T23:59:59.999Z'))).toBe('2016-02');
    expect(monthOf(new Date('2016-03-01T00:00:00.000Z'))).toBe('2016-03');
    expect(monthOf(new Date('2015-12-31T23:30:00-01:00'))).toBe('2016-01');
  });
});

describe('the period of a kind containing a month', () => {
  it('finds fiscal quarters and years', () => {
    expect(quarterOf('2016-02')).toBe('2016-Q1');
    expect(quarterOf('2016-12')).toBe('2016-Q4');
    expect(quarterOf('2027-02', 4)).toBe('2026-Q4');
    expect(quarterOf('2026-04', 4)).toBe('2026-Q1');
    expect(fiscalYearOf('2027-03', 4)).toBe('2026-FY');
    expect(fiscalYearOf('2027-04', 4)).toBe('2027-FY');
    expect(periodContaining('month', '2016-02')).toBe('2016-02');
    expect(periodContaining('quarter', '2016-05')).toBe('2016-Q2');
    expect(periodContaining('fiscal-year', '2016-05', 7)).toBe('2015-FY');
  });

  it('shifts a period by whole periods of its kind', () => {
    expect(shiftPeriod(period('2016-01'), -1)).toBe('2015-12');
    expect(shiftPeriod(period('2016-Q4'), 1)).toBe('2017-Q1');
    expect(shiftPeriod(period('2016-Q1', 4), -1, 4)).toBe('2015-Q4');
    expect(shiftPeriod(period('2016-FY', 4), 1, 4)).toBe('2017-FY');
  });

  it('finds the fiscal year of a period', () => {
    expect(fiscalYearOfPeriod(period('2016-02')).text).toBe('2016-FY');
    expect(fiscalYearOfPeriod(period('2016-Q4', 4), 4).months[0]).toBe('2016-04');
    expect(fiscalYearOfPeriod(period('2017-02', 4), 4).text).toBe('2016-FY');
  });
});

describe('focusMonth: the month a period stands for', () => {
  const now = new Date('2016-02-25T10:00:00Z');

  it('is the month of a month period', () => {
    expect(focusMonth(period('2015-07'), now)).toBe('2015-07');
  });

  it('is the current month while a quarter or year runs, else its last or first month', () => {
    expect(focusMonth(period('2016-Q1'), now)).toBe('2016-02');
    expect(focusMonth(period('2016-FY'), now)).toBe('2016-02');
    expect(focusMonth(period('2015-Q3'), now)).toBe('2015-09');
    expect(focusMonth(period('2016-Q3'), now)).toBe('2016-07');
  });
});

describe('changeWindow', () => {
  const now = new Date('2016-02-25T10:00:00Z');

  it('runs from the first day of the period to now while it runs', () => {
    expect(changeWindow(period('2016-02'), now)).toEqual({ from: '2016-02-01', to: null });
    expect(changeWindow(period('2016-FY'), now)).toEqual({ from: '2016-01-01', to: null });
  });

  it('ends on the first day after a period that is over', () => {
    expect(changeWindow(period('2016-01'), now)).toEqual({ from: '2016-01-01', to: '2016-02-01' });
    expect(changeWindow(period('2015-Q4'), now)).toEqual({ from: '2015-10-01', to: '2016-01-01' });
  });

  it('is null before the period starts', () => {
    expect(changeWindow(period('2016-03'), now)).toBeNull();
  });
});

describe('periodLabel', () => {
  it('names months in full, and quarters and years with their months', () => {
    expect(periodLabel(period('2016-02'))).toBe('February 2016');
    expect(periodLabel(period('2016-Q1'))).toBe('Q1 FY2016 (Jan–Mar 2016)');
    expect(periodLabel(period('2016-FY'))).toBe('FY2016 (Jan–Dec 2016)');
    expect(periodLabel(period('2026-FY', 4))).toBe('FY2026 (Apr 2026 – Mar 2027)');
    expect(periodLabel(period('2026-Q4', 11))).toBe('Q4 FY2026 (Aug–Oct 2027)');
  });
});
