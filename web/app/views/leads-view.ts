/**
 * The "Leads & campaigns" page: the conversion metrics of a scope (the company, a team or a
 * rep) over a range of months. Headline figures, then five cards: leads by month and status,
 * conversion rate by source, win rate of deals from leads against the others, revenue and ROI
 * by campaign, and the stage funnel. Every figure is the API's (GET /conversion/…).
 */
import { isAbort } from '../api/api-error.js';
import { conversionHeadline, type HeadlineFigure } from '../charts/conversion-headline.js';
import { rangeText } from '../charts/conversion-parts.js';
import { h, replaceChildren } from '../dom/elements.js';
import { leadMetricsByMonth, leadsCardSpecs, opportunityMetricsByMonth } from './card-catalogue.js';
import type { Scope } from './scope.js';
import { loadCards, type RenderedView, unseenScope, type ViewContext } from './view-context.js';

/** Whose leads the state names: its team, its rep, or the company. */
export function leadsScopeOf(context: ViewContext): Scope {
  const { team, rep } = context.state;
  if (team) return { kind: 'team', id: team };
  if (rep) return { kind: 'rep', id: rep };
  return { kind: 'company' };
}

/**
 * Whether GET /me lets the user see the scope's leads. Marketing sees every lead, though
 * GET /me lists no team or rep for it (its sales visibility is no one's): the API decides.
 */
function visible(context: ViewContext, scope: Scope): boolean {
  const { me } = context;
  if (me.role === 'marketing' || me.role === 'admin') return true;
  if (scope.kind === 'company') return me.company !== null;
  if (scope.kind === 'team') return me.teams.some((team) => team.id === scope.id);
  return me.reps.some((rep) => rep.id === scope.id);
}

function scopeName(context: ViewContext, scope: Scope): string {
  const { me } = context;
  if (scope.kind === 'company') return me.company?.name ?? 'Whole company';
  if (scope.kind === 'team') return me.teams.find((team) => team.id === scope.id)?.name ?? scope.id;
  return me.reps.find((rep) => rep.id === scope.id)?.name ?? scope.id;
}

function figureElement(figure: HeadlineFigure): HTMLElement {
  return h(
    'div',
    { class: 'headline-figure', 'data-figure': figure.key },
    h('dt', { class: 'headline-figure__label' }, figure.label),
    h('dd', { class: 'headline-figure__value' }, figure.value),
    h('dd', { class: 'headline-figure__note' }, figure.note),
  );
}

/** The headline figures, loaded with the cards (and sharing their reads); settles with them. */
function headlineStrip(
  context: ViewContext,
  scope: Scope,
  refused: boolean,
  onScopeName: (name: string) => void,
): { element: HTMLElement; settled: Promise<void> } {
  const list = h('dl', { class: 'headline-figures__list' });
  const message = h('p', { class: 'headline-figures__message', role: 'status' }, 'Loading…');
  const element = h(
    'section',
    { class: 'headline-figures', 'aria-labelledby': 'headline-figures-title', 'data-state': 'loading', 'aria-busy': 'true' },
    h('h2', { class: 'visually-hidden', id: 'headline-figures-title' }, 'Headline figures'),
    list,
    message,
  );
  const finish = (state: 'ready' | 'error' | 'not-found', text: string) => {
    element.dataset.state = state;
    element.setAttribute('aria-busy', 'false');
    message.textContent = text;
    message.hidden = text === '';
  };
  if (refused) {
    finish('not-found', 'No figures to show.');
    return { element, settled: Promise.resolve() };
  }
  const settled = Promise.all([leadMetricsByMonth(context, scope), opportunityMetricsByMonth(context, scope)])
    .then(([leads, deals]) => {
      if (context.signal.aborted) return;
      replaceChildren(list, ...conversionHeadline(leads, deals, context.fmt).map(figureElement));
      if (leads.scope.name) onScopeName(leads.scope.name);
      finish('ready', '');
    })
    .catch((error: unknown) => {
      if (isAbort(error) || context.signal.aborted) return;
      // Each card says what went wrong; the strip only that it has no figures.
      finish('error', 'The headline figures could not be loaded.');
    });
  return { element, settled };
}

export function renderLeadsView(context: ViewContext): RenderedView {
  const scope = leadsScopeOf(context);
  const refusal = visible(context, scope) ? undefined : unseenScope(scope.kind, scope.kind === 'company' ? '' : scope.id);
  const { cards, settled } = loadCards(context, leadsCardSpecs(scope), refusal);
  const { from, to } = context.state;
  const range = from && to ? rangeText({ from, to }, context.fmt) : '';
  const title = h(
    'h1',
    { class: 'view__title', id: 'view-title', tabindex: '-1' },
    `Leads & campaigns: ${scopeName(context, scope)}, ${range}`,
  );
  // GET /me names no company for marketing: the API's answer does.
  const headline = headlineStrip(context, scope, refusal !== undefined, (name) => {
    if (scope.kind === 'company' && context.me.company === null) title.textContent = `Leads & campaigns: ${name}, ${range}`;
  });
  const byId = new Map(cards.map((card) => [card.element.dataset.chart, card.element]));
  const group = (heading: string, ids: readonly string[], grid = 'card-grid') =>
    h(
      'section',
      { class: 'card-group', 'aria-label': heading },
      h('h2', { class: 'card-group__title' }, heading),
      h('div', { class: grid }, ...ids.map((id) => byId.get(id) ?? null)),
    );
  const element = h(
    'div',
    { class: 'view view--leads' },
    title,
    headline.element,
    group('Leads and conversion', ['leads-by-status', 'conversion-by-source', 'win-rate-by-origin']),
    // Two cards a row: a campaign's name and a stage's label need the width.
    group('Campaigns and stages', ['campaign-roi', 'stage-funnel'], 'card-grid card-grid--halves'),
  );
  return {
    element,
    settled: Promise.all([settled, headline.settled]).then(() => undefined),
    dispose: () => {
      for (const card of cards) card.dispose();
    },
  };
}
