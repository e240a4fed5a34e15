/**
 * Every card of the company, team, rep and leads views: its id (the DOM contract), its title and
 * description until the model's own arrive, and how it loads: the reads (chart-specs.ts)
 * and the charts helper's builder (web/app/charts/) that turns them into a ChartModel.
 */
import type { CampaignMetrics, ConversionFunnel, LeadMetrics, OpportunityMetrics, StageList } from '../api/api-types.js';
import { campaignRoiChart } from '../charts/campaign-roi.js';
import { closedWonByMemberChart } from '../charts/closed-won-by-member.js';
import { conversionBySourceChart } from '../charts/conversion-by-source.js';
import { leadsByStatusChart } from '../charts/leads-by-status.js';
import { memberAttainmentChart } from '../charts/member-attainment.js';
import type { MonthSeries } from '../charts/month-series.js';
import { openDealsByCommissionChart } from '../charts/open-deals-by-commission.js';
import { pipelineByCloseMonthChart } from '../charts/pipeline-by-close-month.js';
import { pipelineByStageChart } from '../charts/pipeline-by-stage.js';
import { pipelineChangeWaterfallChart } from '../charts/pipeline-change-waterfall.js';
import { pipelineTrendMonthlyChart } from '../charts/pipeline-trend-monthly.js';
import { pipelineTrendWeeklyChart } from '../charts/pipeline-trend-weekly.js';
import { type QualityFlags, qualityTableModel } from '../charts/quality-table.js';
import { repCommissionChart } from '../charts/rep-commission.js';
import { stageFunnelChart } from '../charts/stage-funnel.js';
import { type MonthBand, targetByMonthChart } from '../charts/target-by-month.js';
import { targetGaugeChart } from '../charts/target-gauge.js';
import { winRateByOriginChart } from '../charts/win-rate-by-origin.js';
import { focusMonth } from '../state/periods.js';
import {
  changeOf,
  closeMonthsAhead,
  conversionOf,
  dealLinks,
  fiscalYearMonths,
  memberLinks,
  nothingYet,
  periodOf,
  qualityOf,
  qualitySorting,
  repMonthOf,
  trendOf,
} from './chart-specs.js';
import { nextSaleCardSpec } from './commission-insight-cards.js';
import { bandMonths, forecastCardSpecs, forecastOf } from './forecast-cards.js';
import type { Scope } from './scope.js';
import type { CardContent, CardSpec, ViewContext } from './view-context.js';

type Load = (context: ViewContext) => Promise<CardContent>;

/** What each builder reads, as the API answers it. */
type PeriodAnswer = Parameters<typeof memberAttainmentChart>[0];
type TrendAnswer = Parameters<typeof pipelineTrendMonthlyChart>[0];
type ChangeAnswer = Parameters<typeof pipelineChangeWaterfallChart>[0];
type QualityAnswer = Parameters<typeof qualityTableModel>[0] & {
  readonly rows: readonly { readonly opportunityId: string; readonly name: string }[];
};
type RepMonthAnswer = Parameters<typeof repCommissionChart>[0];

interface CardDefinition {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly wide?: boolean;
}

const CARDS = {
  'target-gauge': {
    id: 'target-gauge',
    title: 'Target',
    description: 'Closed won against the target of the period, with its red, amber and green bands.',
  },
  'target-by-month': {
    id: 'target-by-month',
    title: 'Target, closed won and expected by month',
    description: 'Each month of the fiscal year: the target, what was won and the expected revenue.',
  },
  'members-over-under': {
    id: 'members-over-under',
    title: 'Over and under target by member',
    description: 'Each team or rep: how far over or under target, with attainment and coverage.',
  },
  'pipeline-by-stage': { id: 'pipeline-by-stage', title: 'Pipeline by stage', description: 'The open pipeline of the period by stage.' },
  'closed-won-by-month': {
    id: 'closed-won-by-month',
    title: 'Closed won by month',
    description: 'What each member won, month by month across the fiscal year.',
  },
  'pipeline-by-close-month': {
    id: 'pipeline-by-close-month',
    title: 'Pipeline by close month',
    description: 'The open pipeline of the next six months by close month and stage.',
  },
  'trend-monthly': {
    id: 'trend-monthly',
    title: 'Long-term trend',
    description: 'The open pipeline as at the 1st of each month, by stage.',
  },
  'trend-weekly': { id: 'trend-weekly', title: 'Short-term trend', description: 'The open pipeline as at each Monday, by stage.' },
  'pipeline-change': {
    id: 'pipeline-change',
    title: 'Pipeline change',
    description: 'How the pipeline moved since the start of the period: new, won, lost, slipped, pulled in, grown and shrunk.',
  },
  'quality-table': {
    id: 'quality-table',
    title: 'Deals closing',
    description:
      'Deals due to close in the month, with how often they slipped, how long since their stage moved and how long they have been open.',
    wide: true,
  },
  'rep-commission': {
    id: 'rep-commission',
    title: 'Commission',
    description: 'Commission earned, pipeline commission and total potential, by product family.',
  },
  'rep-open-deals': {
    id: 'rep-open-deals',
    title: 'Open deals by commission',
    description: 'Open deals ranked by the commission each would add if it closed.',
  },
  'leads-by-status': {
    id: 'leads-by-status',
    title: 'Leads by month and status',
    description: 'The leads created each month, by the status they are in now.',
  },
  'conversion-by-source': {
    id: 'conversion-by-source',
    title: 'Conversion rate by source',
    description: 'Of the leads each source brought, the share converted into deals.',
  },
  'win-rate-by-origin': {
    id: 'win-rate-by-origin',
    title: 'Win rate: deals from leads vs others',
    description: 'The win rate of deals converted from leads beside all other deals, by the month they were created.',
  },
  'campaign-roi': {
    id: 'campaign-roi',
    title: 'Revenue and ROI by campaign',
    description: "Revenue won from each campaign's deals beside its actual cost, with its return on investment.",
  },
  'stage-funnel': {
    id: 'stage-funnel',
    title: 'Stage conversion funnel',
    description: 'The deals that reached each stage, and the share of them that reached each later stage and won.',
  },
} as const satisfies Record<string, CardDefinition>;

