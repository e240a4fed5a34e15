import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Band } from '#core/commission/commission-levels.js';
import {
  applyLevelsWrite,
  bandsInForce,
  type CommissionLevelsEntry,
  type LevelsWriteInput,
  levelsInForce,
  planLevelsWrite,
} from '#core/commission/commission-levels-timeline.js';
import { ValidationError } from '#core/shared/errors.js';
import { addMonths, monthsBetween } from '#core/shared/period.js';

/** A one-band plan paying `ratePercent`, so that plans are told apart by their rate. */
const plan = (ratePercent: number): Band[] => [{ from: 0, to: null, ratePercent }];
const general = (fromMonth: string, bands: Band[] | null): CommissionLevelsEntry => ({ productFamily: null, fromMonth, bands });
const services = (fromMonth: string, bands: Band[] | null): CommissionLevelsEntry => ({ productFamily: 'services', fromMonth, bands });
const write = (fromMonth: string, toMonth: string | null, bands: Band[], productFamily: string | null = null): LevelsWriteInput => ({
  productFamily,
  fromMonth,
  toMonth,
  bands,
});

describe('levels in force', () => {
  const entries = [general('2026-01', plan(2)), general('2026-04', plan(3)), services('2026-02', plan(10)), services('2026-06', null)];

  it('has nothing before the first entry', () => {
    expect(levelsInForce(entries, '2025-12')).toEqual({ general: null, byFamily: {} });
  });

  it('carries the latest entry forward, per family', () => {
    expect(levelsInForce(entries, '2026-03')).toEqual({ general: plan(2), byFamily: { services: plan(10) } });
    expect(levelsInForce(entries, '2027-12')).toEqual({ general: plan(3), byFamily: {} });
  });

  it('drops a family from the month its levels end', () => {
    expect(levelsInForce(entries, '2026-05').byFamily).toEqual({ services: plan(10) });
    expect(levelsInForce(entries, '2026-06').byFamily).toEqual({});
  });

  it('does not depend on the order of the entries', () => {
    expect(bandsInForce([...entries].reverse(), null, '2026-04')).toEqual(plan(3));
  });
});

describe('planning a levels write', () => {
  it('carries forward without an end month and keeps later changes', () => {
    const existing = [general('2026-01', plan(2)), general('2026-09', plan(5))];
    expect(planLevelsWrite(existing, write('2026-03', null, plan(3)))).toEqual({ put: [general('2026-03', plan(3))], delete: [] });
  });

  it('gives a single kicker month and restores the plan after it', () => {
    const existing = [general('2026-01', plan(2))];
    expect(planLevelsWrite(existing, write('2026-03', '2026-03', plan(4)))).toEqual({
      put: [general('2026-03', plan(4)), general('2026-04', plan(2))],
      delete: [],
    });
  });

  it('replaces the changes inside the range and resumes what was in force after it', () => {
    const existing = [general('2026-01', plan(2)), general('2026-05', plan(5)), general('2026-09', plan(9))];
    expect(planLevelsWrite(existing, write('2026-03', '2026-06', plan(3)))).toEqual({
      put: [general('2026-03', plan(3)), general('2026-07', plan(5))],
      delete: [general('2026-05', plan(5))],
    });
  });

  it('puts nothing after the range when a change already starts there', () => {
    const existing = [general('2026-01', plan(2)), general('2026-07', plan(7))];
    expect(planLevelsWrite(existing, write('2026-03', '2026-06', plan(3)))).toEqual({ put: [general('2026-03', plan(3))], delete: [] });
  });

  it('ends the range with "no levels" when nothing was in force after it', () => {
    expect(planLevelsWrite([], write('2026-11', '2027-01', plan(3)))).toEqual({
      put: [general('2026-11', plan(3)), general('2027-02', null)],
      delete: [],
    });
  });

  it('leaves the other families alone', () => {
    const existing = [general('2026-01', plan(2)), services('2026-04', plan(10)), services('2026-08', plan(12))];
    const result = planLevelsWrite(existing, write('2026-03', '2026-12', plan(4)));
    expect(result).toEqual({ put: [general('2026-03', plan(4)), general('2027-01', plan(2))], delete: [] });
    const forFamily = planLevelsWrite(existing, write('2026-02', '2026-05', plan(11), 'services'));
    expect(forFamily).toEqual({
      put: [services('2026-02', plan(11)), services('2026-06', plan(10))],
      delete: [services('2026-04', plan(10))],
    });
  });

  it('rejects an end month before the start month', () => {
    expect(() => planLevelsWrite([], write('2026-03', '2026-02', plan(3)))).toThrow(ValidationError);
  });

  it('gives the same levels when the same write is repeated', () => {
    const existing = [general('2026-01', plan(2)), general('2026-05', plan(5))];
    const input = write('2026-03', '2026-06', plan(3));
    const once = applyLevelsWrite(existing, planLevelsWrite(existing, input));
    const twice = applyLevelsWrite(once, planLevelsWrite(once, input));
    for (const month of monthsBetween('2025-12', '2027-01')) expect(levelsInForce(twice, month), month).toEqual(levelsInForce(once, month));
  });
});

const monthArbitrary = fc.integer({ min: 0, max: 35 }).map((offset) => addMonths('2025-01', offset));
const entryArbitrary = fc.record({
  productFamily: fc.constantFrom(null, 'services'),
  fromMonth: monthArbitrary,
  bands: fc.option(fc.integer({ min: 1, max: 50 }).map(plan), { nil: null }),
});

describe('planning a levels write: properties', () => {
  it('applies the input exactly over its range and leaves every other month as it was', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(entryArbitrary, { selector: (entry) => `${entry.productFamily}|${entry.fromMonth}`, maxLength: 8 }),
        fc.constantFrom(null, 'services'),
        monthArbitrary,
        fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
        fc.integer({ min: 51, max: 99 }),
        (existing, productFamily, fromMonth, length, rate) => {
          const toMonth = length === null ? null : addMonths(fromMonth, length);
          const after = applyLevelsWrite(existing, planLevelsWrite(existing, write(fromMonth, toMonth, plan(rate), productFamily)));
          // Without an end month the input runs until the family's next change already planned.
          const nextChange = existing
            .filter((entry) => entry.productFamily === productFamily && entry.fromMonth > fromMonth)
            .map((entry) => entry.fromMonth)
            .sort()[0];
          const lastMonth = toMonth ?? (nextChange ? addMonths(nextChange, -1) : '9999-12');
          for (const month of monthsBetween('2024-12', '2028-12')) {
            const expected = month >= fromMonth && month <= lastMonth ? plan(rate) : bandsInForce(existing, productFamily, month);
            expect(bandsInForce(after, productFamily, month), month).toEqual(expected);
            const otherFamily = productFamily === null ? 'services' : null;
            expect(bandsInForce(after, otherFamily, month)).toEqual(bandsInForce(existing, otherFamily, month));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
