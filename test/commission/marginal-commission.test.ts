import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Band } from '#core/commission/commission-levels.js';
import { commissionOf, graduatedCommission } from '#core/commission/marginal-commission.js';
import { GENERAL_FAMILY } from '#core/linkage/deal-link.js';
import { bandsArbitrary, revenueArbitrary } from '../support/band-arbitrary.js';
import { DAVE_BANDS, generalLevels, major } from '../support/record-factories.js';

const flat = (ratePercent: number): Band[] => [{ from: 0, to: null, ratePercent }];

describe('graduated commission: the seed example (Dave Apthorp, February 2016)', () => {
  it('earns 2,300 on 80,000 won', () => {
    const result = graduatedCommission(major(80_000), DAVE_BANDS);
    expect(result.total).toBe(major(2_300));
    expect(result.byBand.map((band) => [band.revenue, band.commission])).toEqual([
      [major(50_000), major(1_000)],
      [major(25_000), major(1_000)],
      [major(5_000), major(300)],
    ]);
  });

  it('earns 4,700 on 120,000', () => {
    expect(graduatedCommission(major(120_000), DAVE_BANDS).total).toBe(major(4_700));
  });

  it('earns nothing on nothing', () => {
    expect(graduatedCommission(0, DAVE_BANDS).total).toBe(0);
  });
});

describe('graduated commission: band edges', () => {
  it('pays the lower rate on revenue exactly at a band edge ([from, to) bands)', () => {
    const atEdge = graduatedCommission(major(50_000), DAVE_BANDS);
    expect(atEdge.total).toBe(major(1_000));
    expect(atEdge.byBand.map((band) => band.revenue)).toEqual([major(50_000), 0, 0]);
  });

  it('one cent either side of the edge', () => {
    const below = graduatedCommission(major(50_000) - 1, DAVE_BANDS);
    expect(below.byBand.map((band) => band.revenue)).toEqual([4_999_999, 0, 0]);
    expect(below.total).toBe(100_000); // 99,999.98 cents rounds to 100,000
    const above = graduatedCommission(major(50_000) + 1, DAVE_BANDS);
    expect(above.byBand.map((band) => band.revenue)).toEqual([5_000_000, 1, 0]);
    expect(above.byBand.map((band) => band.commission)).toEqual([100_000, 0, 0]); // 0.04 cent rounds to 0
    expect(above.total).toBe(100_000);
  });

  it('crosses the second edge into 6 %', () => {
    expect(graduatedCommission(major(75_000), DAVE_BANDS).total).toBe(major(2_000));
    const above = graduatedCommission(major(75_000) + 50, DAVE_BANDS);
    expect(above.byBand.map((band) => band.revenue)).toEqual([major(50_000), major(25_000), 50]);
    expect(above.total).toBe(major(2_000) + 3); // 50 x 6 % = 3 cents
  });
});

describe('graduated commission: rounding', () => {
  it('rounds half away from zero', () => {
    expect(graduatedCommission(25, flat(2)).total).toBe(1); // 0.5
    expect(graduatedCommission(75, flat(2)).total).toBe(2); // 1.5
    expect(graduatedCommission(24, flat(2)).total).toBe(0); // 0.48
    expect(graduatedCommission(26, flat(2)).total).toBe(1); // 0.52
  });

  it('rounds once per band, not once per total', () => {
    const twoBandsAtFive: Band[] = [
      { from: 0, to: 10, ratePercent: 5 },
      { from: 10, to: null, ratePercent: 5 },
    ];
    expect(graduatedCommission(20, twoBandsAtFive).byBand.map((band) => band.commission)).toEqual([1, 1]); // 0.5 + 0.5
    expect(graduatedCommission(20, twoBandsAtFive).total).toBe(2);
    expect(graduatedCommission(20, flat(5)).total).toBe(1);
  });

  it('handles fractional rates exactly', () => {
    expect(graduatedCommission(major(10_000), flat(2.5)).total).toBe(major(250));
    expect(graduatedCommission(101, flat(2.5)).total).toBe(3); // 2.525
    expect(graduatedCommission(major(100_000), flat(0.0001)).total).toBe(10);
    expect(graduatedCommission(major(1_000), flat(33.3333)).total).toBe(33_333); // 33,333.3 cents
  });

  it('pays nothing above a capped last band', () => {
    const capped: Band[] = [
      { from: 0, to: major(10_000), ratePercent: 5 },
      { from: major(10_000), to: major(20_000), ratePercent: 10 },
    ];
    const result = graduatedCommission(major(50_000), capped);
    expect(result.byBand.map((band) => band.revenue)).toEqual([major(10_000), major(10_000)]);
    expect(result.total).toBe(major(1_500));
  });

  it('treats negative revenue as none', () => {
    expect(graduatedCommission(-500, DAVE_BANDS).total).toBe(0);
  });
});

