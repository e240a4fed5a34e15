/**
 * One browser test file's setting: the loaded dashboard (browser-dashboard.ts) and one
 * Chromium, started before the file's tests and stopped after them; tabs signed in as
 * someone; views opened by address; and, after each test, the check that no page it opened
 * logged a console error, threw, or lost a request.
 */

import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  type CardState,
  type DashboardTab,
  launchChromium,
  openTab,
  signIn,
  type ViewAddress,
  type ViewportName,
  viewUrl,
  waitUntilSettled,
} from './browser.js';
import { type DashboardRuntimeOptions, type LoadedDashboard, startLoadedDashboard } from './browser-dashboard.js';
import type { DatedRequest } from './browser-organisation.js';

export interface Who {
  readonly repId: string;
  readonly role: 'rep' | 'manager' | 'admin' | 'marketing';
}

export const DAVE: Who = { repId: 'dave-apthorp', role: 'rep' };
export const ALICE_MANAGER: Who = { repId: 'alice-novak', role: 'manager' };
export const ADMIN: Who = { repId: 'sales-ops', role: 'admin' };

export interface BrowserSession {
  readonly dashboard: () => LoadedDashboard;
  /** A new tab (nobody signed in, its own storage) on a screen, signed in as `who` through the sign-in page. */
  signedIn(who: Who, viewport?: ViewportName): Promise<DashboardTab>;
  /** A new tab nobody has signed in on. */
  anonymous(viewport?: ViewportName): Promise<DashboardTab>;
  /** Opens a view by its address and waits until it has settled; the tab's API requests then are this view's. */
  show(tab: DashboardTab, address: ViewAddress): Promise<Record<string, CardState>>;
}

export interface BrowserSessionOptions {
  /** Requests sent after the browser organisation, as its admin, each at its date (a file's own data: leads, campaigns). */
  readonly moreRequests?: () => DatedRequest[];
  /** Options of the local runtime (e.g. `pipelineJobs`). */
  readonly runtime?: DashboardRuntimeOptions;
}

/** Registers the file's hooks; call once at the top of a test file. */
export function useBrowserSession(options: BrowserSessionOptions = {}): BrowserSession {
  let dashboard: LoadedDashboard | undefined;
  let browser: Browser | undefined;
  const tabs: DashboardTab[] = [];

  beforeAll(async () => {
    [dashboard, browser] = await Promise.all([startLoadedDashboard(options.moreRequests?.() ?? [], options.runtime), launchChromium()]);
  }, 180_000);

  afterEach(async () => {
    const opened = tabs.splice(0);
    const problems = opened.flatMap(({ page, problems: { consoleErrors, pageErrors, failedRequests } }) =>
      [
        ...consoleErrors.map((text) => `console error: ${text}`),
        ...pageErrors.map((text) => `uncaught: ${text}`),
        ...failedRequests.map((text) => `request failed: ${text}`),
      ].map((problem) => `${page.url()}: ${problem}`),
    );
    await Promise.all(opened.map((tab) => tab.context.close()));
    expect(problems, 'the pages logged no console errors, threw nothing and lost no request').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
  });

  const started = () => {
    if (!dashboard || !browser) throw new Error('the browser session has not started');
    return { dashboard, browser };
  };

  return {
    dashboard: () => started().dashboard,
    async anonymous(viewport = 'laptop') {
      const tab = await openTab(started().browser, { viewport });
      tabs.push(tab);
      return tab;
    },
    async signedIn(who, viewport = 'laptop') {
      const tab = await openTab(started().browser, { viewport });
      tabs.push(tab);
      await signIn(tab.page, started().dashboard.url, who);
      return tab;
    },
    async show(tab, address) {
      tab.apiRequests.splice(0);
      await tab.page.goto(viewUrl(started().dashboard.url, address));
      await tab.page.waitForFunction((view) => (globalThis as any).document.body.dataset.view === view, address.view, { timeout: 15_000 });
      return waitUntilSettled(tab.page);
    },
  };
}
