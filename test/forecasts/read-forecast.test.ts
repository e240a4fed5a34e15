import { describe, expect, it } from 'vitest';
import { checkDrawWork, forecastPeriodOf, MAX_DRAW_WORK } from '#core/forecasts/read-forecast.js';
import { MIN_DRAWS } from '#core/forecasts/won-revenue-simulation.js';
import { ValidationError } from '#core/shared/errors.js';

describe('the period of a forecast', () => {
  it('is a month or a fiscal quarter (an April fiscal year: 2026-Q4 is January to March 2027)', () => {
    expect(forecastPeriodOf('2026-11', 4)).toEqual({ kind: 'month', label: '2026-11', months: ['2026-11'] });
    expect(forecastPeriodOf('2026-Q4', 4)).toEqual({ kind: 'quarter', label: '2026-Q4', months: ['2027-01', '2027-02', '2027-03'] });
  });

  it('is never a fiscal year: a ValidationError on the field period', () => {
    const refused = (() => {
      try {
        forecastPeriodOf('2026-FY', 1);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((issue) => issue.field)).toEqual(['period']);
  });
});

describe('the draws a forecast may take', () => {
  it('any number up to the maximum while draws x open deals stays within the work limit, MIN_DRAWS always', () => {
    expect(() => checkDrawWork(100_000, 2_000)).not.toThrow();
    expect(() => checkDrawWork(MIN_DRAWS, 1_000_000)).not.toThrow();
    expect(() => checkDrawWork(20_000, 10_000)).not.toThrow();
    expect(MAX_DRAW_WORK).toBe(200_000_000);
  });

  it('beyond it: a ValidationError on draws that says how many these deals allow', () => {
    expect(() => checkDrawWork(20_001, 10_000)).toThrow('draws must be at most 20000 for 10000 open deals');
    expect(() => checkDrawWork(100_000, 2_001)).toThrow(ValidationError);
  });
});
