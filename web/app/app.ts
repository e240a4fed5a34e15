/**
 * The dashboard once configured: signs the user in (or sends them to sign in), reads who
 * they are and what they may see (GET /me) and the company's settings, then renders the
 * view the URL names, again on every navigation. Each rendering has its own AbortController:
 * a navigation cancels the requests the previous view still had in flight, and disposes its
 * charts.
 */
import { type ApiClient, createApiClient } from './api/api-client.js';
import { ApiError, isAbort } from './api/api-error.js';
import type { DashboardSettings, Me } from './api/api-types.js';
import type { AuthSession } from './auth/auth-session.js';
import type { LocalSession } from './auth/local-session.js';
import type { OidcSession } from './auth/oidc-session.js';
import { createLeadRangeForm, type LeadRangeForm } from './components/lead-range-form.js';
import { createScopePeriodForm, type ScopePeriodForm } from './components/scope-period-form.js';
import type { AppConfig } from './config.js';
import { h, replaceChildren } from './dom/elements.js';
import { createFormatters, type Formatters } from './format/formatters.js';
import { createRouter, type Router, routerLink } from './router.js';
import { monthOf, parsePeriod, periodContaining, periodLabel } from './state/periods.js';
import { type DashboardState, hrefOf, parseUrlState, resolveState, type UrlState, type VisibleScopes } from './state/url-state.js';
import { renderDealView } from './views/deal-view.js';
import { renderLeadsView } from './views/leads-view.js';
import { renderRepView } from './views/rep-view.js';
import { renderScopeView } from './views/scope-view.js';
import { renderSignInView } from './views/sign-in-view.js';
import { createViewContext, type RenderedView } from './views/view-context.js';

export type Session = LocalSession | OidcSession;

const ROLE_LABELS = { rep: 'Rep', manager: 'Manager', admin: 'Admin', marketing: 'Marketing' } as const;
/** What the dashboard formats money in when the API does not say (an API from before the setting). */
const FALLBACK_CURRENCY = 'GBP';

interface SignedIn {
  readonly me: Me;
  readonly settings: DashboardSettings;
  readonly fmt: Formatters;
  readonly form: ScopePeriodForm;
  readonly leadsForm: LeadRangeForm;
  readonly router: Router;
}

/**
 * The header's links to the two pages: the sales figures (company, team, rep) and the leads
 * page, each keeping the team or rep in view. Marketing has the leads page only: it sees no
 * one's deals, targets or commission.
 */
function pageLinks(
  state: DashboardState,
  scopes: VisibleScopes,
  currentPeriod: string,
): { label: string; href: string; current: boolean }[] {
  const blank = parseUrlState('');
  const scope: Partial<UrlState> = state.team ? { team: state.team } : state.rep ? { rep: state.rep } : {};
  const leads = {
    label: 'Leads & campaigns',
    href: hrefOf(resolveState({ ...blank, ...scope, view: 'leads' }, scopes, currentPeriod)),
    current: state.view === 'leads',
  };
  if (scopes.role === 'marketing') return [leads];
  const salesView = state.view === 'leads' ? (state.team ? 'team' : state.rep ? 'rep' : null) : null;
  const sales = {
    label: 'Targets & pipeline',
    href: hrefOf(resolveState({ ...blank, ...(salesView ? { ...scope, view: salesView } : {}) }, scopes, currentPeriod)),
    current: state.view !== 'leads',
  };
  return [sales, leads];
}

export class DashboardApp {
  private readonly api: ApiClient;
  private readonly main: HTMLElement;
  private readonly userArea: HTMLElement;
  private readonly controlsArea: HTMLElement;
  private readonly pagesNav: HTMLElement;
  private signedIn: SignedIn | undefined;
  private view: RenderedView | undefined;
  private controller: AbortController | undefined;
  private signingOut = false;

