/**
 * The forecasts and the commission insight in Chromium, against the local runtime: beside the
 * gauge, the chance of reaching target is the API's (`GET /forecasts`); the target-by-month
 * chart draws the month's P10-P90 box; the deals at risk are the API's ranking; on the rep's
 * page, the next sale is the API's and "why the commission changed" lists the API's lines
 * with a total row equal to its `change` (the lines summing to it), and its form asks again.
 * Axe finds nothing serious; screenshots on a laptop and a phone.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  card,
  type DashboardTab,
  figureOf,
  readCardTable,
  recordsOf,
  SCREENSHOT_DIRECTORY,
  saveScreenshot,
  seriousAccessibilityViolations,
  waitUntilSettled,
} from '../support/browser.js';
import { expectedRows, tableDifferences } from '../support/browser-figures.js';
import { ALICE_MANAGER, DAVE, useBrowserSession } from '../support/browser-session.js';

const session = useBrowserSession();

const money = (text: string | undefined): number | undefined => {
  const figure = figureOf(text ?? '');
  return figure === undefined ? undefined : Math.round(figure * 100);
};

/** What the engine answers to the page's own requests, and the differences of a card's table from it. */
async function differencesOf(tab: DashboardTab, chart: Parameters<typeof readCardTable>[1]): Promise<string[]> {
  const answers = await session.dashboard().answersTo(tab.apiRequests);
  return tableDifferences(chart, await readCardTable(tab.page, chart), expectedRows(chart, answers));
}

async function look(tab: DashboardTab, name: string): Promise<{ violations: string[]; overflow: number; screenshot: string }> {
  // The charts' entry animation is over before the picture.
  await tab.page.waitForTimeout(1_200);
  return {
    violations: await seriousAccessibilityViolations(tab.page),
    overflow: await tab.page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    }),
    screenshot: await saveScreenshot(tab.page, name),
  };
}

