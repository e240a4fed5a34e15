/**
 * Every view of the dashboard in Chromium, on a laptop (1366×768) and a phone (390×844):
 * axe-core finds no serious or critical accessibility violation, nothing is wider than the
 * screen, and a full-page screenshot of each goes to test-results/screenshots/ (git-ignored)
 * to be looked at after a run: `<view>-<screen>.png`.
 */
import { describe, expect, it } from 'vitest';
import {
  type DashboardTab,
  saveScreenshot,
  seriousAccessibilityViolations,
  VIEWPORTS,
  type ViewAddress,
  type ViewportName,
} from '../support/browser.js';
import { ADMIN, ALICE_MANAGER, DAVE, useBrowserSession, type Who } from '../support/browser-session.js';

const session = useBrowserSession();

interface Shot {
  readonly name: string;
  readonly who: Who;
  readonly address: ViewAddress;
}

const VIEWS: readonly Shot[] = [
  { name: 'company', who: ADMIN, address: { view: 'company', period: '2016-FY' } },
  { name: 'team', who: ALICE_MANAGER, address: { view: 'team', team: 'emea', period: '2016-Q1' } },
  { name: 'rep', who: DAVE, address: { view: 'rep', rep: DAVE.repId, period: '2016-02' } },
  { name: 'deal', who: ADMIN, address: { view: 'deal', deal: 'dave-2016-3' } },
  { name: 'not-found', who: DAVE, address: { view: 'rep', rep: 'erin-kaur', period: '2016-02' } },
];

/** How far the page's content reaches past the screen's width, in CSS pixels (0 when it fits). */
async function overflow(tab: DashboardTab): Promise<number> {
  return tab.page.evaluate(() => {
    const root = (globalThis as any).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

async function look(tab: DashboardTab, name: string): Promise<{ violations: string[]; overflow: number; screenshot: string }> {
  // The charts' entry animation (ECharts draws in over a second) is over before the picture.
  await tab.page.waitForTimeout(1_200);
  return {
    violations: await seriousAccessibilityViolations(tab.page),
    overflow: await overflow(tab),
    screenshot: await saveScreenshot(tab.page, name),
  };
}

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('every view on a %s', (viewport) => {
  it('the sign-in page', async () => {
    // Prepare
    const tab = await session.anonymous(viewport);
    await tab.page.goto(`${session.dashboard().url}/`);
    await tab.page.locator('select#sign-in-rep:enabled, main[data-busy="false"]').first().waitFor();
    await tab.page.locator('main[data-busy="false"]').waitFor({ state: 'attached' });

    // Act
    const seen = await look(tab, `sign-in-${viewport}`);

    // Assess
    expect(seen.violations, `serious or critical accessibility violations (${seen.screenshot})`).toEqual([]);
    expect(seen.overflow, `wider than the screen (${seen.screenshot})`).toBe(0);
  });

  it.each(VIEWS)('the $name view', async ({ name, who, address }) => {
    // Prepare
    const tab = await session.signedIn(who, viewport);
    if (name === 'not-found') tab.expectedNotFound.push(/erin-kaur/);
    await session.show(tab, address);

    // Act
    const seen = await look(tab, `${name}-${viewport}`);

    // Assess
    expect(seen.violations, `serious or critical accessibility violations (${seen.screenshot})`).toEqual([]);
    expect(seen.overflow, `wider than the screen (${seen.screenshot})`).toBe(0);
  });
});
