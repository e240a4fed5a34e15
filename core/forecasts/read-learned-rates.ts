/**
 * The learned rates, for every signed-in role: they are counts of deals by stage and hold
 * no one's pay or pipeline. Before the first refresh: every open stage at its configured
 * probability, closing on time (what forecasts use then).
 */
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import { configuredRates } from './configured-rates.js';
import type { LearnedRates } from './forecast-model.js';
import type { LearnedRatesRepository } from './forecast-repositories.js';

export interface ReadLearnedRatesPorts {
  readonly learnedRates: Pick<LearnedRatesRepository, 'read'>;
  readonly configurations: StageConfigurationRepository;
}

export async function readLearnedRates(ports: ReadLearnedRatesPorts): Promise<LearnedRates> {
  const stored = await ports.learnedRates.read();
  return stored ?? configuredRates(await stageConfigurationInForce(ports.configurations));
}