type CardId = keyof typeof CARDS;

function spec(id: CardId, load: Load): CardSpec {
  return { ...CARDS[id], load };
}

/** The quality table's flagged metrics, cell by cell (the model's flags are one per row, in order). */
const FLAGGED_COLUMNS = ['closeMonthExtensions', 'daysSinceLastStageChange', 'daysOpen'] as const;

function qualityFlags(flags: readonly QualityFlags[]) {
  return {
    isFlagged: (rowIndex: number, columnKey: string) =>
      (FLAGGED_COLUMNS as readonly string[]).includes(columnKey) &&
      flags[rowIndex]?.[columnKey as (typeof FLAGGED_COLUMNS)[number]] === true,
    note: 'marks a figure at or past its threshold: the "Needs attention" column says which.',
  };
}

/** The cards both a team and a rep have, for a scope whose name the view knows. */
function commonLoads(scope: Scope, scopeName: (context: ViewContext) => string) {
  const gauge: Load = async (context) => {
    const period = await periodOf<PeriodAnswer>(context, scope);
    return { model: targetGaugeChart(period.targetRecord, { scopeName: period.name, period: context.period.text }, context.fmt) };
  };
  const byMonth: Load = async (context) => {
    // The forecast band of each month in view that is not over; a month whose forecast fails is drawn without it.
    const [series, ...forecasts] = await Promise.all([
      fiscalYearMonths<MonthSeries>(context, scope),
      ...bandMonths(context).map((month) => forecastOf(context, scope, month).catch(() => null)),
    ]);
    const bands: MonthBand[] = forecasts.flatMap((forecast) =>
      forecast && forecast.period.kind === 'month' ? [{ month: forecast.period.label, ...pickBand(forecast.simulation) }] : [],
    );
    return { model: targetByMonthChart(series, context.fmt, bands) };
  };
  const byStage: Load = async (context) => {
    const period = await periodOf<PeriodAnswer>(context, scope);
    return { model: pipelineByStageChart(period.targetRecord, { scopeName: period.name, period: context.period.text }, context.fmt) };
  };
  const byCloseMonth: Load = async (context) => ({
    model: pipelineByCloseMonthChart(await closeMonthsAhead<MonthSeries>(context, scope), context.fmt, {
      fromMonth: focusMonth(context.period, context.now),
    }),
  });
  const trendMonthly: Load = async (context) => ({
    model: pipelineTrendMonthlyChart(await trendOf<TrendAnswer>(context, scope, 'monthly'), { scopeName: scopeName(context) }, context.fmt),
  });
  const trendWeekly: Load = async (context) => ({
    model: pipelineTrendWeeklyChart(await trendOf<TrendAnswer>(context, scope, 'weekly'), { scopeName: scopeName(context) }, context.fmt),
  });
  const change: Load = async (context) => {
    const report = changeOf<ChangeAnswer>(context, scope);
    if (report === null)
      return {
        model: nothingYet(
          'Pipeline change',
          `How ${scopeName(context)}'s pipeline moves during the period.`,
          'The period has not started yet: there is no change to show.',
        ),
      };
    return { model: pipelineChangeWaterfallChart(await report, { scopeName: scopeName(context) }, context.fmt) };
  };
  const quality: Load = async (context) => {
    const [page, stages] = await Promise.all([
      qualityOf<QualityAnswer>(context, scope),
      context.get<StageList>('/stages').catch(() => ({ stages: [] }) as StageList),
    ]);
    const model = qualityTableModel(
      page,
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
        links: dealLinks(context, page.rows),
        listLinks: false,
        sortable: qualitySorting(context, model),
        flags: qualityFlags(model.flags),
      },
    };
  };
  return { gauge, byMonth, byStage, byCloseMonth, trendMonthly, trendWeekly, change, quality };
}

function pickBand({ p10, p50, p90, probabilityOfReachingTarget }: Omit<MonthBand, 'month'>): Omit<MonthBand, 'month'> {
  return { p10, p50, p90, probabilityOfReachingTarget };
}

