import { describe, expect, it } from 'vitest';
import type { Band } from '#core/commission/commission-levels.js';
import { nextSaleInBands, nextSaleOf } from '#core/commission/next-sale.js';
import { DAVE_BANDS, generalLevels, major } from '../support/record-factories.js';

const CAPPED: readonly Band[] = [
  { from: 0, to: major(10_000), ratePercent: 5 },
  { from: major(10_000), to: major(20_000), ratePercent: 8 },
];

describe('the next sale (Dave Apthorp: 2 % to 50,000; 4 % to 75,000; 6 % above)', () => {
  it('won 80,000: 6 %, in the open top band, no next band', () => {
    const { pools } = nextSaleOf({ '': major(80_000) }, generalLevels(DAVE_BANDS));
    expect(pools).toEqual([
      {
        productFamily: null,
        pooledFamilies: [],
        wonRevenue: major(80_000),
        band: { from: major(75_000), to: null, ratePercent: 6 },
        marginalRatePercent: 6,
        revenueToNextBand: null,
        nextBand: null,
        capped: false,
      },
    ]);
  });

  it('won 40,000: 2 %, 10,000 to the 4 % band', () => {
    const [pool] = nextSaleOf({ '': major(40_000) }, generalLevels(DAVE_BANDS)).pools;
    expect(pool?.marginalRatePercent).toBe(2);
    expect(pool?.band).toEqual({ from: 0, to: major(50_000), ratePercent: 2 });
    expect(pool?.revenueToNextBand).toBe(major(10_000));
    expect(pool?.nextBand).toEqual({ from: major(50_000), to: major(75_000), ratePercent: 4 });
  });

  it('revenue exactly at a band edge: the next sale is in the band above ([from, to))', () => {
    const at = nextSaleInBands(major(50_000), DAVE_BANDS);
    expect(at.marginalRatePercent).toBe(4);
    expect(at.revenueToNextBand).toBe(major(25_000));
    const justBelow = nextSaleInBands(major(50_000) - 1, DAVE_BANDS);
    expect(justBelow.marginalRatePercent).toBe(2);
    expect(justBelow.revenueToNextBand).toBe(1);
  });

  it('nothing won yet: the first band, all of it to go', () => {
    expect(nextSaleInBands(0, DAVE_BANDS)).toMatchObject({ marginalRatePercent: 2, revenueToNextBand: major(50_000) });
  });

  it('above a capped last band: capped, rate 0, no band', () => {
    expect(nextSaleInBands(major(20_000), CAPPED)).toEqual({
      band: null,
      marginalRatePercent: 0,
      revenueToNextBand: null,
      nextBand: null,
      capped: true,
    });
    expect(nextSaleInBands(major(15_000), CAPPED)).toMatchObject({
      marginalRatePercent: 8,
      revenueToNextBand: major(5_000),
      nextBand: null,
      capped: false,
    });
  });

  it('no levels: an empty list with levels null', () => {
    expect(nextSaleOf({ '': major(1_000) }, null)).toEqual({ levels: null, pools: [] });
    expect(nextSaleOf({ '': major(1_000) }, generalLevels(null))).toEqual({ levels: null, pools: [] });
  });

  it('per family: a family with its own levels is its own pool; the others pool into the general one', () => {
    const levels = generalLevels(DAVE_BANDS, { services: [{ from: 0, to: null, ratePercent: 10 }] });
    const { pools } = nextSaleOf({ '': major(30_000), hardware: major(25_000), services: major(5_000) }, levels);
    expect(
      pools.map(({ productFamily, pooledFamilies, wonRevenue, marginalRatePercent, revenueToNextBand }) => ({
        productFamily,
        pooledFamilies,
        wonRevenue,
        marginalRatePercent,
        revenueToNextBand,
      })),
    ).toEqual([
      {
        productFamily: null,
        pooledFamilies: ['hardware'],
        wonRevenue: major(55_000),
        marginalRatePercent: 4,
        revenueToNextBand: major(20_000),
      },
      { productFamily: 'services', pooledFamilies: [], wonRevenue: major(5_000), marginalRatePercent: 10, revenueToNextBand: null },
    ]);
  });

  it('only family levels: the general pool has no bands and earns 0', () => {
    const { pools } = nextSaleOf({ hardware: major(1_000) }, generalLevels(null, { services: DAVE_BANDS }));
    expect(pools[0]).toMatchObject({
      productFamily: null,
      band: null,
      marginalRatePercent: 0,
      capped: false,
      pooledFamilies: ['hardware'],
    });
    expect(pools[1]).toMatchObject({ productFamily: 'services', wonRevenue: 0, marginalRatePercent: 2 });
  });
});
