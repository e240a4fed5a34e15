/**
 * One chart of the dashboard, as a card: its title, its caption (the model's description),
 * the chart itself (ECharts, loaded lazily), a "Table" button that shows the same figures as
 * an HTML table, and a "Download CSV" button. While its data loads it shows a skeleton; then
 * the chart, or the model's empty message, or the API's problem as a readable message, or
 * "not found" (and no figures) when the API says the scope does not exist for this user.
 * While an answer that came as a job (202) is awaited, it says how far the job has got, in
 * a live region (`role="status"`) and a progress bar, over the skeleton.
 *
 * The DOM is the browser tests' contract: `<section class="chart-card" data-chart="<id>"
 * data-state="loading|ready|empty|error|not-found">`, the buttons named "Table" and
 * "Download CSV", one `<table>` per card; while a job is awaited, `data-job="queued|running"`
 * and its progress in `.chart-card__job`.
 */
import type { JobUpdate } from '../api/pipeline-job.js';
import type { ChartModel, ChartTable } from '../charts/chart-model.js';
import { h, replaceChildren } from '../dom/elements.js';
import { tableToCsv } from '../format/csv.js';
import type { Formatters } from '../format/formatters.js';
import { formatCell } from '../format/table-cells.js';
import { routerLink } from '../router.js';
import type { ChartHandle, RenderChart } from './chart-renderer.js';
import { jobProgressText } from './job-progress.js';

export type CardState = 'loading' | 'ready' | 'empty' | 'error' | 'not-found';

/** Where a name in the chart or its table leads (a member's or a deal's page). */
export interface DrillLink {
  readonly label: string;
  readonly href: string;
}

/** A column the API can sort by: clicking its header asks for that order (a new URL). */
export interface SortableColumns {
  /** Table column key → the API's sort name. */
  readonly columns: Readonly<Record<string, string>>;
  readonly sort: string;
  readonly order: 'asc' | 'desc';
  readonly hrefFor: (sort: string, order: 'asc' | 'desc') => string;
}

/** Cells worth a second look (a deal likely to slip): marked with a sign and a note, not by colour alone. */
export interface CellFlags {
  /** True for the cell of this row (its index in the model's table) and column. */
  readonly isFlagged: (rowIndex: number, columnKey: string) => boolean;
  /** Says what the sign means, under the table. */
  readonly note: string;
}

export interface ChartCardOptions {
  readonly id: string;
  /** Shown while loading, until the model's own title replaces it. */
  readonly title: string;
  readonly formatters: () => Formatters;
  readonly loadRenderer: () => Promise<RenderChart>;
  /** Follows a drill-down link (the router's navigate). */
  readonly navigate: (href: string) => void;
}

export interface ReadyOptions {
  /** Names in the chart and the table that lead somewhere; listed under the chart too unless `listLinks` is false. */
  readonly links?: readonly DrillLink[];
  /** @default true */
  readonly listLinks?: boolean;
  readonly sortable?: SortableColumns;
  readonly flags?: CellFlags;
}

let cardCount = 0;

export class ChartCard {
  readonly element: HTMLElement;
  private readonly titleElement: HTMLHeadingElement;
  private readonly caption: HTMLParagraphElement;
  private readonly chartContainer: HTMLDivElement;
  private readonly tableContainer: HTMLDivElement;
  private readonly message: HTMLParagraphElement;
  private readonly skeleton: HTMLDivElement;
  private readonly jobPanel: HTMLDivElement;
  private readonly jobText: HTMLParagraphElement;
  private readonly jobBar: HTMLProgressElement;
  private readonly linksContainer: HTMLElement;
  private readonly tableButton: HTMLButtonElement;
  private readonly csvButton: HTMLButtonElement;
  private chart: ChartHandle | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private model: ChartModel | undefined;
  private disposed = false;
  private tableShown = false;

