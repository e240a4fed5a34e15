/**
 * What every view is given: the API (with the navigation's AbortSignal), the signed-in
 * user's scopes and settings, the formatters, the state from the URL, and a way to make
 * links and follow them. Requests are shared within one rendering of a view: the gauge,
 * the member bars and the stage doughnut read the same period once.
 */
import type { ApiClient, CallOptions, QueryValue } from '../api/api-client.js';
import { ApiError, isAbort } from '../api/api-error.js';
import type { DashboardSettings, Me } from '../api/api-types.js';
import { sharedGets } from '../api/shared-gets.js';
import type { ChartModel } from '../charts/chart-model.js';
import { ChartCard, type ReadyOptions } from '../components/chart-card.js';
import { loadChartRenderer } from '../components/chart-renderer.js';
import type { Formatters } from '../format/formatters.js';
import type { Period } from '../state/periods.js';
import { type DashboardState, hrefOf } from '../state/url-state.js';

export interface ViewContext {
  readonly api: ApiClient;
  readonly signal: AbortSignal;
  readonly me: Me;
  readonly settings: DashboardSettings;
  readonly fmt: Formatters;
  readonly state: DashboardState;
  readonly period: Period;
  readonly now: Date;
  readonly navigate: (href: string) => void;
  /**
   * GET, once per path and query in this rendering. `onJobUpdate` hears the progress of an
   * answer that comes as a job, whichever card asked first.
   */
  get<T>(path: string, query?: Readonly<Record<string, QueryValue>>, options?: CallOptions): Promise<T>;
  /** A link to another state: the current one with these parts changed. */
  hrefTo(changes: Partial<DashboardState>): string;
}

export interface RenderedView {
  readonly element: HTMLElement;
  /** Resolves once every card (or panel) has its final state. */
  readonly settled: Promise<void>;
  dispose(): void;
}

export function createViewContext(base: Omit<ViewContext, 'get' | 'hrefTo'>): ViewContext {
  return {
    ...base,
    get: sharedGets(base.api, base.signal),
    hrefTo: (changes) => hrefOf({ ...base.state, ...changes }),
  };
}

/** What a card shows once its data is in: a model (and its links), or null while its builder is still to come. */
export type CardContent = { readonly model: ChartModel; readonly extra?: ReadyOptions } | null;

export interface CardSpec {
  readonly id: string;
  readonly title: string;
  /** Said while the card cannot draw yet. */
  readonly description: string;
  readonly load: (context: ViewContext) => Promise<CardContent>;
  /** Spans the whole row of the grid (wide tables). */
  readonly wide?: boolean;
}

/** The answer the API gives for a scope the user may not see: "not found", as if it did not exist. */
export function unseenScope(kind: 'company' | 'team' | 'rep', id: string): ApiError {
  const what = kind === 'company' ? "the company's figures" : `${kind} '${id}'`;
  return new ApiError('not-found', 404, 'Not Found', `${what} does not exist, or is not yours to see`);
}

/** What a failed request shows: "not found" (no figures) for a scope the user may not see, else the problem. */
export function showFailure(card: ChartCard, error: unknown): void {
  if (error instanceof ApiError && (error.kind === 'not-found' || error.kind === 'forbidden')) {
    const detail = error.detail || error.title;
    card.notFound(error.kind === 'forbidden' ? `You may not see these figures: ${detail}.` : `Not found: ${detail}.`);
    return;
  }
  card.failed(error instanceof Error ? error.message : 'Something went wrong.');
}

/**
 * Creates a card for each spec and loads it; `settled` resolves when all have a final state.
 * With `refusal` (a scope GET /me does not list), no card asks the API: each shows the
 * refusal, as the API would answer (its 404s would only fill the console).
 */
export function loadCards(
  context: ViewContext,
  specs: readonly CardSpec[],
  refusal?: ApiError,
): { cards: ChartCard[]; settled: Promise<void> } {
  const cards: ChartCard[] = [];
  const loads = specs.map(async (spec) => {
    const card = new ChartCard({
      id: spec.id,
      title: spec.title,
      formatters: () => context.fmt,
      loadRenderer: loadChartRenderer,
      navigate: context.navigate,
    });
    if (spec.wide) card.element.classList.add('chart-card--wide');
    cards.push(card);
    card.loading();
    // The card's reads tell it how far a job answering one of them has got.
    const cardContext: ViewContext = {
      ...context,
      get: (path, query, options) =>
        context.get(path, query, {
          onJobUpdate: (update) => {
            if (!context.signal.aborted) card.jobProgress(update);
            options?.onJobUpdate?.(update);
          },
        }),
    };
    try {
      if (refusal) throw refusal;
      const content = await spec.load(cardContext);
      if (context.signal.aborted) return;
      if (content === null) card.coming(spec.description);
      else await card.ready(content.model, content.extra);
    } catch (error) {
      if (isAbort(error) || context.signal.aborted) return;
      showFailure(card, error);
    }
  });
  return { cards, settled: Promise.all(loads).then(() => undefined) };
}
