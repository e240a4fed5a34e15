/**
 * The browser side of the dashboard tests: Debian's Chromium driven by playwright-core (which
 * downloads nothing; the executable is the system's), one fresh profile per launch, and the
 * helpers that read the dashboard through its DOM contract (web/app): every chart card is a
 * `<section class="chart-card" data-chart="<id>" data-state="…">`, its "Table" button shows the
 * chart's figures as an HTML table, and `<main data-busy="false">` once every card has settled.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '#local/dynamodb-local.js';

/** Every chart id of the dashboard, as `data-chart` names it. */
export const CHART_IDS = [
  'target-gauge',
  'target-by-month',
  'members-over-under',
  'pipeline-by-stage',
  'closed-won-by-month',
  'pipeline-by-close-month',
  'trend-monthly',
  'trend-weekly',
  'pipeline-change',
  'quality-table',
  'rep-commission',
  'rep-open-deals',
  'leads-by-status',
  'conversion-by-source',
  'win-rate-by-origin',
  'campaign-roi',
  'stage-funnel',
  'target-forecast',
  'forecast-at-risk',
  'commission-next-sale',
  'commission-change',
] as const;
export type ChartId = (typeof CHART_IDS)[number];

export type CardState = 'loading' | 'ready' | 'empty' | 'error' | 'not-found';

/** The two screens every view is photographed on. */
export const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** Test artefacts (git-ignored): one PNG per view and screen. */
export const SCREENSHOT_DIRECTORY = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/** Flags for a headless Chromium run as root in a container, with nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** The system's Chromium: `CHROMIUM_PATH`, else `chromium` (Debian's package) on the PATH; undefined when there is none. */
export function chromiumExecutable(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on the PATH: try the next name
    }
  }
  return undefined;
}

/** Why there is no Chromium to drive, and what to do about it. */
export function missingChromiumMessage(): string {
  const configured = process.env.CHROMIUM_PATH;
  const where = configured ? `CHROMIUM_PATH (${configured}) names no file` : 'there is no chromium on the PATH';
  return (
    `The browser tests need Debian's Chromium: ${where}. Install it with ` +
    '`apt-get install -y --no-install-recommends chromium` (.ci/run does so when it is missing), or set CHROMIUM_PATH ' +
    'to a Chromium executable. Nothing here downloads a browser.'
  );
}

/** Launches the system Chromium headless; Playwright gives every launch a fresh temporary profile and removes it on close. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new Error(missingChromiumMessage());
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

/** What went wrong in the page: console errors and uncaught exceptions, with where they came from. */
export interface PageProblems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  /** Failed requests (network errors, not HTTP statuses): a script or API call that never arrived. */
  readonly failedRequests: string[];
}

/** A request the page made to the API (not the dashboard's own files, nor the local sign-in). */
export interface PageApiRequest {
  /** Path and query. */
  readonly path: string;
  readonly method: string;
  readonly status: number;
  /** The bearer the page sent, to send the same request again as the same caller. */
  readonly authorization: string | undefined;
}

export interface DashboardTab {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly problems: PageProblems;
  /** The page's API requests since the tab opened, or since the last `apiRequests.splice(0)`. */
  readonly apiRequests: PageApiRequest[];
  /**
   * API paths the test expects to be refused with 404 (another rep's figures): Chromium's own
   * "Failed to load resource: … 404" line for them is then the expected answer, not a problem.
   * Every other console error still is.
   */
  readonly expectedNotFound: RegExp[];
}

export interface TabOptions {
  readonly viewport?: ViewportName;
}

/** Paths the runtime answers itself rather than the API: the dashboard's files, its config and the local sign-in. */
const NOT_API = /^\/($|\?|index\.html|assets\/|config\.json|local\/|favicon)/;

/**
 * A new context (its own storage: nobody signed in) and page on one of the two screens, in
 * English and UTC, recording its problems and the requests it makes to the API.
 */
