/**
 * `npm run bench:dashboard [-- --runs 7]`: how fast the dashboard shows the company, against
 * its aims (every chart within 2 s; initial JavaScript at most 300 KB gzipped).
 *
 * 1. Build the dashboard as it is deployed and gzip the files index.html loads before any
 *    interaction (web/build/build-web.ts's `initialFiles`).
 * 2. Start `npm start -- --demo --in-memory` (the demo company of 30 reps and a year of deals)
 *    and sign in as its admin through the local sign-in page, in Debian's Chromium.
 * 3. Open the company view `--runs` times, cold (the browser's cache emptied first, as on a
 *    first visit) and warm (the assets cached, as on every later one), and read in the page the
 *    time from the start of the navigation (`performance.now()`, whose origin is the
 *    navigation's start) to `<main data-busy="false">`, every card settled; and each card's own.
 *
 * The API is on the same machine: no network latency, but a DynamoDB Local that is slower than
 * DynamoDB. Exits 1 if an aim is missed.
 */
import '#local/quiet-sdk-node-warning.js';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium, openTab, signIn, viewUrl } from '#test/support/browser.js';
import { buildWeb } from '#web/build/build-web.js';
import { DEMO_ADMIN_ID, startDemoDashboard } from './demo-dashboard.js';

const AIMS = { settledMs: 2_000, initialJsGzipBytes: 300 * 1024 } as const;