  constructor(
    root: HTMLElement,
    config: AppConfig,
    private readonly session: Session,
  ) {
    this.api = createApiClient({
      baseUrl: config.apiUrl,
      idToken: () => session.idToken(),
      onUnauthorized: () => this.sessionEnded('Your sign-in has expired: sign in again.'),
    });
    this.main = h('main', { id: 'main', tabindex: '-1', 'data-busy': 'true' });
    this.userArea = h('div', { class: 'app-header__user' });
    this.controlsArea = h('div', { class: 'app-controls' });
    this.pagesNav = h('nav', { class: 'app-header__pages', 'aria-label': 'Pages' });
    replaceChildren(
      root,
      h('a', { class: 'skip-link', href: '#main' }, 'Skip to the figures'),
      h(
        'header',
        { class: 'app-header' },
        h('a', { class: 'app-header__brand', href: '/' }, 'Sales performance'),
        this.pagesNav,
        this.userArea,
      ),
      this.controlsArea,
      this.main,
    );
  }

  async start(notice?: string): Promise<void> {
    this.signingOut = false;
    if ((await this.session.idToken()) === null) {
      this.showSignIn(notice);
      return;
    }
    this.main.dataset.busy = 'true';
    replaceChildren(this.main, h('p', { class: 'loading-note', role: 'status' }, 'Loading…'));
    let me: Me;
    let settings: DashboardSettings;
    try {
      [me, settings] = await Promise.all([this.api.get<Me>('/me'), this.api.get<DashboardSettings>('/settings')]);
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'unauthorized') return;
      this.showFatal(error instanceof Error ? error.message : 'The dashboard could not start.');
      return;
    }
    const fmt = createFormatters({
      currency: settings.currency ?? FALLBACK_CURRENCY,
      locale: settings.locale ?? (navigator.language || 'en-GB'),
    });
    const router = createRouter((search, cause) => this.render(search, cause));
    const form = createScopePeriodForm(me, settings.fiscalYearStartMonth, (href) => router.navigate(href));
    const leadsForm = createLeadRangeForm(me, settings.fiscalYearStartMonth, fmt.month, (href) => router.navigate(href));
    this.signedIn = { me, settings, fmt, form, leadsForm, router };
    replaceChildren(
      this.userArea,
      h('span', { class: 'app-header__name' }, me.rep.name),
      h('span', { class: 'role-badge' }, ROLE_LABELS[me.role] ?? me.role),
      h('button', { type: 'button', class: 'button button--small', onclick: () => void this.signOut() }, 'Sign out'),
    );
    router.start();
  }

  /** The engine's now when the API tells it, else the browser's. */
  private now(): Date {
    const engineNow = this.signedIn?.me.now;
    const parsed = engineNow ? new Date(engineNow) : undefined;
    return parsed && !Number.isNaN(parsed.getTime()) ? parsed : new Date();
  }

  private render(search: string, cause: 'start' | 'push' | 'pop'): void {
    const signedIn = this.signedIn;
    if (!signedIn) return;
    const { me, settings, fmt, form, leadsForm, router } = signedIn;
    this.controller?.abort();
    this.view?.dispose();
    const controller = new AbortController();
    this.controller = controller;

    const now = this.now();
    const fiscalStart = settings.fiscalYearStartMonth;
    const url = parseUrlState(search);
    const scopes: VisibleScopes = {
      role: me.role,
      repId: me.rep.id,
      companyId: me.company?.id ?? null,
      teamIds: me.teams.map((team) => team.id),
      repIds: me.reps.map((rep) => rep.id),
    };
    const currentPeriod = periodContaining('month', monthOf(now), fiscalStart);
    const state: DashboardState = resolveState(url, scopes, currentPeriod);
    const canonical = hrefOf(state);
    if (canonical !== `${location.pathname}${location.search}`) router.replace(canonical);
    const period =
      parsePeriod(state.period, fiscalStart) ??
      (parsePeriod(periodContaining('month', monthOf(now)), fiscalStart) as NonNullable<ReturnType<typeof parsePeriod>>);

    const context = createViewContext({
      api: this.api,
      signal: controller.signal,
      me,
      settings,
      fmt,
      state,
      period,
      now,
      navigate: (href) => router.navigate(href),
    });
    const view =
      state.view === 'leads'
        ? renderLeadsView(context)
        : state.view === 'deal'
          ? renderDealView(context, state.deal as string)
          : state.view === 'rep'
            ? renderRepView(context, state.rep as string)
            : state.view === 'team'
              ? renderScopeView(context, { kind: 'team', id: state.team as string })
              : renderScopeView(context, { kind: 'company' });
    this.view = view;
    document.body.dataset.view = state.view;
    this.main.dataset.busy = 'true';
    replaceChildren(this.main, view.element);
    const controls = state.view === 'leads' ? leadsForm : form;
    if (this.controlsArea.firstChild !== controls.element) replaceChildren(this.controlsArea, controls.element);
    controls.update(state, now);
    replaceChildren(
      this.pagesNav,
      h(
        'ul',
        {},
        ...pageLinks(state, scopes, currentPeriod).map((page) => {
          const link = routerLink(page.href, (href) => router.navigate(href), page.label);
          if (page.current) link.setAttribute('aria-current', 'page');
          return h('li', {}, link);
        }),
      ),
    );
    const heading = view.element.querySelector('h1')?.textContent ?? '';
    document.title = `${heading || periodLabel(period)} · Sales performance`;
    // After a click, tell screen readers where they are now; on start and back/forward, leave focus alone.
    if (cause === 'push') (view.element.querySelector('#view-title') as HTMLElement | null)?.focus();
    view.settled
      .catch(() => undefined)
      .then(() => {
        if (this.controller === controller) {
          this.main.dataset.busy = 'false';
          const title = view.element.querySelector('h1')?.textContent;
          if (title) document.title = `${title} · Sales performance`;
        }
      });
  }

  private showSignIn(notice?: string): void {
    this.signedIn = undefined;
    replaceChildren(this.userArea);
    replaceChildren(this.controlsArea);
    replaceChildren(this.pagesNav);
    if (this.session.kind === 'local') {
      renderSignInView(this.main, this.session, () => void this.start(), notice);
      return;
    }
    document.body.dataset.view = 'sign-in';
    const session = this.session;
    replaceChildren(
      this.main,
      h(
        'div',
        { class: 'sign-in' },
        h('h1', { class: 'view__title', id: 'view-title', tabindex: '-1' }, 'Sign in'),
        notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
        h('p', {}, 'Taking you to the sign-in page…'),
        h('button', { type: 'button', class: 'button button--primary', onclick: () => void session.signIn() }, 'Sign in'),
      ),
    );
    this.main.dataset.busy = 'false';
    void session.signIn().catch((error: unknown) => {
      if (isAbort(error)) return;
      this.main.append(
        h('p', { class: 'form-status', role: 'alert' }, error instanceof Error ? error.message : 'The sign-in could not start.'),
      );
    });
  }

  private showFatal(message: string): void {
    document.body.dataset.view = 'error';
    replaceChildren(
      this.main,
      h(
        'div',
        { class: 'fatal' },
        h('h1', { class: 'view__title' }, 'The dashboard could not load'),
        h('p', { role: 'alert' }, message),
        h('button', { type: 'button', class: 'button', onclick: () => location.reload() }, 'Try again'),
      ),
    );
    this.main.dataset.busy = 'false';
  }

  /** A 401 from any call: the token is gone or no longer accepted. */
  private sessionEnded(notice: string): void {
    if (this.signingOut) return;
    this.signingOut = true;
    this.controller?.abort();
    this.view?.dispose();
    this.view = undefined;
    // The local token is forgotten; an OpenID session is not ended at the provider (a new sign-in may be silent).
    const forget = this.session.kind === 'local' ? this.session.signOut() : Promise.resolve();
    void forget.then(() => this.showSignIn(notice));
  }

  private async signOut(): Promise<void> {
    this.signingOut = true;
    this.controller?.abort();
    this.view?.dispose();
    this.view = undefined;
    await this.session.signOut();
    if (this.session.kind === 'local') {
      history.replaceState(null, '', '/');
      await this.start('You have signed out.');
    }
  }
}

export type { AuthSession };
