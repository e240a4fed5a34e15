/**
 * `npm run screenshot`: the README's picture of the dashboard. Starts the local runtime with
 * the demo company (`npm start -- --demo --in-memory`), signs in as its admin through the
 * dashboard's local sign-in page, opens the company view and writes what a 1366×768 laptop
 * screen shows to docs/images/dashboard.png (`--out` to write elsewhere); then signs in as
 * the demo's marketing user and writes the whole Leads & campaigns page to
 * docs/images/leads.png (`--leads-out`).
 */
import '#local/quiet-sdk-node-warning.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_MARKETING } from '#local/demo/demo-dataset.js';
import { PROJECT_ROOT } from '#local/dynamodb-local.js';
import { launchChromium, openTab, signIn, viewUrl, waitUntilSettled } from '#test/support/browser.js';
import { DEMO_ADMIN_ID, startDemoDashboard } from './demo-dashboard.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(PROJECT_ROOT, 'docs', 'images', 'dashboard.png') },
    'leads-out': { type: 'string', default: path.join(PROJECT_ROOT, 'docs', 'images', 'leads.png') },
  },
});
const out = path.resolve(values.out as string);
const leadsOut = path.resolve(values['leads-out'] as string);

log('starting npm start -- --demo --in-memory (loading the demo takes one to two minutes)...');
const dashboard = await startDemoDashboard(log);
const browser = await launchChromium();
let failed = false;
try {
  const { page, problems } = await openTab(browser, { viewport: 'laptop' });
  await signIn(page, dashboard.url, { repId: DEMO_ADMIN_ID, role: 'admin' });
  await page.goto(viewUrl(dashboard.url, { view: 'company' }));
  const states = await waitUntilSettled(page, 60_000);
  const unsettled = Object.entries(states).filter(([, state]) => state !== 'ready' && state !== 'empty');
  if (unsettled.length > 0) log(`warning: cards not ready: ${unsettled.map(([chart, state]) => `${chart} ${state}`).join(', ')}`);
  // Let the charts' entry animations finish before the picture.
  await page.waitForTimeout(1_000);
  await mkdir(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, animations: 'disabled' });
  for (const problem of [...problems.consoleErrors, ...problems.pageErrors]) log(`page problem: ${problem}`);
  log(`wrote ${path.relative(process.cwd(), out)} (the company view, 1366×768)`);

  const marketing = await openTab(browser, { viewport: 'laptop' });
  await signIn(marketing.page, dashboard.url, { repId: DEMO_MARKETING.id, role: 'marketing' });
  await marketing.page.goto(viewUrl(dashboard.url, { view: 'leads' }));
  const leadStates = await waitUntilSettled(marketing.page, 60_000);
  const leadsUnsettled = Object.entries(leadStates).filter(([, state]) => state !== 'ready' && state !== 'empty');
  if (leadsUnsettled.length > 0) log(`warning: cards not ready: ${leadsUnsettled.map(([chart, state]) => `${chart} ${state}`).join(', ')}`);
  await marketing.page.waitForTimeout(1_000);
  await marketing.page.screenshot({ path: leadsOut, animations: 'disabled', fullPage: true });
  for (const problem of [...marketing.problems.consoleErrors, ...marketing.problems.pageErrors]) log(`page problem: ${problem}`);
  log(`wrote ${path.relative(process.cwd(), leadsOut)} (the Leads & campaigns page as marketing, 1366 wide)`);
} catch (error) {
  failed = true;
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await browser.close();
  await dashboard.stop();
}
process.exit(failed ? 1 : 0);