describe('forecasts and commission insight on the dashboard', () => {
  it("Dave's February 2016: the chance of reaching target and the band are the API's; the next sale and why the commission changed too", async () => {
    // Prepare
    const tab = await session.signedIn(DAVE);

    // Act
    const states = await session.show(tab, { view: 'rep', rep: DAVE.repId, period: '2016-02' });

    // Assess: the forecast beside the gauge, as the API answers it.
    expect(states['target-forecast']).toBe('ready');
    const forecast = await session.dashboard().apiGet(`/forecasts?period=2016-02&repId=${DAVE.repId}`, DAVE);
    expect(forecast.status).toBe(200);
    const chance: number = forecast.body.simulation.probabilityOfReachingTarget;
    const title = await card(tab.page, 'target-forecast').locator('.chart-card__title').textContent();
    expect(title).toMatch(/% chance of reaching the .* target$/);
    expect(figureOf(title?.split(' chance')[0] ?? '')).toBeCloseTo(chance, 3);
    expect(await differencesOf(tab, 'target-forecast')).toEqual([]);
    // The band on the target chart: February's P10 / P50 / P90, the same forecast (one request shared).
    const byMonth = recordsOf(await readCardTable(tab.page, 'target-by-month'));
    const february = byMonth.find((row) => row.Month === 'Feb 2016');
    expect([money(february?.['Forecast P10']), money(february?.['Forecast P50']), money(february?.['Forecast P90'])]).toEqual([
      forecast.body.simulation.p10,
      forecast.body.simulation.p50,
      forecast.body.simulation.p90,
    ]);
    expect(byMonth.find((row) => row.Month === 'Jan 2016')?.['Forecast P50']).toBe('—');
    expect(tab.apiRequests.filter((request) => request.path.startsWith('/forecasts?')).map((request) => request.path)).toEqual([
      `/forecasts?period=2016-02&repId=${DAVE.repId}`,
    ]);
    // The at-risk card: the API's ranking (none, or the deals it lists).
    expect(['ready', 'empty']).toContain(states['forecast-at-risk']);
    expect(await differencesOf(tab, 'forecast-at-risk')).toEqual([]);

    // Assess: the next sale, and why the commission changed since the 1st, whose total row is the API's change.
    expect(states['commission-next-sale']).toBe('ready');
    expect(await differencesOf(tab, 'commission-next-sale')).toEqual([]);
    expect(states['commission-change']).toBe('ready');
    const changeRequest = tab.apiRequests.find((request) => request.path.includes('/commission/change?'));
    expect(changeRequest?.path).toBe(`/reps/${DAVE.repId}/months/2016-02/commission/change?from=2016-02-01`);
    const change = await session.dashboard().apiGet(changeRequest?.path ?? '', DAVE);
    const lines = recordsOf(await readCardTable(tab.page, 'commission-change'));
    const total = lines.at(-1);
    expect(total?.What).toBe('Total change');
    for (const [label, key] of [
      ['Earned', 'earned'],
      ['Pipeline commission', 'pipelineCommission'],
      ['Total potential', 'totalPotential'],
    ] as const) {
      expect(money(total?.[label]), label).toBe(change.body.change[key]);
      expect(
        lines.slice(0, -1).reduce((sum, line) => sum + (money(line[label]) ?? 0), 0),
        `${label}: the lines add up to the total`,
      ).toBe(change.body.change[key]);
    }
    expect(lines.length - 1).toBe(change.body.lines.length);
    expect(await differencesOf(tab, 'commission-change')).toEqual([]);

    // Act: the form asks for another window (from the 15th), by keyboard.
    tab.apiRequests.splice(0);
    await tab.page.locator('#change-from').fill('2016-02-15');
    await tab.page.getByRole('button', { name: 'Explain' }).press('Enter');
    await tab.page.waitForFunction(
      () => (globalThis as any).document.querySelector('section[data-chart="commission-change"]')?.getAttribute('aria-busy') === 'false',
    );

    // Assess: the card shows the API's answer for that window.
    expect(tab.apiRequests.map((request) => request.path)).toEqual([
      `/reps/${DAVE.repId}/months/2016-02/commission/change?from=2016-02-15`,
    ]);
    expect(await differencesOf(tab, 'commission-change')).toEqual([]);
  });

  it('a quarter: the forecast of the quarter beside the gauge, the band on each month not over; deals at risk link to their page', async () => {
    // Prepare
    const tab = await session.signedIn(ALICE_MANAGER);

    // Act
    const states = await session.show(tab, { view: 'team', team: 'emea', period: '2016-Q1' });

    // Assess: the quarter's forecast, and one forecast per month not over (February and March).
    expect(states['target-forecast']).toBe('ready');
    expect(await differencesOf(tab, 'target-forecast')).toEqual([]);
    expect(
      tab.apiRequests
        .filter((request) => request.path.startsWith('/forecasts?'))
        .map((request) => request.path)
        .sort(),
    ).toEqual(['/forecasts?period=2016-02&teamId=emea', '/forecasts?period=2016-03&teamId=emea', '/forecasts?period=2016-Q1&teamId=emea']);
    const months = recordsOf(await readCardTable(tab.page, 'target-by-month'));
    expect(months.filter((row) => row['Forecast P50'] !== '—').map((row) => row.Month)).toEqual(['Feb 2016', 'Mar 2016']);
    expect(await differencesOf(tab, 'forecast-at-risk')).toEqual([]);
    const atRisk = recordsOf(await readCardTable(tab.page, 'forecast-at-risk'));
    if (atRisk.length > 0) {
      // Cyberdyne's close date moved twice: the reason says so, and the deal links to its page.
      expect(atRisk.map((row) => row.Why).join(' | ')).toMatch(/Close date pushed/);
      const link = card(tab.page, 'forecast-at-risk').locator('table a').first();
      await link.focus();
      await link.press('Enter');
      await tab.page.waitForFunction(() => (globalThis as any).document.body.dataset.view === 'deal');
      await waitUntilSettled(tab.page);
    }
  });

  it('a fiscal year shows no forecast cards, and one line that says why', async () => {
    // Prepare
    const tab = await session.signedIn(ALICE_MANAGER);

    // Act
    const states = await session.show(tab, { view: 'team', team: 'emea', period: '2016-FY' });

    // Assess
    expect(Object.keys(states)).not.toContain('target-forecast');
    expect(Object.keys(states)).not.toContain('forecast-at-risk');
    expect(await tab.page.locator('[data-forecast="none"]').textContent()).toMatch(/^Forecasts cover a month or a fiscal quarter/);
    expect(tab.apiRequests.filter((request) => request.path.startsWith('/forecasts'))).toEqual([]);
  });

  describe.each(['laptop', 'phone'] as const)('on a %s', (viewport) => {
    it.each([
      { name: 'forecast-rep', who: DAVE, address: { view: 'rep' as const, rep: DAVE.repId, period: '2016-02' } },
      { name: 'forecast-team', who: ALICE_MANAGER, address: { view: 'team' as const, team: 'emea', period: '2016-Q1' } },
    ])('the $name view is accessible and fits the screen', async ({ name, who, address }) => {
      // Prepare
      const tab = await session.signedIn(who, viewport);
      await session.show(tab, address);

      // Act
      const seen = await look(tab, `${name}-${viewport}`);

      // The new cards alone, to look at closely.
      for (const chart of [
        'target-forecast',
        'target-by-month',
        'forecast-at-risk',
        'commission-next-sale',
        'commission-change',
      ] as const) {
        const section = card(tab.page, chart);
        if ((await section.count()) === 1)
          await section.screenshot({ path: path.join(SCREENSHOT_DIRECTORY, `${name}-${viewport}-${chart}.png`), animations: 'disabled' });
      }

      // Assess
      expect(seen.violations, `serious or critical accessibility violations (${seen.screenshot})`).toEqual([]);
      expect(seen.overflow, `wider than the screen (${seen.screenshot})`).toBe(0);
    });
  });
});
