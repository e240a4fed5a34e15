import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_DRAWS, simulateWonRevenue } from '#core/forecasts/won-revenue-simulation.js';

/** Four standard errors: a correct simulation lands outside this once in some 16,000 runs. */
const within = (value: number, exact: number, standardError: number) =>
  expect(Math.abs(value - exact)).toBeLessThanOrEqual(4 * standardError);

describe('the won-revenue simulation', () => {
  it('90,000 won of a 100,000 target and one open 20,000 deal at 50 %: P(reach target) = 0.5', () => {
    const result = simulateWonRevenue({
      wonSoFar: 9_000_000,
      target: 10_000_000,
      openDeals: [{ amount: 2_000_000, probability: 0.5 }],
      draws: MIN_DRAWS,
      seed: 1,
    });
    within(result.probabilityOfReachingTarget ?? -1, 0.5, Math.sqrt(0.25 / MIN_DRAWS));
    // Either the deal is lost or won: the percentiles are the two outcomes.
    expect(result.p10).toBe(9_000_000);
    expect(result.p90).toBe(11_000_000);
    within(result.mean, 10_000_000, 2_000_000 * Math.sqrt(0.25 / MIN_DRAWS));
  });

  it('85,000 won and two open 10,000 deals at 50 %: both must be won, P = 0.25', () => {
    const result = simulateWonRevenue({
      wonSoFar: 8_500_000,
      target: 10_000_000,
      openDeals: [
        { amount: 1_000_000, probability: 0.5 },
        { amount: 1_000_000, probability: 0.5 },
      ],
      draws: 20_000,
      seed: 7,
    });
    within(result.probabilityOfReachingTarget ?? -1, 0.25, Math.sqrt((0.25 * 0.75) / 20_000));
    expect(result.p50).toBe(9_500_000);
    expect(result.standardError).toBeCloseTo(
      Math.sqrt(((result.probabilityOfReachingTarget ?? 0) * (1 - (result.probabilityOfReachingTarget ?? 0))) / 20_000),
      12,
    );
  });

  it('is certain without uncertain deals: won already, deals at 0 and 1, no target', () => {
    const result = simulateWonRevenue({
      wonSoFar: 5_000,
      target: null,
      openDeals: [
        { amount: 1_000, probability: 1 },
        { amount: 9_999, probability: 0 },
      ],
      draws: 10,
      seed: 3,
    });
    expect(result).toEqual({
      draws: 10,
      seed: 3,
      p10: 6_000,
      p50: 6_000,
      p90: 6_000,
      mean: 6_000,
      probabilityOfReachingTarget: null,
      standardError: null,
    });
    expect(simulateWonRevenue({ wonSoFar: 6_000, target: 6_000, openDeals: [], draws: 10, seed: 3 }).probabilityOfReachingTarget).toBe(1);
    expect(simulateWonRevenue({ wonSoFar: 5_999, target: 6_000, openDeals: [], draws: 10, seed: 3 }).probabilityOfReachingTarget).toBe(0);
  });

  it('gives the same answer for the same deals and seed, and percentiles in order within the possible range', () => {
    const deal = fc.record({ amount: fc.integer({ min: 0, max: 5_000_000 }), probability: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(
        fc.array(deal, { maxLength: 30 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer(),
        (openDeals, wonSoFar, target, seed) => {
          const question = { wonSoFar, target, openDeals, draws: 500, seed };
          const first = simulateWonRevenue(question);
          expect(simulateWonRevenue(question)).toEqual(first);
          expect(first.p10).toBeLessThanOrEqual(first.p50);
          expect(first.p50).toBeLessThanOrEqual(first.p90);
          const possible = wonSoFar + openDeals.reduce((sum, { amount, probability }) => sum + (probability > 0 ? amount : 0), 0);
          expect(first.p10).toBeGreaterThanOrEqual(wonSoFar);
          expect(first.p90).toBeLessThanOrEqual(possible);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('changes with the seed', () => {
    const question = {
      wonSoFar: 0,
      target: 1_500_000,
      openDeals: Array.from({ length: 20 }, () => ({ amount: 100_000, probability: 0.7 })),
      draws: 1_000,
    };
    expect(simulateWonRevenue({ ...question, seed: 1 }).probabilityOfReachingTarget).not.toBe(
      simulateWonRevenue({ ...question, seed: 2 }).probabilityOfReachingTarget,
    );
  });

  it('refuses amounts that are not minor units and probabilities outside 0..1', () => {
    const base = { wonSoFar: 0, target: 100, draws: 10, seed: 1 };
    expect(() => simulateWonRevenue({ ...base, openDeals: [{ amount: 10.5, probability: 0.5 }] })).toThrow(RangeError);
    expect(() => simulateWonRevenue({ ...base, openDeals: [{ amount: 10, probability: 1.5 }] })).toThrow(RangeError);
    expect(() => simulateWonRevenue({ ...base, openDeals: [{ amount: 10, probability: Number.NaN }] })).toThrow(RangeError);
    expect(() => simulateWonRevenue({ ...base, draws: 0, openDeals: [] })).toThrow(RangeError);
  });
});
