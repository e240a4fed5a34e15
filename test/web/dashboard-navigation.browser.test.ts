/**
 * Moving around the dashboard in Chromium: drill-down by clicking, from the company to a
 * region, to its sub-team, to a rep, to one of the rep's deals, each view settling with the
 * figures of what was clicked; and a rep who opens another rep's address (or another rep's
 * deal) is told "not found" and shown none of that rep's figures, as the API answers 404.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type CardState, type DashboardTab, waitUntilSettled } from '../support/browser.js';
import { ADMIN, DAVE, useBrowserSession } from '../support/browser-session.js';

const session = useBrowserSession();

/** Clicks a link (the first one visible) inside the card, and waits for the view it leads to. */
async function follow(tab: DashboardTab, cards: string, name: string, expectedView: string): Promise<Record<string, CardState>> {
  const link = tab.page.locator(cards).getByRole('link', { name, exact: true }).filter({ visible: true }).first();
  await link.click();
  await tab.page.waitForFunction((view) => (globalThis as any).document.body.dataset.view === view, expectedView, { timeout: 15_000 });
  return waitUntilSettled(tab.page);
}

const heading = (page: Page) => page.locator('h1').first().textContent();
const query = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

describe('drill-down by clicking', () => {
  it('goes from the company to a region, its sub-team, a rep and one of the rep’s deals', async () => {
    // Prepare
    const tab = await session.signedIn(ADMIN);
    await session.show(tab, { view: 'company', period: '2016-02' });

    // Act and assess: each click opens the member's own view for the same period.
    await follow(tab, 'section.chart-card[data-chart="members-over-under"]', 'EMEA', 'team');
    expect(query(tab.page)).toMatchObject({ view: 'team', team: 'emea', period: '2016-02' });
    expect(await heading(tab.page)).toContain('EMEA');

    await follow(tab, 'section.chart-card[data-chart="members-over-under"]', 'EMEA Enterprise', 'team');
    expect(query(tab.page)).toMatchObject({ view: 'team', team: 'emea-enterprise', period: '2016-02' });
    expect(await heading(tab.page)).toContain('EMEA Enterprise');

    await follow(tab, 'section.chart-card[data-chart="members-over-under"]', 'Dave Apthorp', 'rep');
    expect(query(tab.page)).toMatchObject({ view: 'rep', rep: 'dave-apthorp', period: '2016-02' });
    expect(await heading(tab.page)).toContain('Dave Apthorp');

    await follow(
      tab,
      'section.chart-card[data-chart="rep-open-deals"], section.chart-card[data-chart="quality-table"]',
      'Umbrella renewal',
      'deal',
    );
    expect(query(tab.page)).toMatchObject({ view: 'deal', deal: 'dave-2016-3' });
    expect(await heading(tab.page)).toContain('Umbrella renewal');
    const panels = await tab.page.$$eval('section.deal-panel', (sections) => sections.map((section) => section.getAttribute('data-state')));
    expect(panels).toEqual(['ready', 'ready', 'ready']);

    // Back goes back up, to the rep's figures.
    await tab.page.goBack();
    await tab.page.waitForFunction(() => (globalThis as any).document.body.dataset.view === 'rep', undefined, { timeout: 15_000 });
    await waitUntilSettled(tab.page);
    expect(query(tab.page)).toMatchObject({ view: 'rep', rep: 'dave-apthorp' });
  });
});

describe('another rep’s address', () => {
  /** Text of another rep's figures that must not reach the page: Erin Kaur's deals and amounts. */
  const ERINS = ['Stark Industries', 'Cyberdyne', 'Soylent', '20,000', '10,000', '45,000'];

  it('shows a rep who opens another rep’s view "not found" and none of that rep’s figures', async () => {
    // Prepare
    const tab = await session.signedIn(DAVE);
    tab.expectedNotFound.push(/erin-kaur/);

    // Act
    const states = await session.show(tab, { view: 'rep', rep: 'erin-kaur', period: '2016-02' });

    // Assess
    expect(Object.keys(states).length).toBeGreaterThan(0);
    expect(Object.entries(states).filter(([, state]) => state !== 'not-found')).toEqual([]);
    const text = (await tab.page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/not found/i);
    expect(ERINS.filter((figure) => text.includes(figure))).toEqual([]);
    expect(await tab.page.locator('main table tbody tr').count(), 'no table rows').toBe(0);
    expect(await tab.page.locator('main canvas, main [_echarts_instance_]').count(), 'no chart drawn').toBe(0);
    // Whatever the page asked about Erin, the engine refused, as it refuses a rep who does not exist.
    const aboutErin = tab.apiRequests.filter((request) => /erin-kaur/.test(request.path));
    expect(aboutErin.filter((request) => request.status !== 404).map((request) => `${request.path}: ${request.status}`)).toEqual([]);
    expect((await session.dashboard().apiGet('/reps/erin-kaur/months/2016-02', DAVE)).status).toBe(404);
  });

  it('shows a rep who opens another rep’s deal "not found" and nothing of the deal', async () => {
    // Prepare
    const tab = await session.signedIn(DAVE);
    tab.expectedNotFound.push(/^\/opportunities\/erin-2016-1(\/|$)/);

    // Act
    await session.show(tab, { view: 'deal', deal: 'erin-2016-1' });

    // Assess
    const panels = await tab.page.$$eval('section.deal-panel', (sections) => sections.map((section) => section.getAttribute('data-state')));
    expect(panels.length).toBeGreaterThan(0);
    expect(panels.filter((state) => state !== 'not-found')).toEqual([]);
    const text = (await tab.page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/not found/i);
    expect(ERINS.filter((figure) => text.includes(figure))).toEqual([]);
  });
});
