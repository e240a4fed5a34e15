import { readBacktest } from '#core/forecasts/read-backtest.js';
import { readForecast } from '#core/forecasts/read-forecast.js';
import { readLearnedRates } from '#core/forecasts/read-learned-rates.js';
import { COMPANY_SCOPE, type Scope } from '#core/organisation/scope.js';
import { monthOfInstant } from '#core/shared/period.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { LearnedRatesDocument, ScopeBacktestDocument, ScopeForecastDocument } from './forecast-documents.js';
import { BacktestQuery, ForecastQuery } from './forecast-parameters.js';

function scopeOf(query: { readonly repId?: string | undefined; readonly teamId?: string | undefined }): Scope {
  if (query.repId !== undefined) return { kind: 'rep', repId: query.repId };
  if (query.teamId !== undefined) return { kind: 'team', teamId: query.teamId };
  return COMPANY_SCOPE;
}

export const forecastRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/forecasts',
    operationId: 'getForecast',
    summary:
      'Forecast of a rep, team or the company for a month or quarter: expected revenue three ways, the Monte Carlo of won revenue (P10/P50/P90, probability of reaching target), the deals most at risk of slipping',
    tag: 'forecasts',
    query: ForecastQuery,
    responses: { 200: { description: 'the forecast made now', schema: ScopeForecastDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) =>
      json(
        200,
        await readForecast(adapters, access, {
          scope: scopeOf(query),
          period: query.period ?? monthOfInstant(adapters.clock.now()),
          draws: query.draws,
          seed: query.seed,
          atRisk: query.atRisk,
        }),
      ),
  }),
  defineRoute({
    method: 'GET',
    path: '/forecasts/rates',
    operationId: 'getLearnedRates',
    summary:
      'The win and on-time rates learned from closed deals by stage, close-month extensions and days since the last stage change, with the counts behind each (the configured probabilities before the first refresh)',
    tag: 'forecasts',
    responses: { 200: { description: 'the rates of the latest refresh', schema: LearnedRatesDocument } },
    action: async (_request, adapters) => json(200, await readLearnedRates(adapters)),
  }),
  defineRoute({
    method: 'GET',
    path: '/forecasts/backtest',
    operationId: 'getForecastBacktest',
    summary:
      "The backtest of a scope's forecasts: each past month's forecast as made at its start against what happened, the Brier score and calibration of the probability of reaching target, the error of each expected-revenue figure",
    tag: 'forecasts',
    query: BacktestQuery,
    responses: { 200: { description: 'the backtest of the latest refresh (no months before the first)', schema: ScopeBacktestDocument } },
    problems: [404],
    action: async ({ query, access }, adapters) => json(200, await readBacktest(adapters, access, scopeOf(query))),
  }),
];