/** The forecast cards (chance of reaching target, deals at risk), except in a fiscal-year view: the API forecasts months and quarters. */
function forecastSpecs(context: ViewContext, scope: Scope): CardSpec[] {
  if (context.period.kind === 'fiscal-year') return [];
  const { forecast, atRisk } = forecastCardSpecs(scope, (viewContext) => nameOfScope(viewContext, scope));
  return [forecast, atRisk];
}

/** The pipeline and quality cards, the same for a team and a rep, in the order both show them. */
function pipelineCardSpecs(loads: ReturnType<typeof commonLoads>): CardSpec[] {
  return [
    spec('pipeline-by-stage', loads.byStage),
    spec('pipeline-by-close-month', loads.byCloseMonth),
    spec('trend-monthly', loads.trendMonthly),
    spec('trend-weekly', loads.trendWeekly),
    spec('pipeline-change', loads.change),
    spec('quality-table', loads.quality),
  ];
}

function nameOfScope(context: ViewContext, scope: Scope): string {
  if (scope.kind === 'company') return context.me.company?.name ?? 'The company';
  if (scope.kind === 'team') return context.me.teams.find((team) => team.id === scope.id)?.name ?? scope.id;
  return context.me.reps.find((rep) => rep.id === scope.id)?.name ?? scope.id;
}

/** Charts 1–10 for the company or a team, and the forecast cards of a month or quarter. */
export function scopeCardSpecs(scope: Extract<Scope, { kind: 'company' | 'team' }>, context: ViewContext): CardSpec[] {
  const loads = commonLoads(scope, (context) => nameOfScope(context, scope));
  return [
    spec('target-gauge', loads.gauge),
    spec('target-by-month', loads.byMonth),
    spec('members-over-under', async (context) => {
      const period = await periodOf<PeriodAnswer>(context, scope);
      return { model: memberAttainmentChart(period, context.fmt), extra: { links: memberLinks(context, period.members) } };
    }),
    spec('closed-won-by-month', async (context) => {
      const series = await fiscalYearMonths<MonthSeries>(context, scope);
      const members = new Map(series.months.flatMap((month) => month.members).map((member) => [member.id, member]));
      return { model: closedWonByMemberChart(series, context.fmt), extra: { links: memberLinks(context, [...members.values()]) } };
    }),
    ...pipelineCardSpecs(loads),
    ...forecastSpecs(context, scope),
  ];
}

/** The charts of a rep: those of a team that apply to one person, the rep's commission, ranked deals and next sale, and the forecast cards. */
export function repCardSpecs(repId: string, context: ViewContext): CardSpec[] {
  const scope: Scope = { kind: 'rep', id: repId };
  const loads = commonLoads(scope, (context) => nameOfScope(context, scope));
  return [
    spec('rep-commission', async (context) => ({
      model: repCommissionChart(await repMonthOf<RepMonthAnswer>(context, repId), context.fmt),
    })),
    spec('rep-open-deals', async (context) => {
      const month = await repMonthOf<RepMonthAnswer>(context, repId);
      return {
        model: openDealsByCommissionChart(month, context.fmt),
        extra: { links: dealLinks(context, month.commissionRecord.openDeals) },
      };
    }),
    nextSaleCardSpec(repId),
    spec('target-gauge', loads.gauge),
    spec('target-by-month', loads.byMonth),
    ...pipelineCardSpecs(loads),
    ...forecastSpecs(context, scope),
  ];
}

/** The reads of the leads page that more than one part of it shows (a card and the headline figures). */
export function leadMetricsByMonth(context: ViewContext, scope: Scope): Promise<LeadMetrics> {
  return conversionOf<LeadMetrics>(context, scope, 'leads', 'month');
}

export function opportunityMetricsByMonth(context: ViewContext, scope: Scope): Promise<OpportunityMetrics> {
  return conversionOf<OpportunityMetrics>(context, scope, 'opportunities', 'month');
}

/** The five cards of the leads page, for the company, a team or a rep, over the state's range of months. */
export function leadsCardSpecs(scope: Scope): CardSpec[] {
  return [
    spec('leads-by-status', async (context) => ({ model: leadsByStatusChart(await leadMetricsByMonth(context, scope), context.fmt) })),
    spec('conversion-by-source', async (context) => ({
      model: conversionBySourceChart(await conversionOf<LeadMetrics>(context, scope, 'leads', 'source'), context.fmt),
    })),
    spec('win-rate-by-origin', async (context) => ({
      model: winRateByOriginChart(await opportunityMetricsByMonth(context, scope), context.fmt),
    })),
    spec('campaign-roi', async (context) => ({
      model: campaignRoiChart(await conversionOf<CampaignMetrics>(context, scope, 'campaigns'), context.fmt),
    })),
    spec('stage-funnel', async (context) => ({
      model: stageFunnelChart(await conversionOf<ConversionFunnel>(context, scope, 'funnel'), context.fmt),
    })),
  ];
}
