/**
 * The dashboard's state lives in the URL, and only there: which view, whose figures
 * (scope), which period (or, on the leads page, which range of months), and how the
 * quality table is sorted. So every screen can be
 * bookmarked and shared, and back/forward walk through what was seen. The dashboard is one
 * page at `/` (every other path on its origin may be the API's), so the state is the query
 * string: `/?view=team&team=emea&period=2016-Q1`.
 *
 * Parsing never throws: a value that is missing or not valid is null, and the app fills it
 * from the defaults (resolveState); serialising writes only what the view uses, in a fixed
 * order, so one screen has one URL.
 */
import { addMonths, fiscalYearOf, isMonth, monthsBetween, parsePeriod } from './periods.js';

export const VIEWS = ['company', 'team', 'rep', 'deal', 'leads'] as const;
export type ViewName = (typeof VIEWS)[number];

/** The quality table's sort columns, as the API names them. */
export const QUALITY_SORTS = ['closeDate', 'amount', 'closeMonthExtensions', 'daysSinceLastStageChange', 'daysOpen'] as const;
export type QualitySort = (typeof QUALITY_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export interface UrlState {
  readonly view: ViewName | null;
  readonly team: string | null;
  readonly rep: string | null;
  readonly deal: string | null;
  /** `YYYY-MM`, `YYYY-Qn` or `YYYY-FY`. */
  readonly period: string | null;
  readonly sort: QualitySort | null;
  readonly order: SortOrder | null;
  /** The leads page's first and last month, `YYYY-MM`. */
  readonly from: string | null;
  readonly to: string | null;
}

/** A state with every part the view needs. */
export interface DashboardState {
  readonly view: ViewName;
  /** The team of a team view. */
  readonly team: string | null;
  /** The rep of a rep view. */
  readonly rep: string | null;
  /** The deal of a deal view. */
  readonly deal: string | null;
  readonly period: string;
  readonly sort: QualitySort | null;
  readonly order: SortOrder | null;
  /** The leads page's range of months (both set on it, null elsewhere); its scope is `team`, `rep` or, with neither, the company. */
  readonly from: string | null;
  readonly to: string | null;
}

/** The leads page's default range, and the longest the conversion metrics answer (GET /conversion/*). */
export const DEFAULT_RANGE_MONTHS = 12;
export const MAX_RANGE_MONTHS = 24;

/** An id as the API accepts one (core/shared/common-schemas.ts). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const EMPTY: UrlState = { view: null, team: null, rep: null, deal: null, period: null, sort: null, order: null, from: null, to: null };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function idOrNull(value: string | null): string | null {
  return value !== null && ID.test(value) ? value : null;
}

function monthOrNull(value: string | null): string | null {
  return value !== null && isMonth(value) && parsePeriod(value) !== null ? value : null;
}

/** The state a query string (`?view=…`, with or without the `?`) holds. */
export function parseUrlState(search: string): UrlState {
  const query = new URLSearchParams(search);
  const period = query.get('period');
  return {
    ...EMPTY,
    view: oneOf(VIEWS, query.get('view')),
    team: idOrNull(query.get('team')),
    rep: idOrNull(query.get('rep')),
    deal: idOrNull(query.get('deal')),
    period: period !== null && parsePeriod(period) !== null ? period : null,
    sort: oneOf(QUALITY_SORTS, query.get('sort')),
    order: oneOf(['asc', 'desc'] as const, query.get('order')),
    from: monthOrNull(query.get('from')),
    to: monthOrNull(query.get('to')),
  };
}

/** The query string of a state (with its `?`): only what its view uses, in one order. */
export function serialiseUrlState(state: DashboardState): string {
  const query = new URLSearchParams();
  query.set('view', state.view);
  if (state.view === 'leads') {
    if (state.team) query.set('team', state.team);
    else if (state.rep) query.set('rep', state.rep);
    if (state.from) query.set('from', state.from);
    if (state.to) query.set('to', state.to);
    return `?${query.toString()}`;
  }
  if (state.view === 'team' && state.team) query.set('team', state.team);
  if (state.view === 'rep' && state.rep) query.set('rep', state.rep);
  if (state.view === 'deal' && state.deal) query.set('deal', state.deal);
  query.set('period', state.period);
  if (state.view !== 'deal' && state.sort) query.set('sort', state.sort);
  if (state.view !== 'deal' && state.sort && state.order) query.set('order', state.order);
  return `?${query.toString()}`;
}

/** What the signed-in user may see, from `GET /me`: the scope picker's choices and the defaults. */
export interface VisibleScopes {
  /** Marketing sees the company's leads and campaigns and no one's sales figures: the leads page is all it has. */
  readonly role: 'rep' | 'manager' | 'admin' | 'marketing';
  readonly repId: string;
  /** Null unless the user may see the company's figures. */
  readonly companyId: string | null;
  readonly teamIds: readonly string[];
  readonly repIds: readonly string[];
}

/**
 * A complete state from what the URL says, the user's scopes and the current period: a part
 * missing or invalid takes its default (the company for who may see it, else the first team
 * the user may see, else the user's own figures; the current period). A scope the user may
 * not see is kept: the API answers it (404/403) and the view says "not found", as a shared
 * link should. Marketing has only the leads page: any other view opens it.
 */
export function resolveState(url: UrlState, scopes: VisibleScopes, currentPeriod: string): DashboardState {
  const period = url.period ?? currentPeriod;
  const sort = url.sort;
  const order = url.sort ? url.order : null;
  const base = { team: null, rep: null, deal: null, period, sort, order, from: null, to: null };
  if (url.view === 'leads' || scopes.role === 'marketing') {
    const currentMonth = parsePeriod(currentPeriod)?.months.at(-1) ?? currentPeriod;
    return { ...base, ...leadsScope(url, scopes), view: 'leads', ...monthRange(url.from, url.to, currentMonth) };
  }
  switch (url.view) {
    case 'company':
      if (scopes.companyId !== null) return { ...base, view: 'company' };
      break;
    case 'team':
      if (url.team) return { ...base, view: 'team', team: url.team };
      break;
    case 'rep':
      return { ...base, view: 'rep', rep: url.rep ?? scopes.repId };
    case 'deal':
      if (url.deal) return { ...base, view: 'deal', deal: url.deal };
      break;
  }
  return defaultState(scopes, period, sort, order);
}

/**
 * The leads page's scope: the team or rep the URL names (kept even when GET /me does not
 * list it: the API answers), else the company for who may see its leads (marketing, admins,
 * a manager of the top team), else the first team a manager sees, else the user's own.
 */
function leadsScope(url: UrlState, scopes: VisibleScopes): { team: string | null; rep: string | null } {
  if (url.team) return { team: url.team, rep: null };
  if (url.rep) return { team: null, rep: url.rep };
  if (scopes.role === 'marketing' || scopes.role === 'admin' || scopes.companyId !== null) return { team: null, rep: null };
  const firstTeam = scopes.teamIds[0];
  if (scopes.role === 'manager' && firstTeam !== undefined) return { team: firstTeam, rep: null };
  return { team: null, rep: scopes.repId };
}

/**
 * A range of months as the conversion metrics take it: both ends given and in order, at most
 * MAX_RANGE_MONTHS long; one end alone takes the default length from it (as the API does);
 * neither, or a range the API would refuse, is the DEFAULT_RANGE_MONTHS up to the current month.
 */
export function monthRange(from: string | null, to: string | null, currentMonth: string): { from: string; to: string } {
  const last = to ?? (from !== null ? addMonths(from, DEFAULT_RANGE_MONTHS - 1) : currentMonth);
  const first = from ?? addMonths(last, -(DEFAULT_RANGE_MONTHS - 1));
  const length = monthsBetween(first, last).length;
  if (length === 0 || length > MAX_RANGE_MONTHS) return { from: addMonths(currentMonth, -(DEFAULT_RANGE_MONTHS - 1)), to: currentMonth };
  return { from: first, to: last };
}

function defaultState(scopes: VisibleScopes, period: string, sort: QualitySort | null, order: SortOrder | null): DashboardState {
  const base = { team: null, rep: null, deal: null, period, sort, order, from: null, to: null };
  if (scopes.companyId !== null) return { ...base, view: 'company' };
  const firstTeam = scopes.teamIds[0];
  if (scopes.role !== 'rep' && firstTeam !== undefined) return { ...base, view: 'team', team: firstTeam };
  return { ...base, view: 'rep', rep: scopes.repId };
}

/** The URL of a state, for links (`/?view=…`). */
export function hrefOf(state: DashboardState): string {
  return `/${serialiseUrlState(state)}`;
}

/** The presets, as ranges of months for a current month and fiscal year start. */
export function rangePresets(currentMonth: string, fiscalStart: number): { label: string; from: string; to: string }[] {
  const fiscalYear = parsePeriod(fiscalYearOf(currentMonth, fiscalStart), fiscalStart);
  const firstOfYear = fiscalYear?.months[0] ?? currentMonth;
  return [
    { label: 'Last 12 months', from: addMonths(currentMonth, -(DEFAULT_RANGE_MONTHS - 1)), to: currentMonth },
    { label: 'This fiscal year', from: firstOfYear, to: currentMonth },
    { label: 'Last fiscal year', from: addMonths(firstOfYear, -12), to: addMonths(firstOfYear, -1) },
  ];
}
