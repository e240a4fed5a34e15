/**
 * "At risk of slipping": the forecast's ranked deals (`GET /forecasts`, atRisk) as a table,
 * with the revenue a slip would move out of the period and the reasons in words. The rank,
 * the revenue at risk and every reason's figures are the engine's.
 */
import type { ScopeForecast, SlipReason } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { tableOf } from './option-parts.js';

export interface AtRiskContext {
  readonly scopeName: string;
  /** Rep names by id, for the owner column (the deal has the id only). */
  readonly repNames?: Readonly<Record<string, string>>;
  /** Stage names by id. */
  readonly stageNames?: Readonly<Record<string, string>>;
}

const times = (count: number, fmt: Formatters): string => (count === 1 ? 'once' : count === 2 ? 'twice' : `${fmt.count(count)} times`);

/** One reason as a sales manager says it: "close date pushed twice", "no stage change for 74 days (typical 21)". */
export function slipReasonText(reason: SlipReason, fmt: Formatters): string {
  switch (reason.kind) {
    case 'extensions':
      return `close date pushed ${times(reason.closeMonthExtensions, fmt)}`;
    case 'stale-stage':
      return `no stage change for ${fmt.days(reason.daysSinceStageChange)} (typical ${fmt.days(reason.medianDaysInStage)})`;
    case 'older-than-cycle':
      return `open ${fmt.days(reason.daysOpen)}; average cycle ${fmt.days(reason.averageSalesCycleDays)}`;
    case 'low-on-time-rate':
      return `closes this period ${fmt.ratio(reason.closeInPeriod)} of the time`;
  }
}

/** The reasons of one deal, joined and capitalised: "Close date pushed twice; open 160 days; average cycle 90 days". */
export function slipReasonsText(reasons: readonly SlipReason[], fmt: Formatters): string | null {
  if (reasons.length === 0) return null;
  const text = reasons.map((reason) => slipReasonText(reason, fmt)).join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

export function atRiskDealsModel(forecast: ScopeForecast, context: AtRiskContext, fmt: Formatters): ChartModel {
  const period = fmt.period(forecast.period.label);
  const deals = forecast.atRisk;
  const table = tableOf(
    fmt,
    [
      { key: 'deal', label: 'Deal', kind: 'text' },
      { key: 'account', label: 'Account', kind: 'text' },
      { key: 'owner', label: 'Owner', kind: 'text' },
      { key: 'stage', label: 'Stage', kind: 'text' },
      { key: 'closeDate', label: 'Close date', kind: 'date' },
      { key: 'amount', label: 'Amount', kind: 'money' },
      { key: 'winRate', label: 'Win rate', kind: 'ratio' },
      { key: 'closeInPeriod', label: 'Closes in period', kind: 'ratio' },
      { key: 'revenueAtRisk', label: 'Revenue at risk', kind: 'money' },
      { key: 'reasons', label: 'Why', kind: 'text' },
    ],
    deals.map((deal) => ({
      deal: deal.name || deal.opportunityId,
      account: deal.account,
      owner: context.repNames?.[deal.ownerId] ?? deal.ownerId,
      stage: context.stageNames?.[deal.stageId] ?? deal.stageId,
      closeDate: deal.closeDate,
      amount: deal.amount,
      winRate: deal.winRate,
      closeInPeriod: deal.closeInPeriod,
      revenueAtRisk: deal.revenueAtRisk,
      reasons: slipReasonsText(deal.reasons, fmt),
    })),
  );
  const description =
    deals.length === 0
      ? `${context.scopeName}, ${period}: open deals whose close date may slip out of the period.`
      : `${context.scopeName}, ${period}: ${fmt.deals(deals.length)} most likely to slip out of the period, ranked by the ` +
        `expected revenue a slip would move out (amount × win rate × chance it does not close in the period). ` +
        `${forecast.ratesLearnedAt === null ? 'Rates not learned yet: only pushed close dates count.' : `Rates learned ${fmt.date(forecast.ratesLearnedAt)}.`}`;
  return {
    kind: 'table',
    title: 'At risk of slipping',
    description,
    option: null,
    table,
    emptyMessage: `No open deal of ${context.scopeName} closing in ${period} shows a sign of slipping.`,
  };
}
