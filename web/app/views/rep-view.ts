/**
 * A rep's figures for a period: the charts of a team that apply to one person, and the
 * rep's commission (earned, pipeline commission, total potential) and open deals ranked by
 * the commission each would add, for the period's month (or its current month).
 */
import { h } from '../dom/elements.js';
import { focusMonth, monthLabel, periodLabel } from '../state/periods.js';
import { breadcrumb } from './breadcrumb.js';
import { repCardSpecs } from './card-catalogue.js';
import { loadCards, type RenderedView, unseenScope, type ViewContext } from './view-context.js';

export function renderRepView(context: ViewContext, repId: string): RenderedView {
  const rep = context.me.reps.find((candidate) => candidate.id === repId);
  const name = rep?.name ?? repId;
  const refusal = rep ? undefined : unseenScope('rep', repId);
  const { cards, settled } = loadCards(context, repCardSpecs(repId), refusal);
  const byId = new Map(cards.map((card) => [card.element.dataset.chart, card.element]));
  const group = (heading: string, ids: readonly string[]) =>
    h(
      'section',
      { class: 'card-group', 'aria-label': heading },
      h('h2', { class: 'card-group__title' }, heading),
      h('div', { class: 'card-grid' }, ...ids.map((id) => byId.get(id) ?? null)),
    );
  const month = focusMonth(context.period, context.now);
  const element = h(
    'div',
    { class: 'view view--rep' },
    breadcrumb(context, { teamId: rep?.teamId ?? null, rep: { id: repId, name } }),
    h('h1', { class: 'view__title', id: 'view-title', tabindex: '-1' }, `${name}: ${periodLabel(context.period)}`),
    group(`Commission, ${monthLabel(month)}`, ['rep-commission', 'rep-open-deals']),
    group('Target', ['target-gauge', 'target-by-month', 'pipeline-by-stage']),
    group('Pipeline', ['pipeline-by-close-month', 'trend-monthly', 'trend-weekly', 'pipeline-change']),
    group('Deals closing', ['quality-table']),
  );
  return {
    element,
    settled,
    dispose: () => {
      for (const card of cards) card.dispose();
    },
  };
}
