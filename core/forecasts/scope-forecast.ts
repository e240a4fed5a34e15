/**
 * The forecast of a scope and period from its open deals, what is won so far, its target
 * and the learned rates. Each open deal counts three ways:
 * - stage probability: amount x its configured probability (the engine's expected revenue);
 * - calibrated: amount x its learned win rate;
 * - slip-adjusted: amount x win rate x the chance it closes within the period.
 * Each sum is rounded once (half up) at the end; projectedWon adds what is won so far.
 * The Monte Carlo draws each deal won within the period with winRate x closeInPeriod.
 */
import { closeInPeriod, ratesForDeal } from './deal-rates.js';
import type { AtRiskDeal, ForecastInput, ScopeForecast } from './forecast-model.js';
import { atRiskDealOf, rankAtRisk } from './slip-risk.js';
import { type SimulatedDeal, simulateWonRevenue } from './won-revenue-simulation.js';

export function forecastOf(input: ForecastInput): ScopeForecast {
  const { scope, period, asAt, openDeals, wonSoFar, target, rates, draws, seed, atRiskLimit } = input;
  // Amount x percent is exact in integers; the learned figures are sums of products with rates.
  let weightedMinorPercent = 0;
  let calibrated = 0;
  let slipAdjusted = 0;
  let pipeline = 0;
  const simulated: SimulatedDeal[] = [];
  const atRisk: AtRiskDeal[] = [];
  for (const deal of openDeals) {
    const dealRates = ratesForDeal(rates, deal);
    const inPeriod = closeInPeriod(dealRates, deal, period.months);
    pipeline += deal.amount;
    weightedMinorPercent += deal.amount * deal.configuredProbability;
    calibrated += deal.amount * dealRates.winRate;
    slipAdjusted += deal.amount * dealRates.winRate * inPeriod;
    simulated.push({ amount: deal.amount, probability: dealRates.winRate * inPeriod });
    if (atRiskLimit > 0) {
      const risk = atRiskDealOf(deal, dealRates, inPeriod, rates);
      if (risk !== undefined) atRisk.push(risk);
    }
  }
  const expected = {
    stageProbability: roundHalfUp(weightedMinorPercent / 100),
    calibrated: roundHalfUp(calibrated),
    slipAdjusted: roundHalfUp(slipAdjusted),
  };
  return {
    scope,
    period,
    asAt,
    ratesLearnedAt: rates.learnedAt,
    target,
    wonSoFar,
    openDeals: openDeals.length,
    pipeline,
    expected,
    projectedWon: {
      stageProbability: wonSoFar + expected.stageProbability,
      calibrated: wonSoFar + expected.calibrated,
      slipAdjusted: wonSoFar + expected.slipAdjusted,
    },
    simulation: simulateWonRevenue({ wonSoFar, target, openDeals: simulated, draws, seed }),
    atRisk: rankAtRisk(atRisk, atRiskLimit),
  };
}

/**
 * Half up, tolerant of the float error of a sum of products (0.5 computed as 0.49999999).
 * The figures are expectations; a billionth of a minor unit does not matter, a whole one shown
 * differently from a hand calculation does.
 */
function roundHalfUp(value: number): number {
  return Math.floor(value + 0.5 + 1e-9 + Math.abs(value) * 1e-12);
}
