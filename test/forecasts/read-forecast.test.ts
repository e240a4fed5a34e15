import { describe, expect, it } from 'vitest';
import { forecastPeriodOf } from '#core/forecasts/read-forecast.js';
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