export async function openTab(browser: Browser, options: TabOptions = {}): Promise<DashboardTab> {
  const viewport = options.viewport ?? 'laptop';
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: 1,
    isMobile: viewport === 'phone',
    hasTouch: viewport === 'phone',
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [] };
  const apiRequests: PageApiRequest[] = [];
  const expectedNotFound: RegExp[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    if (/^Failed to load resource: the server responded with a status of 404\b/.test(message.text()) && url) {
      const { pathname, search } = new URL(url);
      if (expectedNotFound.some((pattern) => pattern.test(`${pathname}${search}`))) return;
    }
    problems.consoleErrors.push(`${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
  page.on('requestfailed', (request) => {
    // A navigation away aborts what the last view still had in flight: that is not a failure.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    const request = response.request();
    const url = new URL(request.url());
    if (request.resourceType() !== 'fetch' || NOT_API.test(`${url.pathname}${url.search}`)) return;
    apiRequests.push({
      path: `${url.pathname}${url.search}`,
      method: request.method(),
      status: response.status(),
      authorization: request.headers().authorization,
    });
  });
  return { context, page, problems, apiRequests, expectedNotFound };
}

/** Waits until every card has settled (`<main data-busy="false">`) and returns each card's state. */
export async function waitUntilSettled(page: Page, timeout = 20_000): Promise<Record<string, CardState>> {
  await page.locator('main[data-busy="false"]').waitFor({ state: 'attached', timeout });
  return cardStates(page);
}

/** The cards on the page, by chart id, with their states. */
export async function cardStates(page: Page): Promise<Record<string, CardState>> {
  return page.$$eval('section.chart-card', (cards) =>
    Object.fromEntries(cards.map((card) => [card.getAttribute('data-chart') ?? '', card.getAttribute('data-state') as string])),
  );
}

/**
 * Each card that is not `ready`, with what it says instead ("coming", the API's problem, the
 * empty message). `mayBeEmpty`: cards whose empty state is a right answer here (the deals at
 * risk, where no deal shows a sign of slipping).
 */
export async function cardsNotReady(page: Page, mayBeEmpty: readonly ChartId[] = []): Promise<string[]> {
  return page.$$eval(
    'section.chart-card',
    (cards, emptyAllowed) =>
      cards
        .filter((card) => card.getAttribute('data-state') !== 'ready')
        .filter((card) => !(card.getAttribute('data-state') === 'empty' && emptyAllowed.includes(card.getAttribute('data-chart') ?? '')))
        .map(
          (card) =>
            `${card.getAttribute('data-chart')}: ${card.getAttribute('data-state')}${card.hasAttribute('data-coming') ? ' (builder not wired: "coming")' : ''}, ` +
            `"${(card.querySelector('.chart-card__message')?.textContent ?? '').trim()}"`,
        ),
    [...mayBeEmpty] as string[],
  );
}

/**
 * The ready cards whose chart is not drawn: no visible SVG or canvas of some size in the card's
 * chart area. The quality table is a table only (it has no chart to draw).
 */
export async function chartsNotDrawn(page: Page): Promise<string[]> {
  // Table-only cards draw no chart: the quality table, the deals at risk, the next sale and the commission change.
  const tableOnly = ['quality-table', 'forecast-at-risk', 'commission-next-sale', 'commission-change']
    .map((id) => `:not([data-chart="${id}"])`)
    .join('');
  return page.$$eval(`section.chart-card[data-state="ready"]${tableOnly}`, (cards) =>
    cards
      .filter((card) => {
        const area = card.querySelector('.chart-card__chart');
        const drawing = area?.querySelector('svg, canvas');
        const box = drawing?.getBoundingClientRect();
        return !area || area.hasAttribute('hidden') || !box || box.width < 50 || box.height < 50;
      })
      .map((card) => card.getAttribute('data-chart') ?? ''),
  );
}

export function card(page: Page, chart: ChartId) {
  return page.locator(`section.chart-card[data-chart="${chart}"]`);
}

/** A chart's figures as its card's table shows them: the header row's labels, and each row's cells as text. */
export interface CardTable {
  readonly headers: string[];
  readonly rows: string[][];
}

/** Opens the card's table with its "Table" button (unless it is open already) and reads it. */
export async function readCardTable(page: Page, chart: ChartId): Promise<CardTable> {
  const section = card(page, chart);
  const table = section.locator('table');
  if (!(await table.isVisible())) {
    const button = section.getByRole('button', { name: 'Table', exact: true });
    if (await button.isDisabled())
      throw new Error(
        `the "Table" button of ${chart} is disabled: the card is ${await section.getAttribute('data-state')}, it has no figures to show`,
      );
    await button.click();
    await table.waitFor({ state: 'visible', timeout: 5_000 });
  }
  // Runs in the page (this project type-checks without the DOM library, hence `any`). A header's
  // text leaves out what is there for the eye or the screen reader only (sort marks, "sort").
  return table.evaluate((element: any) => {
    const text = (cell: any) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim();
    const label = (cell: any) => {
      const copy = cell.cloneNode(true);
      for (const extra of copy.querySelectorAll('[aria-hidden="true"], .visually-hidden')) extra.remove();
      return text(copy);
    };
    const headerRow = element.tHead?.rows[0] ?? element.rows[0];
    const headers: string[] = headerRow ? [...headerRow.cells].map(label) : [];
    const bodyRows: any[] = [...element.tBodies].flatMap((body: any) => [...body.rows]);
    return { headers, rows: bodyRows.map((row) => [...row.cells].map(text) as string[]) };
  });
}

/** Clicks the card's "Download CSV" button and returns the file it downloads, as text. */
export async function downloadCardCsv(page: Page, chart: ChartId): Promise<{ fileName: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    card(page, chart).getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  const file = await download.path();
  return { fileName: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

/** The table as records keyed by its header labels. */
export function recordsOf(table: CardTable): Array<Record<string, string>> {
  return table.rows.map((row) => Object.fromEntries(table.headers.map((header, index) => [header, row[index] ?? ''])));
}

/**
 * A figure as the page shows it, as a number: `2,300.00`, `€2,300`, `−1,250`, `(1,250)`, `80 %`
 * (0.8), `12 days` (12). Undefined for text that is no figure (a name, `—`).
 */
export function figureOf(text: string): number | undefined {
  const trimmed = text.replace(/\u00a0|\u202f/g, ' ').trim();
  const negative = /^[-−(]|[-−]\s*[^\d\s]*\s*\d/.test(trimmed) && /\d/.test(trimmed);
  const digits = trimmed.replace(/[^\d.]/g, '');
  if (!/\d/.test(digits) || digits.split('.').length > 2) return undefined;
  const magnitude = Number(digits);
  if (Number.isNaN(magnitude)) return undefined;
  const percent = trimmed.endsWith('%');
  const value = percent ? magnitude / 100 : magnitude;
  return negative ? -value : value;
}

/** The accessibility violations axe-core finds on the page that are serious or critical. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the dashboard's CSP (script-src 'self') rightly refuses an inline <script>.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => {
    const inPage = globalThis as unknown as { axe: typeof axe; document: unknown };
    return inPage.axe.run(inPage.document as Parameters<typeof axe.run>[0], { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes
          .slice(0, 5)
          .map((node) => node.target.join(' '))
          .join('; ')}${violation.nodes.length > 5 ? `; +${violation.nodes.length - 5} more` : ''})`,
    );
}