  constructor(private readonly options: ChartCardOptions) {
    const key = `card-${options.id}-${++cardCount}`;
    this.titleElement = h('h3', { id: `${key}-title`, class: 'chart-card__title' }, options.title);
    this.caption = h('p', { id: `${key}-caption`, class: 'chart-card__caption' });
    this.tableButton = h(
      'button',
      { type: 'button', class: 'button button--small', 'aria-pressed': 'false', 'aria-controls': `${key}-table`, disabled: true },
      'Table',
    );
    this.csvButton = h('button', { type: 'button', class: 'button button--small', disabled: true }, 'Download CSV');
    this.tableButton.addEventListener('click', () => this.toggleTable());
    this.csvButton.addEventListener('click', () => this.downloadCsv());
    this.chartContainer = h('div', {
      class: 'chart-card__chart',
      role: 'img',
      'aria-labelledby': `${key}-title`,
      'aria-describedby': `${key}-caption`,
      hidden: true,
    });
    this.tableContainer = h('div', { id: `${key}-table`, class: 'chart-card__table', hidden: true });
    this.message = h('p', { class: 'chart-card__message', role: 'status' });
    this.skeleton = h('div', { class: 'skeleton', 'aria-hidden': 'true' });
    // The live region is in the page from the start (and only emptied), so screen readers
    // announce its first text too.
    this.jobText = h('p', { class: 'chart-card__job-text', role: 'status', 'aria-live': 'polite' });
    this.jobBar = h('progress', { class: 'chart-card__job-bar', max: '100', 'aria-label': `Progress: ${options.title}`, hidden: true });
    this.jobPanel = h('div', { class: 'chart-card__job' }, this.jobText, this.jobBar);
    this.linksContainer = h('nav', { class: 'chart-card__links', 'aria-label': `Open: ${options.title}`, hidden: true });
    this.element = h(
      'section',
      { class: 'chart-card', 'data-chart': options.id, 'data-state': 'loading', 'aria-labelledby': `${key}-title`, 'aria-busy': 'true' },
      h(
        'header',
        { class: 'chart-card__header' },
        this.titleElement,
        h('div', { class: 'chart-card__actions' }, this.tableButton, this.csvButton),
      ),
      this.caption,
      h('div', { class: 'chart-card__body' }, this.skeleton, this.jobPanel, this.chartContainer, this.tableContainer, this.message),
      this.linksContainer,
    );
  }

  get state(): CardState {
    return this.element.dataset.state as CardState;
  }

  loading(): void {
    this.reset('loading');
    this.caption.textContent = 'Loading…';
  }

  /** How far the job that will answer this card's question has got; ignored once the card has its figures. */
  jobProgress(update: JobUpdate): void {
    if (this.disposed || this.state !== 'loading') return;
    this.element.dataset.job = update.status;
    this.jobText.textContent = jobProgressText(update, this.options.formatters());
    const fraction = update.status === 'running' ? update.progress.fraction : null;
    this.jobBar.hidden = false;
    // No value: an indeterminate bar, while the job waits or cannot estimate its share.
    if (fraction === null) this.jobBar.removeAttribute('value');
    else this.jobBar.value = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
  }

  /** Not drawn yet by this version of the dashboard (its chart builder is still to come). */
  coming(description: string): void {
    this.reset('empty');
    this.element.dataset.coming = 'true';
    this.caption.textContent = description;
    this.message.textContent = 'This chart is coming: the dashboard does not draw it yet.';
  }

  failed(message: string): void {
    this.reset('error');
    this.caption.textContent = 'The figures could not be loaded.';
    this.message.textContent = message;
    this.message.setAttribute('role', 'alert');
  }

  notFound(message: string): void {
    this.reset('not-found');
    this.caption.textContent = 'No figures to show.';
    this.message.textContent = message;
  }

  async ready(model: ChartModel, extra: ReadyOptions = {}): Promise<void> {
    if (this.disposed) return;
    this.reset(model.option === null && model.table.rows.length === 0 ? 'empty' : 'ready');
    this.model = model;
    this.titleElement.textContent = model.title;
    this.linksContainer.setAttribute('aria-label', `Open: ${model.title}`);
    this.caption.textContent = model.description;
    this.tableButton.disabled = false;
    this.csvButton.disabled = false;
    this.renderTable(model.table, extra);
    if (extra.listLinks !== false) this.renderLinks(extra.links ?? []);
    const tableOnly = model.kind === 'table';
    if (tableOnly) {
      this.setTableShown(true);
      if (model.table.rows.length === 0) {
        this.element.dataset.state = 'empty';
        this.message.textContent = model.emptyMessage;
      }
      return;
    }
    if (model.option === null) {
      this.element.dataset.state = 'empty';
      this.message.textContent = model.emptyMessage;
      return;
    }
    this.chartContainer.hidden = this.tableShown;
    try {
      const render = await this.options.loadRenderer();
      const byLabel = new Map((extra.links ?? []).map((link) => [link.label, link.href]));
      if (this.disposed || this.model !== model) return;
      this.chartContainer.hidden = false;
      this.chart = render(this.chartContainer, model.option);
      if (this.tableShown) this.chartContainer.hidden = true;
      this.chart.onItemClick((names) => {
        const href = names.map((name) => byLabel.get(name)).find((found) => found !== undefined);
        if (href) this.options.navigate(href);
      });
      this.resizeObserver = new ResizeObserver(() => this.chart?.resize());
      this.resizeObserver.observe(this.chartContainer);
    } catch {
      // The figures are all in the table: show it rather than nothing.
      this.chartContainer.hidden = true;
      this.setTableShown(true);
      this.message.textContent = 'The chart could not be drawn; its figures are in the table.';
    }
  }

  dispose(): void {
    this.disposed = true;
    this.disposeChart();
  }

