/**
 * The rep page's answers about pay, for the month shown: "Next sale" (a card like the
 * others) and "Why the commission changed", a card with its own small from/to form
 * (dates, 00:00 UTC; "to" empty = now) that asks again without leaving the page. Default:
 * from the start of the month shown to now. Both read the commission insight routes.
 */
import { isAbort } from '../api/api-error.js';
import type { CommissionChange, NextSale } from '../api/api-types.js';
import { commissionChangeModel, nextSaleModel } from '../charts/commission-insight.js';
import { ChartCard } from '../components/chart-card.js';
import { loadChartRenderer } from '../components/chart-renderer.js';
import { h } from '../dom/elements.js';
import { firstDayOf, focusMonth, monthOf } from '../state/periods.js';
import { dealLinks, nothingYet } from './chart-specs.js';
import { type CardSpec, showFailure, type ViewContext } from './view-context.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function repMonthPath(context: ViewContext, repId: string): string {
  return `/reps/${encodeURIComponent(repId)}/months/${focusMonth(context.period, context.now)}/commission`;
}

function repNameOf(context: ViewContext, repId: string): string {
  return context.me.reps.find((rep) => rep.id === repId)?.name ?? repId;
}

export function nextSaleCardSpec(repId: string): CardSpec {
  return {
    id: 'commission-next-sale',
    title: 'Next sale',
    description: 'The commission rate the next sale earns, its band and the revenue left to the next band.',
    load: async (context) => {
      const nextSale = await context.get<NextSale>(`${repMonthPath(context, repId)}/next-sale`);
      return {
        model: nextSaleModel(nextSale, { repName: repNameOf(context, repId), month: focusMonth(context.period, context.now) }, context.fmt),
      };
    },
  };
}

export interface CommissionChangePanel {
  /** The form and the card, for the view to place. */
  readonly form: HTMLElement;
  readonly card: ChartCard;
  /** Resolves once the first answer (or failure) is shown. */
  readonly settled: Promise<void>;
}

const CHANGE_TITLE = 'Why the commission changed';

/**
 * The change card and its form. `refusal`: the rep is not the user's to see; the card shows
 * it and asks nothing, as the other cards do.
 */
export function commissionChangePanel(context: ViewContext, repId: string, refusal?: Error): CommissionChangePanel {
  const month = focusMonth(context.period, context.now);
  const card = new ChartCard({
    id: 'commission-change',
    title: CHANGE_TITLE,
    formatters: () => context.fmt,
    loadRenderer: loadChartRenderer,
    navigate: context.navigate,
  });
  card.element.classList.add('chart-card--wide');
  const today = context.now.toISOString().slice(0, 10);
  const fromInput = h('input', { type: 'date', id: 'change-from', name: 'from', value: firstDayOf(month), max: today, required: true });
  const toInput = h('input', { type: 'date', id: 'change-to', name: 'to', value: '', max: today });
  const status = h('p', { class: 'form-status', role: 'alert' });

  const show = async (from: string, to: string | null): Promise<void> => {
    card.loading();
    try {
      if (refusal) throw refusal;
      if (month > monthOf(context.now)) {
        await card.ready(
          nothingYet(
            CHANGE_TITLE,
            `How ${repNameOf(context, repId)}'s commission changes.`,
            'The month has not started: nothing has changed yet.',
          ),
        );
        return;
      }
      const change = await context.get<CommissionChange>(`${repMonthPath(context, repId)}/change`, { from, to });
      if (context.signal.aborted) return;
      const withDeals = change.lines.flatMap((line) =>
        line.deal ? [{ opportunityId: line.deal.opportunityId, name: line.deal.name || line.deal.opportunityId }] : [],
      );
      await card.ready(commissionChangeModel(change, { repName: repNameOf(context, repId), month }, context.fmt), {
        links: dealLinks(context, withDeals),
        listLinks: false,
      });
    } catch (error) {
      if (isAbort(error) || context.signal.aborted) return;
      showFailure(card, error);
    }
  };

  const form = h(
    'form',
    { class: 'scope-period-form change-range-form', 'aria-label': `${CHANGE_TITLE}: dates` },
    h('div', { class: 'field' }, h('label', { for: 'change-from' }, 'From the start of'), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'change-to' }, 'Up to the start of (empty: now)'), toInput),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button--primary' }, 'Explain')),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = fromInput.value;
    const to = toInput.value === '' ? null : toInput.value;
    if (!DATE.test(from)) {
      status.textContent = 'Choose the date to start from.';
      return;
    }
    if (to !== null && to <= from) {
      status.textContent = 'The end must be after the start.';
      return;
    }
    if (from > today || (to !== null && to > today)) {
      status.textContent = 'Choose dates up to today: the change is explained up to now at most.';
      return;
    }
    status.textContent = '';
    void show(from, to);
  });
  const start = firstDayOf(month);
  return { form, card, settled: show(start, null) };
}
