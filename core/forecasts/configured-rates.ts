/**
 * The rates forecasts use before the first refresh has learned any: every open stage wins
 * with its configured probability and closes in its close month (no slip risk), as the
 * engine always assumed. No cells, no medians, no cycle: nothing is learned yet.
 */
import type { StageConfiguration } from '../organisation/stage.js';
import type { LearnedRates, StageRates } from './forecast-model.js';
import { DEFAULT_MIN_OBSERVATIONS } from './learned-rates.js';

export function configuredRates(stages: StageConfiguration): LearnedRates {
  return {
    learnedAt: null,
    minObservations: DEFAULT_MIN_OBSERVATIONS,
    stages: stages.stages
      .filter((stage) => stage.outcome === 'open')
      .map(
        (stage): StageRates => ({
          stageId: stage.id,
          configuredProbability: stage.probability,
          win: { observations: 0, won: 0 },
          onTime: { observations: 0, closedWithin: [0, 0, 0] },
          winRate: stage.probability / 100,
          winRateSource: 'configured',
          closedWithin: [1, 1, 1],
          closedWithinSource: 'assumed',
          medianDaysInStage: null,
          cells: [],
        }),
      ),
    averageSalesCycleDays: null,
    closedDeals: 0,
  };
}
