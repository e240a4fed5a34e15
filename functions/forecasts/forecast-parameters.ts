/** Query parameters of the forecast routes (strict: an unknown one is a 400). */
import * as z from 'zod';
import { DEFAULT_AT_RISK, DEFAULT_SEED, MAX_AT_RISK, MAX_DRAWS, MAX_SEED } from '#core/forecasts/read-forecast.js';
import { MIN_DRAWS } from '#core/forecasts/won-revenue-simulation.js';
import { Id } from '#core/shared/common-schemas.js';

const scopeParameters = {
  repId: Id.optional().meta({ description: 'one rep' }),
  teamId: Id.optional().meta({ description: 'the team and every team below it; neither repId nor teamId: the company' }),
};
const oneScope = { path: ['teamId'], message: 'give repId or teamId, not both' };

export const ForecastQuery = z
  .strictObject({
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'must be a month YYYY-MM or a fiscal quarter YYYY-Qn: a forecast covers at most a quarter')
      .optional()
      .meta({ description: 'YYYY-MM or YYYY-Qn (fiscal); defaults to the current month', example: '2026-Q4' }),
    ...scopeParameters,
    draws: z.coerce
      .number()
      .int()
      .min(MIN_DRAWS)
      .max(MAX_DRAWS)
      .default(MIN_DRAWS)
      .meta({ description: `Monte Carlo draws, ${MIN_DRAWS}-${MAX_DRAWS}` }),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_SEED)
      .default(DEFAULT_SEED)
      .meta({ description: 'the simulation seed: the same inputs and seed give the same answer' }),
    atRisk: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_AT_RISK)
      .default(DEFAULT_AT_RISK)
      .meta({ description: 'how many deals at risk of slipping to list' }),
  })
  .refine((query) => query.repId === undefined || query.teamId === undefined, oneScope);

export const BacktestQuery = z
  .strictObject(scopeParameters)
  .refine((query) => query.repId === undefined || query.teamId === undefined, oneScope);