const log = (line: string) => process.stderr.write(`${line}\n`);

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log('usage: npm run bench:dashboard -- [--runs 5]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);

interface BuiltFile {
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/**
 * The dashboard as built for deployment: the files index.html loads before interaction, and
 * the JavaScript loaded on demand (the charts), with their gzipped sizes.
 */
async function builtFiles(): Promise<{ initial: BuiltFile[]; onDemandJs: BuiltFile[] }> {
  const outDir = path.join(tmpdir(), `dashboard-bench-${process.pid}`);
  const sizeOf = async (file: string): Promise<BuiltFile> => {
    const content = await readFile(path.join(outDir, file));
    return { path: file, bytes: content.length, gzipBytes: gzipSync(content).length };
  };
  try {
    const build = await buildWeb({ outDir });
    const onDemand = build.files.map((file) => file.path).filter((file) => file.endsWith('.js') && !build.initialFiles.includes(file));
    return { initial: await Promise.all(build.initialFiles.map(sizeOf)), onDemandJs: await Promise.all(onDemand.map(sizeOf)) };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * Records, from the first script of the document on, when each card leaves `loading` and when
 * `<main>` says `data-busy="false"`, on the page's own clock (a MutationObserver: no polling).
 */
const SETTLE_RECORDER = `(() => {
  const times = { cards: {}, settled: undefined };
  window.__dashboardTimes = times;
  const look = () => {
    for (const card of document.querySelectorAll('section.chart-card[data-chart]')) {
      const id = card.getAttribute('data-chart');
      if (card.getAttribute('data-state') !== 'loading' && times.cards[id] === undefined) times.cards[id] = performance.now();
    }
    if (times.settled === undefined && document.querySelector('main[data-busy="false"]')) times.settled = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-busy'] });
})();`;

interface Run {
  readonly settledMs: number;
  readonly cards: Record<string, number>;
  /** Each API request of the view (path, series, month range): when its answer was in, from the navigation's start. */
  readonly requests: Record<string, number>;
}

async function timeCompanyView(page: Page, url: string): Promise<Run> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (globalThis as any).__dashboardTimes?.settled !== undefined, undefined, {
    timeout: 60_000,
    polling: 100,
  });
  const times = await page.evaluate(() => (globalThis as any).__dashboardTimes as { cards: Record<string, number>; settled: number });
  const entries: Array<{ name: string; responseEnd: number }> = await page.evaluate(() =>
    (globalThis as any).performance
      .getEntriesByType('resource')
      .filter((entry: any) => entry.initiatorType === 'fetch')
      .map((entry: any) => ({ name: entry.name, responseEnd: entry.responseEnd })),
  );
  const requests: Record<string, number> = {};
  for (const entry of entries) {
    const { pathname, searchParams } = new URL(entry.name);
    const series = searchParams.get('series');
    const range = pathname.endsWith('/months') ? ` ${searchParams.get('from')} to ${searchParams.get('to')}` : '';
    requests[`${pathname}${series ? ` (${series})` : ''}${range}`] = entry.responseEnd;
  }
  return { settledMs: times.settled, cards: times.cards, requests };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

log('building the dashboard...');
const { initial: files, onDemandJs } = await builtFiles();
log('starting npm start -- --demo --in-memory (loading the demo takes one to two minutes)...');
const dashboard = await startDemoDashboard(log);
const browser = await launchChromium();
const cold: Run[] = [];
const warm: Run[] = [];
try {
  const { context, page, problems } = await openTab(browser, { viewport: 'laptop' });
  await context.addInitScript({ content: SETTLE_RECORDER });
  await signIn(page, dashboard.url, { repId: DEMO_ADMIN_ID, role: 'admin' });
  const url = viewUrl(dashboard.url, { view: 'company' });
  const cdp = await context.newCDPSession(page);
  // One unmeasured visit: the API's and DynamoDB Local's own first-request costs are not the page's.
  await timeCompanyView(page, url);
  for (let run = 1; run <= runs; run++) {
    await cdp.send('Network.clearBrowserCache');
    cold.push(await timeCompanyView(page, url));
    warm.push(await timeCompanyView(page, url));
    log(`run ${run}/${runs}: cold ${ms(cold.at(-1)!.settledMs)}, warm ${ms(warm.at(-1)!.settledMs)}`);
  }
  for (const problem of [...problems.consoleErrors, ...problems.pageErrors]) log(`page problem: ${problem}`);
} finally {
  await browser.close();
  await dashboard.stop();
}

const jsGzip = files.filter((file) => file.path.endsWith('.js')).reduce((sum, file) => sum + file.gzipBytes, 0);
const worstSettled = Math.max(...cold.map((run) => run.settledMs), ...warm.map((run) => run.settledMs));
const cardIds = [...new Set(cold.flatMap((run) => Object.keys(run.cards)))].sort();
const requestPaths = [...new Set(cold.flatMap((run) => Object.keys(run.requests)))].sort();
const medianOf = (runs: readonly Run[], pick: (run: Run) => number | undefined) =>
  median(runs.map(pick).filter((time): time is number => time !== undefined));
const lines = [
  `Dashboard, company view of the demo (30 reps, a year of deals), ${runs} runs, Chromium ${browser.version()}, 1366×768`,
  '',
  'Navigation to every chart settled (main[data-busy=false]):',
  `  cold cache   median ${ms(median(cold.map((run) => run.settledMs)))}   max ${ms(Math.max(...cold.map((run) => run.settledMs)))}`,
  `  warm cache   median ${ms(median(warm.map((run) => run.settledMs)))}   max ${ms(Math.max(...warm.map((run) => run.settledMs)))}`,
  '',
  'Each card settled (cold: median / max):',
  ...cardIds.map((id) => {
    const times = cold.map((run) => run.cards[id]).filter((time): time is number => time !== undefined);
    return `  ${id.padEnd(24)} ${ms(median(times)).padStart(9)} / ${ms(Math.max(...times))}`;
  }),
  '',
  "Each API answer in, from the navigation's start (cold: median):",
  ...requestPaths
    .sort((a, b) => medianOf(cold, (run) => run.requests[b]) - medianOf(cold, (run) => run.requests[a]))
    .map((request) => `  ${request.padEnd(48)} ${ms(medianOf(cold, (run) => run.requests[request])).padStart(9)}`),
  '',
  'Initial files (loaded before any interaction), gzipped (zlib, default level):',
  ...files.map((file) => `  ${file.path.padEnd(40)} ${kb(file.bytes).padStart(10)} -> ${kb(file.gzipBytes).padStart(9)}`),
  `JavaScript loaded on demand (the charts): ${onDemandJs.length} files, ${kb(onDemandJs.reduce((sum, file) => sum + file.bytes, 0))} -> ${kb(onDemandJs.reduce((sum, file) => sum + file.gzipBytes, 0))} gzipped`,
  '',
  'Aims:',
  `  every chart within 2 s: worst ${ms(worstSettled)} ${worstSettled <= AIMS.settledMs ? 'MET' : 'MISSED'}`,
  `  initial JavaScript <= 300 KB gzipped: ${kb(jsGzip)} ${jsGzip <= AIMS.initialJsGzipBytes ? 'MET' : 'MISSED'}`,
];
console.log(lines.join('\n'));
process.exit(worstSettled <= AIMS.settledMs && jsGzip <= AIMS.initialJsGzipBytes ? 0 : 1);
