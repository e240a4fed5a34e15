/**
 * One deal: its fields, its quality counters (close-month extensions, days since the last
 * stage change, days open) and its history as a timeline, newest first — who changed its
 * stage, close date, amount, probability or owner, from what to what, and when.
 */
import { ApiError, isAbort } from '../api/api-error.js';
import type { DealHistory, DealWithQuality, StageList } from '../api/api-types.js';
import { h, replaceChildren } from '../dom/elements.js';
import { routerLink } from '../router.js';
import { breadcrumb } from './breadcrumb.js';
import type { RenderedView, ViewContext } from './view-context.js';

type PanelState = 'loading' | 'ready' | 'empty' | 'error' | 'not-found';

function panel(
  id: string,
  title: string,
): { element: HTMLElement; body: HTMLElement; set(state: PanelState, ...content: (Node | string)[]): void } {
  const body = h('div', { class: 'deal-panel__body' }, h('div', { class: 'skeleton', 'aria-hidden': 'true' }));
  const element = h(
    'section',
    { class: 'deal-panel', 'data-panel': id, 'data-state': 'loading', 'aria-labelledby': `deal-${id}-title`, 'aria-busy': 'true' },
    h('h2', { id: `deal-${id}-title`, class: 'deal-panel__title' }, title),
    body,
  );
  return {
    element,
    body,
    set: (state, ...content) => {
      element.dataset.state = state;
      element.setAttribute('aria-busy', String(state === 'loading'));
      replaceChildren(body, ...content);
    },
  };
}