  private disposeChart(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.chart?.dispose();
    this.chart = undefined;
  }

  private reset(state: CardState): void {
    this.disposeChart();
    this.model = undefined;
    this.element.dataset.state = state;
    delete this.element.dataset.coming;
    delete this.element.dataset.job;
    this.jobText.textContent = '';
    this.jobBar.hidden = true;
    this.jobBar.removeAttribute('value');
    this.element.setAttribute('aria-busy', String(state === 'loading'));
    this.skeleton.hidden = state !== 'loading';
    this.chartContainer.hidden = true;
    this.tableContainer.hidden = true;
    this.tableContainer.replaceChildren();
    this.linksContainer.hidden = true;
    this.linksContainer.replaceChildren();
    this.message.textContent = '';
    this.message.setAttribute('role', 'status');
    this.tableButton.disabled = true;
    this.csvButton.disabled = true;
    this.tableButton.setAttribute('aria-pressed', 'false');
    this.tableShown = false;
  }

  private toggleTable(): void {
    if (!this.model || this.model.kind === 'table') return;
    this.setTableShown(!this.tableShown);
  }

  private setTableShown(shown: boolean): void {
    this.tableShown = shown;
    this.tableButton.setAttribute('aria-pressed', String(shown));
    this.tableContainer.hidden = !shown;
    if (this.chart) {
      this.chartContainer.hidden = shown;
      if (!shown) this.chart.resize();
    }
  }

  private downloadCsv(): void {
    if (!this.model) return;
    const blob = new Blob([tableToCsv(this.model.table)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: `${this.options.id}.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  private renderTable(table: ChartTable, extra: ReadyOptions): void {
    const fmt = this.options.formatters();
    const links = new Map((extra.links ?? []).map((link) => [link.label, link.href]));
    const numeric = (kind: string) => kind !== 'text' && kind !== 'month' && kind !== 'date';
    const sortable = extra.sortable;
    const header = h(
      'tr',
      {},
      ...table.columns.map((column) => {
        const sortName = sortable?.columns[column.key];
        const cellClass = numeric(column.kind) ? 'numeric' : undefined;
        if (!sortable || !sortName) return h('th', { scope: 'col', class: cellClass }, column.label);
        const active = sortable.sort === sortName;
        const nextOrder = active && sortable.order === 'asc' ? 'desc' : 'asc';
        const href = sortable.hrefFor(sortName, nextOrder);
        const link = routerLink(
          href,
          this.options.navigate,
          column.label,
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sortable.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'),
          h('span', { class: 'visually-hidden' }, active ? `, sorted ${sortable.order === 'asc' ? 'ascending' : 'descending'}` : ', sort'),
        );
        return h(
          'th',
          { scope: 'col', class: cellClass, 'aria-sort': active ? (sortable.order === 'asc' ? 'ascending' : 'descending') : undefined },
          link,
        );
      }),
    );
    const flags = extra.flags;
    let anyFlagged = false;
    const rows = table.rows.map((row, rowIndex) =>
      h(
        'tr',
        {},
        ...table.columns.map((column, index) => {
          const value = row[column.key] ?? null;
          const text = formatCell(fmt, column.kind, value);
          const href = typeof value === 'string' ? links.get(value) : undefined;
          const flagged = flags?.isFlagged(rowIndex, column.key) ?? false;
          anyFlagged ||= flagged;
          const content = href ? routerLink(href, this.options.navigate, text) : text;
          const cellClass = [numeric(column.kind) ? 'numeric' : '', flagged ? 'flagged' : ''].filter(Boolean).join(' ') || undefined;
          const children = [content, flagged ? h('span', { class: 'flag-mark', 'aria-hidden': 'true' }, ' ⚠') : null];
          return index === 0 ? h('th', { scope: 'row', class: cellClass }, ...children) : h('td', { class: cellClass }, ...children);
        }),
      ),
    );
    const caption = h('caption', { class: 'visually-hidden' }, this.titleElement.textContent ?? '');
    const tableElement = h('table', { class: 'data-table' }, caption, h('thead', {}, header), h('tbody', {}, ...rows));
    const notes = anyFlagged && flags ? h('p', { class: 'table-note' }, `⚠ ${flags.note}`) : null;
    replaceChildren(
      this.tableContainer,
      h(
        'div',
        { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `${this.titleElement.textContent ?? ''}: table` },
        tableElement,
      ),
      notes,
    );
  }

  private renderLinks(links: readonly DrillLink[]): void {
    if (links.length === 0) return;
    const list = h(
      'ul',
      { class: 'link-list' },
      ...links.map((link) => h('li', {}, routerLink(link.href, this.options.navigate, link.label))),
    );
    replaceChildren(this.linksContainer, h('span', { class: 'link-list__label' }, 'Open: '), list);
    this.linksContainer.hidden = false;
  }
}
