/**
 * The dashboard's state lives in the URL, and only there: which view, whose figures
 * (scope), which period, and how the quality table is sorted. So every screen can be
 * bookmarked and shared, and back/forward walk through what was seen. The dashboard is one
 * page at `/` (every other path on its origin may be the API's), so the state is the query
 * string: `/?view=team&team=emea&period=2016-Q1`.
 *
 * Parsing never throws: a value that is missing or not valid is null, and the app fills it
 * from the defaults (resolveState); serialising writes only what the view uses, in a fixed
 * order, so one screen has one URL.
 */
import { parsePeriod } from './periods.js';

export const VIEWS = ['company', 'team', 'rep', 'deal'] as const;
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
}

/** An id as the API accepts one (core/shared/common-schemas.ts). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const EMPTY: UrlState = { view: null, team: null, rep: null, deal: null, period: null, sort: null, order: null };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function idOrNull(value: string | null): string | null {
  return value !== null && ID.test(value) ? value : null;
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
  };
}

/** The query string of a state (with its `?`): only what its view uses, in one order. */
export function serialiseUrlState(state: DashboardState): string {
  const query = new URLSearchParams();
  query.set('view', state.view);
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
  readonly role: 'rep' | 'manager' | 'admin';
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
 * link should.
 */
export function resolveState(url: UrlState, scopes: VisibleScopes, currentPeriod: string): DashboardState {
  const period = url.period ?? currentPeriod;
  const sort = url.sort;
  const order = url.sort ? url.order : null;
  const base = { team: null, rep: null, deal: null, period, sort, order };
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

function defaultState(scopes: VisibleScopes, period: string, sort: QualitySort | null, order: SortOrder | null): DashboardState {
  const base = { team: null, rep: null, deal: null, period, sort, order };
  if (scopes.companyId !== null) return { ...base, view: 'company' };
  const firstTeam = scopes.teamIds[0];
  if (scopes.role !== 'rep' && firstTeam !== undefined) return { ...base, view: 'team', team: firstTeam };
  return { ...base, view: 'rep', rep: scopes.repId };
}

/** The URL of a state, for links (`/?view=…`). */
export function hrefOf(state: DashboardState): string {
  return `/${serialiseUrlState(state)}`;
}
