/**
 * A rep's figures for a period: the charts of a team that apply to one person, and the
 * rep's commission (earned, pipeline commission, total potential), what the next sale earns,
 * why the commission changed and open deals ranked by the commission each would add, for
 * the period's month (or its current month); the forecast of a month or quarter.
 */
import { h } from '../dom/elements.js';
import { focusMonth, monthLabel, periodLabel } from '../state/periods.js';
import { breadcrumb } from './breadcrumb.js';
import { repCardSpecs } from './card-catalogue.js';
import { commissionChangePanel } from './commission-insight-cards.js';
import { noForecastNote } from './forecast-cards.js';
import { loadCards, type RenderedView, unseenScope, type ViewContext } from './view-context.js';

export function renderRepView(context: ViewContext, repId: string): RenderedView {
  const rep = context.me.reps.find((candidate) => candidate.id === repId);
  const name = rep?.name ?? repId;
  const refusal = rep ? undefined : unseenScope('rep', repId);
  const { cards, settled } = loadCards(context, repCardSpecs(repId, context), refusal);
  const change = commissionChangePanel(context, repId, refusal);
  const byId = new Map(cards.map((card) => [card.element.dataset.chart, card.element]));
  const group = (heading: string, ids: readonly string[], note: HTMLElement | null = null) =>
    h(
      'section',
      { class: 'card-group', 'aria-label': heading },
      h('h2', { class: 'card-group__title' }, heading),
      note,
      h('div', { class: 'card-grid' }, ...ids.map((id) => byId.get(id) ?? null)),
    );
  const month = focusMonth(context.period, context.now);
  const element = h(
    'div',
    { class: 'view view--rep' },
    breadcrumb(context, { teamId: rep?.teamId ?? null, rep: { id: repId, name } }),
    h('h1', { class: 'view__title', id: 'view-title', tabindex: '-1' }, `${name}: ${periodLabel(context.period)}`),
    group(`Commission, ${monthLabel(month)}`, ['rep-commission', 'commission-next-sale', 'rep-open-deals']),
    h(
      'section',
      { class: 'card-group', 'aria-label': 'Why the commission changed' },
      h('h2', { class: 'card-group__title' }, `Why the commission changed, ${monthLabel(month)}`),
      change.form,
      h('div', { class: 'card-grid' }, change.card.element),
    ),
    // The forecast beside the gauge (a fiscal year has none: the note says why).
    group('Target', ['target-gauge', 'target-forecast', 'target-by-month', 'pipeline-by-stage'], noForecastNote(context)),
    group('Pipeline', ['pipeline-by-close-month', 'trend-monthly', 'trend-weekly', 'pipeline-change']),
    group('Deals closing', ['forecast-at-risk', 'quality-table']),
  );
  return {
    element,
    settled: Promise.all([settled, change.settled]).then(() => undefined),
    dispose: () => {
      for (const card of cards) card.dispose();
      change.card.dispose();
    },
  };
}
