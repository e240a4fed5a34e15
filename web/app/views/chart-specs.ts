/**
 * The dashboard's charts: for each, which reads of the API it needs for the view's scope and
 * period, and the charts helper's builder that turns them into a ChartModel. Nothing here
 * computes a figure: dates and months of the requests only.
 */
import type { QueryValue } from '../api/api-client.js';
import type { PeriodMember, QualityPage, RepMonthDeals, ScopePeriod } from '../api/api-types.js';
import type { ChartModel } from '../charts/chart-model.js';
import type { DrillLink, SortableColumns } from '../components/chart-card.js';
import { addMonths, changeWindow, firstDayOf, fiscalYearOfPeriod, focusMonth, monthOf } from '../state/periods.js';
import { QUALITY_SORTS } from '../state/url-state.js';
import { type Scope, scopePath, scopeQuery } from './scope.js';
import type { CardSpec, ViewContext } from './view-context.js';

/** Points of the long-term (monthly) and short-term (weekly) trend. */
export const MONTHLY_TREND_POINTS = 13;
export const WEEKLY_TREND_POINTS = 8;
/** Months of the pipeline by close month. */
export const CLOSE_MONTHS_AHEAD = 6;
/** Rows of the quality table asked for (the API's pages hold up to 200). */
export const QUALITY_ROWS = 100;

const DAY_MS = 86_400_000;

/** Reads shared by several cards of one view. */
export function periodOf<T extends ScopePeriod>(context: ViewContext, scope: Scope): Promise<T> {
  return context.get<T>(`${scopePath(scope)}/periods/${context.period.text}`);
}

export function monthsOf<T>(context: ViewContext, scope: Scope, from: string, to: string): Promise<T> {
  return context.get<T>(`${scopePath(scope)}/months`, { from, to });
}

export function fiscalYearMonths<T>(context: ViewContext, scope: Scope): Promise<T> {
  const year = fiscalYearOfPeriod(context.period, context.settings.fiscalYearStartMonth);
  return monthsOf<T>(context, scope, year.months[0] as string, year.months[year.months.length - 1] as string);
}

export function closeMonthsAhead<T>(context: ViewContext, scope: Scope): Promise<T> {
  const first = focusMonth(context.period, context.now);
  return monthsOf<T>(context, scope, first, addMonths(first, CLOSE_MONTHS_AHEAD - 1));
}

/**
 * A trend's points: the last N up to now while the period runs (or before it starts), or the
 * N up to the period's end once it is over, so a past period shows the trend of its time.
 */
export function trendQuery(context: ViewContext, scope: Scope, series: 'monthly' | 'weekly'): Record<string, QueryValue> {
  const points = series === 'monthly' ? MONTHLY_TREND_POINTS : WEEKLY_TREND_POINTS;
  const last = context.period.months[context.period.months.length - 1] as string;
  const base = { series, ...scopeQuery(scope) };
  if (monthOf(context.now) <= last) return { ...base, last: points };
  const end = firstDayOf(addMonths(last, 1));
  const from =
    series === 'monthly'
      ? firstDayOf(addMonths(last, 2 - points))
      : new Date(Date.parse(`${end}T00:00:00Z`) - (points - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  return { ...base, from, to: end };
}

export function trendOf<T>(context: ViewContext, scope: Scope, series: 'monthly' | 'weekly'): Promise<T> {
  return context.get<T>('/pipeline/trend', trendQuery(context, scope, series));
}

/** The change from the period's start to now, or to its end once over; null before it starts. */
export function changeOf<T>(context: ViewContext, scope: Scope): Promise<T> | null {
  const window = changeWindow(context.period, context.now);
  if (window === null) return null;
  return context.get<T>('/pipeline/change', { from: window.from, to: window.to, ...scopeQuery(scope) });
}

export function qualityOf<T extends QualityPage>(context: ViewContext, scope: Scope): Promise<T> {
  return context.get<T>('/quality', {
    month: focusMonth(context.period, context.now),
    ...scopeQuery(scope),
    sort: context.state.sort ?? undefined,
    order: context.state.sort ? (context.state.order ?? 'asc') : undefined,
    limit: QUALITY_ROWS,
  });
}

/** The conversion metrics of the leads page's range of months and scope (`GET /conversion/…`). */
export function conversionOf<T>(
  context: ViewContext,
  scope: Scope,
  metric: 'leads' | 'opportunities' | 'campaigns' | 'funnel',
  by?: 'month' | 'source',
): Promise<T> {
  // One query shape for every card, so two cards asking the same read share one request.
  return context.get<T>(`/conversion/${metric}`, {
    from: context.state.from ?? undefined,
    to: context.state.to ?? undefined,
    by,
    ...scopeQuery(scope),
  });
}

export function repMonthOf<T extends RepMonthDeals>(context: ViewContext, repId: string): Promise<T> {
  return context.get<T>(`/reps/${encodeURIComponent(repId)}/months/${focusMonth(context.period, context.now)}`);
}

/** Links to the members of a team's or the company's period: their own views, same period. */
export function memberLinks(context: ViewContext, members: readonly PeriodMember[]): DrillLink[] {
  return members.map((member) =>
    member.kind === 'team'
      ? { label: member.name, href: context.hrefTo({ view: 'team', team: member.id, rep: null, deal: null }) }
      : { label: member.name, href: context.hrefTo({ view: 'rep', rep: member.id, team: null, deal: null }) },
  );
}

export function dealLinks(context: ViewContext, deals: readonly { readonly opportunityId: string; readonly name: string }[]): DrillLink[] {
  const seen = new Set<string>();
  return deals
    .filter((deal) => !seen.has(deal.opportunityId) && seen.add(deal.opportunityId))
    .map((deal) => ({ label: deal.name, href: context.hrefTo({ view: 'deal', deal: deal.opportunityId, team: null, rep: null }) }));
}

/** The quality table's columns the API can sort by (those whose key is an API sort name). */
export function qualitySorting(context: ViewContext, model: ChartModel): SortableColumns {
  const columns: Record<string, string> = {};
  for (const column of model.table.columns) if ((QUALITY_SORTS as readonly string[]).includes(column.key)) columns[column.key] = column.key;
  return {
    columns,
    sort: context.state.sort ?? 'closeDate',
    order: context.state.sort ? (context.state.order ?? 'asc') : 'asc',
    hrefFor: (sort, order) => context.hrefTo({ sort: sort as (typeof QUALITY_SORTS)[number], order }),
  };
}

/** A model with nothing to draw, for a card whose question has no answer yet (a period not started). */
export function nothingYet(title: string, description: string, emptyMessage: string): ChartModel {
  return { title, description, option: null, table: { columns: [], rows: [] }, emptyMessage };
}

export type { CardSpec };