describe('graduated commission: properties', () => {
  it('never decreases when revenue grows', () => {
    fc.assert(
      fc.property(bandsArbitrary, revenueArbitrary, revenueArbitrary, (bands, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(graduatedCommission(low, bands).total).toBeLessThanOrEqual(graduatedCommission(high, bands).total);
      }),
    );
  });

  it('is the sum of its bands, whose revenues add up to the revenue below the cap', () => {
    fc.assert(
      fc.property(bandsArbitrary, revenueArbitrary, (bands, revenue) => {
        const result = graduatedCommission(revenue, bands);
        expect(result.total).toBe(result.byBand.reduce((sum, band) => sum + band.commission, 0));
        const cap = bands.at(-1)?.to ?? Number.POSITIVE_INFINITY;
        expect(result.byBand.reduce((sum, band) => sum + band.revenue, 0)).toBe(Math.min(revenue, cap));
      }),
    );
  });

  it('is within half a cent per band of the exact figure', () => {
    fc.assert(
      fc.property(bandsArbitrary, revenueArbitrary, (bands, revenue) => {
        const result = graduatedCommission(revenue, bands);
        const exactTimesMillion = result.byBand.reduce(
          (sum, band) => sum + BigInt(band.revenue) * BigInt(Math.round(band.ratePercent * 10_000)),
          0n,
        );
        const error = BigInt(result.total) * 1_000_000n - exactTimesMillion;
        expect(error < 0n ? -error : error).toBeLessThanOrEqual(BigInt(bands.length) * 500_000n);
      }),
    );
  });
});

describe('commission with product families', () => {
  const services: Band[] = [{ from: 0, to: null, ratePercent: 10 }];

  it('runs a family with its own levels through them and pools the rest through the general levels', () => {
    const revenue = { [GENERAL_FAMILY]: major(30_000), hardware: major(50_000), services: major(10_000) };
    const result = commissionOf(revenue, generalLevels(DAVE_BANDS, { services }));
    expect(result.byFamily.map(({ productFamily, revenue, commission }) => ({ productFamily, revenue, commission }))).toEqual([
      { productFamily: null, revenue: major(80_000), commission: major(2_300) },
      { productFamily: 'services', revenue: major(10_000), commission: major(1_000) },
    ]);
    expect(result.total).toBe(major(3_300));
  });

  it('earns nothing without levels', () => {
    expect(commissionOf({ [GENERAL_FAMILY]: major(80_000) }, null).total).toBe(0);
    expect(commissionOf({ [GENERAL_FAMILY]: major(80_000) }, generalLevels(null)).total).toBe(0);
  });

  it('earns on a family with levels even when there are no general levels', () => {
    const result = commissionOf({ [GENERAL_FAMILY]: major(80_000), services: major(1_000) }, generalLevels(null, { services }));
    expect(result.total).toBe(major(100));
    expect(result.byFamily[0]).toMatchObject({ productFamily: null, revenue: major(80_000), commission: 0 });
  });

  it('does not mistake a family named like an object property for one with levels', () => {
    const result = commissionOf({ constructor: major(80_000) }, generalLevels(DAVE_BANDS));
    expect(result.byFamily).toHaveLength(1);
    expect(result.total).toBe(major(2_300));
  });

  it('gives the same commission however pooled revenue is split across families (property)', () => {
    fc.assert(
      fc.property(bandsArbitrary, fc.array(fc.integer({ min: 0, max: 1e11 }), { maxLength: 4 }), (bands, amounts) => {
        const byFamily = Object.fromEntries(amounts.map((amount, index) => [`family-${index}`, amount]));
        const total = amounts.reduce((sum, amount) => sum + amount, 0);
        expect(commissionOf(byFamily, generalLevels(bands)).total).toBe(graduatedCommission(total, bands).total);
      }),
    );
  });
});
