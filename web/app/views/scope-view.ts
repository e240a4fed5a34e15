/**
 * The company's or a team's figures for a period: charts 1 to 10 of the dashboard, with the
 * forecast (chance of reaching target, deals at risk) of a month or quarter. Members
 * (child teams and reps) link to their own view, deals in the quality table to theirs.
 */
import { h } from '../dom/elements.js';
import { periodLabel } from '../state/periods.js';
import { breadcrumb } from './breadcrumb.js';
import { scopeCardSpecs } from './card-catalogue.js';
import { noForecastNote } from './forecast-cards.js';
import type { Scope } from './scope.js';
import { loadCards, type RenderedView, unseenScope, type ViewContext } from './view-context.js';

export function renderScopeView(context: ViewContext, scope: Extract<Scope, { kind: 'company' | 'team' }>): RenderedView {
  const { me } = context;
  const name =
    scope.kind === 'company' ? (me.company?.name ?? 'Company') : (me.teams.find((team) => team.id === scope.id)?.name ?? scope.id);
  const visible = scope.kind === 'company' ? me.company !== null : me.teams.some((team) => team.id === scope.id);
  const refusal = visible ? undefined : unseenScope(scope.kind, scope.kind === 'team' ? scope.id : '');
  const { cards, settled } = loadCards(context, scopeCardSpecs(scope, context), refusal);
  const byId = new Map(cards.map((card) => [card.element.dataset.chart, card.element]));
  const group = (heading: string, ids: readonly string[], note: HTMLElement | null = null) =>
    h(
      'section',
      { class: 'card-group', 'aria-label': heading },
      h('h2', { class: 'card-group__title' }, heading),
      note,
      h('div', { class: 'card-grid' }, ...ids.map((id) => byId.get(id) ?? null)),
    );
  const element = h(
    'div',
    { class: 'view view--scope' },
    breadcrumb(context, { teamId: scope.kind === 'team' ? scope.id : null }),
    h('h1', { class: 'view__title', id: 'view-title', tabindex: '-1' }, `${name}: ${periodLabel(context.period)}`),
    // The forecast beside the gauge (a fiscal year has none: the note says why).
    group('Target', ['target-gauge', 'target-forecast', 'target-by-month', 'members-over-under'], noForecastNote(context)),
    group('Closed won and pipeline', ['closed-won-by-month', 'pipeline-by-stage', 'pipeline-by-close-month']),
    group('Pipeline trend', ['trend-monthly', 'trend-weekly', 'pipeline-change']),
    group('Deals closing', ['forecast-at-risk', 'quality-table']),
  );
  return {
    element,
    settled,
    dispose: () => {
      for (const card of cards) card.dispose();
    },
  };
}
