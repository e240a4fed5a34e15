/**
 * Money is held in integer minor units (cents). Rates are held as integer parts per
 * million (2 % = 20_000 ppm) so that a rate with up to four decimals of a percent is
 * exact. Products of money and rates go through BigInt and are rounded exactly once,
 * half away from zero, by `roundDiv`: this is the project's only rounding rule.
 */

export const PPM_PER_PERCENT = 10_000;

/** Rounds numerator / denominator to the nearest integer, halves away from zero. */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const quotient = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

/** amount (minor units) x rate (ppm), rounded once to minor units. */
export function applyRate(amountMinor: number, ratePpm: number): number {
  return Number(roundDiv(BigInt(amountMinor) * BigInt(ratePpm), 1_000_000n));
}

/** A percentage such as 2 or 2.5 as ppm; rejects more than four decimals. */
export function percentToPpm(percent: number): number {
  const ppm = Math.round(percent * PPM_PER_PERCENT);
  if (Math.abs(ppm / PPM_PER_PERCENT - percent) > 1e-9) {
    throw new RangeError(`rate ${percent} % has more than four decimals`);
  }
  return ppm;
}

export function ppmToPercent(ppm: number): number {
  return ppm / PPM_PER_PERCENT;
}

/**
 * Sum of amount x probability (percent) kept as an exact integer in "minor units x
 * percent"; converted to minor units once, at the end, with the same rounding rule.
 */
export function weightedToMinor(weightedMinorPercent: number): number {
  return Number(roundDiv(BigInt(weightedMinorPercent), 100n));
}