function definitionList(entries: readonly [string, Node | string][]): HTMLDListElement {
  return h('dl', { class: 'fields' }, ...entries.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export function renderDealView(context: ViewContext, dealId: string): RenderedView {
  const { fmt } = context;
  const title = h('h1', { class: 'view__title', id: 'view-title', tabindex: '-1' }, `Deal ${dealId}`);
  const fields = panel('fields', 'Deal');
  const quality = panel('quality', 'Quality');
  const history = panel('history', 'History');
  const crumbs = h('div', {}, breadcrumb(context, { deal: dealId }));
  const element = h(
    'div',
    { class: 'view view--deal' },
    crumbs,
    title,
    h('div', { class: 'deal-grid' }, fields.element, quality.element),
    history.element,
  );

  const path = `/opportunities/${encodeURIComponent(dealId)}`;
  const stageNames = context
    .get<StageList>('/stages')
    .then((list) => new Map(list.stages.map((stage) => [stage.id, stage])))
    .catch(() => new Map<string, StageList['stages'][number]>());
  const repName = (repId: string) => context.me.reps.find((rep) => rep.id === repId)?.name ?? repId;
  const repLink = (repId: string) =>
    context.me.reps.some((rep) => rep.id === repId)
      ? routerLink(context.hrefTo({ view: 'rep', rep: repId, team: null, deal: null }), context.navigate, repName(repId))
      : repId;

  const failure = (target: ReturnType<typeof panel>, error: unknown) => {
    if (isAbort(error) || context.signal.aborted) return;
    if (error instanceof ApiError && (error.kind === 'not-found' || error.kind === 'forbidden')) {
      target.set('not-found', h('p', { class: 'chart-card__message' }, `Not found: ${error.detail || error.title}.`));
    } else {
      target.set(
        'error',
        h('p', { class: 'chart-card__message', role: 'alert' }, error instanceof Error ? error.message : 'Something went wrong.'),
      );
    }
  };

  const dealLoaded = Promise.all([context.get<DealWithQuality>(path), stageNames]).then(
    ([deal, stages]) => {
      const opportunity = deal.opportunity;
      title.textContent = `${opportunity.name} (${opportunity.account})`;
      replaceChildren(
        crumbs,
        breadcrumb(context, {
          teamId: context.me.reps.find((rep) => rep.id === opportunity.ownerId)?.teamId ?? null,
          rep: { id: opportunity.ownerId, name: repName(opportunity.ownerId) },
          deal: opportunity.name,
        }),
      );
      const stageEntry = stages.get(opportunity.stageId);
      const stage = stageEntry?.name ?? opportunity.stageId;
      const probability =
        opportunity.probability !== null
          ? `${fmt.percent(opportunity.probability)} (set on the deal)`
          : stageEntry
            ? `${fmt.percent(stageEntry.probability)} (the stage's)`
            : `${fmt.none} (the stage's)`;
      fields.set(
        'ready',
        definitionList([
          ['Account', opportunity.account],
          ['Owner', repLink(opportunity.ownerId)],
          ['Stage', `${stage}${opportunity.stageOutcome === 'open' ? '' : ` (${opportunity.stageOutcome})`}`],
          ['Amount', fmt.money(opportunity.amount)],
          ['Probability', probability],
          ['Close date', fmt.date(opportunity.closeDate)],
          ['Priority', opportunity.priority ? 'Yes' : 'No'],
          ...opportunity.productLines.map((line): [string, string] => [`Product: ${line.productFamily}`, fmt.money(line.amount)]),
          ['Campaign', opportunity.campaign ?? fmt.none],
          ['Lead source', opportunity.leadSource ?? fmt.none],
          ['Created', fmt.date(opportunity.createdAt)],
          ['Last changed', `${fmt.date(opportunity.updatedAt)} (version ${opportunity.version})`],
          ...(opportunity.deleted ? [['Deleted', 'Yes'] as [string, string]] : []),
        ]),
      );
      quality.set(
        'ready',
        definitionList([
          ['Close-month extensions', fmt.count(deal.quality.closeMonthExtensions)],
          ['Days since the last stage change', fmt.days(deal.quality.daysSinceLastStageChange)],
          ['Days open', fmt.days(deal.quality.daysOpen)],
          ['Last stage change', deal.quality.lastStageChangeAt ? fmt.date(deal.quality.lastStageChangeAt) : fmt.none],
          ['Closed', deal.quality.closedAt ? fmt.date(deal.quality.closedAt) : fmt.none],
        ]),
        ...(deal.qualityPending
          ? [h('p', { class: 'table-note' }, 'The latest change is still being recorded: the counters may lag a moment.')]
          : []),
      );
    },
    (error: unknown) => {
      failure(fields, error);
      failure(quality, error);
    },
  );

  const historyLoaded = Promise.all([context.get<DealHistory>(`${path}/history`), stageNames]).then(
    ([{ changes }, stages]) => {
      if (changes.length === 0) {
        history.set('empty', h('p', { class: 'chart-card__message' }, 'No change recorded yet.'));
        return;
      }
      const value = (field: string, raw: string | number | boolean | null): string => {
        if (raw === null) return fmt.none;
        if (field === 'amount' && typeof raw === 'number') return fmt.money(raw);
        if (field === 'probability' && typeof raw === 'number') return fmt.percent(raw);
        if (field === 'stageId' && typeof raw === 'string') return stages.get(raw)?.name ?? raw;
        if (field === 'ownerId' && typeof raw === 'string') return repName(raw);
        if (field === 'closeDate' && typeof raw === 'string') return fmt.date(raw);
        if (typeof raw === 'boolean') return raw ? 'yes' : 'no';
        return String(raw);
      };
      const fieldName: Record<string, string> = {
        stageId: 'Stage',
        closeDate: 'Close date',
        amount: 'Amount',
        probability: 'Probability',
        ownerId: 'Owner',
        deleted: 'Deleted',
      };
      history.set(
        'ready',
        h(
          'ol',
          { class: 'timeline' },
          ...changes.map((change) =>
            h(
              'li',
              { class: 'timeline__item' },
              h(
                'time',
                { datetime: change.changedAt, class: 'timeline__when' },
                `${fmt.date(change.changedAt)} ${change.changedAt.slice(11, 16)} UTC`,
              ),
              h(
                'p',
                { class: 'timeline__what' },
                h('strong', {}, fieldName[change.field] ?? change.field),
                `: ${value(change.field, change.oldValue)} → ${value(change.field, change.newValue)}`,
              ),
              h(
                'p',
                { class: 'timeline__who' },
                `Version ${change.version}${change.changedBy ? `, by ${repName(change.changedBy)}` : ', imported'}`,
              ),
            ),
          ),
        ),
      );
    },
    (error: unknown) => failure(history, error),
  );

  return { element, settled: Promise.all([dealLoaded, historyLoaded]).then(() => undefined), dispose: () => undefined };
}