/** A full-page PNG under test-results/screenshots/, named for the view and the screen; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIRECTORY, { recursive: true });
  const file = path.join(SCREENSHOT_DIRECTORY, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** A view's address: query parameters on `/` (web/app keeps the dashboard's state in the URL). */
export interface ViewAddress {
  readonly view: 'company' | 'team' | 'rep' | 'deal' | 'leads';
  readonly team?: string;
  readonly rep?: string;
  readonly deal?: string;
  readonly period?: string;
  /** The leads page's range of months. */
  readonly from?: string;
  readonly to?: string;
}

export function viewUrl(origin: string, address: ViewAddress): string {
  const query = new URLSearchParams(Object.entries(address).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `${origin}/?${query}`;
}

/** How the sign-in page names each role (web/app/views/sign-in-view.ts). */
const ROLE_LABELS: Readonly<Record<string, RegExp>> = {
  rep: /^Rep\b/,
  manager: /^Manager\b/,
  admin: /^Admin\b/,
  marketing: /^Marketing\b/,
};

/** Signs in through the dashboard's local sign-in page as a rep with a role, and waits for the first view to settle. */
export async function signIn(page: Page, origin: string, who: { readonly repId: string; readonly role: string }): Promise<void> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (globalThis as any).document.body.dataset.view === 'sign-in', undefined, { timeout: 15_000 });
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Sign in', exact: true }) });
  // The list of reps arrives after the page: selectOption waits for the select to be enabled.
  await form.getByLabel('Rep', { exact: true }).selectOption(who.repId);
  await form.getByRole('radio', { name: ROLE_LABELS[who.role] ?? new RegExp(`^${who.role}`, 'i') }).check();
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForFunction(() => (globalThis as any).document.body.dataset.view !== 'sign-in', undefined, { timeout: 15_000 });
  await page.locator('main[data-busy="false"]').waitFor({ state: 'attached', timeout: 30_000 });
}
