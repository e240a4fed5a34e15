/**
 * The forecast cards of a company, team or rep view: the chance of reaching target beside
 * the gauge, and the deals at risk of slipping. Both read one `GET /forecasts` of the view's
 * period (shared with the target-by-month chart's band for a month). Forecasts cover a month
 * or a quarter that is not over: a fiscal-year view has no forecast cards (a line says why),
 * and a past period's cards say it is over rather than ask.
 */
import type { ScopeForecast, StageList } from '../api/api-types.js';
import { atRiskDealsModel } from '../charts/at-risk-deals.js';
import { wonRevenueForecastChart } from '../charts/won-revenue-forecast.js';
import { h } from '../dom/elements.js';
import { monthOf } from '../state/periods.js';
import { dealLinks, nothingYet } from './chart-specs.js';
import { type Scope, scopeQuery } from './scope.js';
import type { CardSpec, ViewContext } from './view-context.js';

/** The forecast of a scope for a month or quarter (`GET /forecasts`): one request per period and scope in a rendering. */
export function forecastOf(context: ViewContext, scope: Scope, period: string): Promise<ScopeForecast> {
  return context.get<ScopeForecast>('/forecasts', { period, ...scopeQuery(scope) });
}

/** Whether the view's period can be forecast: not a fiscal year (the API refuses it), not over. */
export function forecastable(context: ViewContext): boolean {
  return context.period.kind !== 'fiscal-year' && !periodOver(context);
}

function periodOver(context: ViewContext): boolean {
  return (context.period.months.at(-1) as string) < monthOf(context.now);
}

/**
 * The months of the view whose won-revenue band the target-by-month chart draws: the
 * period's months that are not over (at most a quarter's three), none for a fiscal year.
 */
export function bandMonths(context: ViewContext): string[] {
  if (context.period.kind === 'fiscal-year') return [];
  const current = monthOf(context.now);
  return context.period.months.filter((month) => month >= current).slice(0, 3);
}

/** The one line a fiscal-year view shows where the forecast cards would be. */
export function noForecastNote(context: ViewContext): HTMLElement | null {
  if (context.period.kind !== 'fiscal-year') return null;
  return h(
    'p',
    { class: 'forecast-note', 'data-forecast': 'none' },
    'Forecasts cover a month or a fiscal quarter: choose one to see the chance of reaching target and the deals at risk of slipping.',
  );
}

const FORECAST_TITLE = 'Chance of reaching target';
const AT_RISK_TITLE = 'At risk of slipping';

function overModel(context: ViewContext, title: string, description: string) {
  return nothingYet(
    title,
    description,
    `${context.fmt.period(context.period.text)} is over: its closed won is final, there is nothing left to forecast.`,
  );
}

/** The forecast card and the at-risk card, for a view that may have them (not a fiscal year). */
export function forecastCardSpecs(scope: Scope, scopeName: (context: ViewContext) => string): { forecast: CardSpec; atRisk: CardSpec } {
  return {
    forecast: {
      id: 'target-forecast',
      title: FORECAST_TITLE,
      description: 'The chance of reaching the target, and the range won revenue is likely to end the period in.',
      load: async (context) => {
        if (!forecastable(context)) return { model: overModel(context, FORECAST_TITLE, 'Where won revenue is likely to end the period.') };
        const forecast = await forecastOf(context, scope, context.period.text);
        return { model: wonRevenueForecastChart(forecast, { scopeName: scopeName(context) }, context.fmt) };
      },
    },
    atRisk: {
      id: 'forecast-at-risk',
      title: AT_RISK_TITLE,
      description: 'Open deals of the period most likely to slip out of it, with the revenue at risk and why.',
      wide: true,
      load: async (context) => {
        if (!forecastable(context)) return { model: overModel(context, AT_RISK_TITLE, 'Open deals likely to slip out of the period.') };
        const [forecast, stages] = await Promise.all([
          forecastOf(context, scope, context.period.text),
          context.get<StageList>('/stages').catch(() => ({ stages: [] }) as StageList),
        ]);
        const model = atRiskDealsModel(
          forecast,
          {
            scopeName: scopeName(context),
            repNames: Object.fromEntries(context.me.reps.map((rep) => [rep.id, rep.name])),
            stageNames: Object.fromEntries(stages.stages.map((stage) => [stage.id, stage.name])),
          },
          context.fmt,
        );
        return {
          model,
          extra: {
            links: dealLinks(
              context,
              forecast.atRisk.map((deal) => ({ opportunityId: deal.opportunityId, name: deal.name || deal.opportunityId })),
            ),
            listLinks: false,
          },
        };
      },
    },
  };
}
