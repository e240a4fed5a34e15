import fc from 'fast-check';
import type { Band } from '#core/commission/commission-levels.js';

/** Valid bands: from 0, contiguous, rates with up to four decimals; the last may be capped. */
export const bandsArbitrary: fc.Arbitrary<Band[]> = fc
  .record({
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 1e11 }), { maxLength: 5 }),
    ratesPpm: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 7, maxLength: 7 }),
    capped: fc.boolean(),
  })
  .map(({ cuts, ratesPpm, capped }) => {
    const edges = [0, ...[...cuts].sort((a, b) => a - b)];
    const last = edges.length - 1;
    return edges
      .map((from, index) => ({ from, to: edges[index + 1] ?? null, ratePercent: (ratesPpm[index] ?? 0) / 10_000 }))
      .filter((_band, index) => !(capped && index === last && last > 0))
      .map((band, index, all) => (capped && index === all.length - 1 && band.to === null ? { ...band, to: band.from + 1e9 } : band));
  });

export const revenueArbitrary = fc.integer({ min: 0, max: 1e13 });
