/**
 * The "Leads & campaigns" page in Chromium, over the browser organisation with its leads and
 * campaigns (browserLeadsAndCampaigns: nine leads of four reps, three campaigns, four
 * conversions): marketing lands on it and has no other page; every card settles with the
 * engine's figures (each table against the API's answer to the page's own request, sent again
 * with the page's token); a rep sees only their own leads; axe finds nothing serious; and the
 * page is photographed on a laptop and a phone.
 */
import { describe, expect, it } from 'vitest';
import {
  type ChartId,
  cardsNotReady,
  chartsNotDrawn,
  type DashboardTab,
  downloadCardCsv,
  readCardTable,
  saveScreenshot,
  seriousAccessibilityViolations,
  VIEWPORTS,
  type ViewportName,
  waitUntilSettled,
} from '../support/browser.js';
import { cellMatches, expectedRows, tableDifferences } from '../support/browser-figures.js';
import { conversionAnswer, expectedHeadline } from '../support/browser-lead-figures.js';
import { browserLeadsAndCampaigns, LEADS, MARKETING_REP } from '../support/browser-organisation.js';
import { ADMIN, DAVE, useBrowserSession, type Who } from '../support/browser-session.js';

const MARKETING: Who = { repId: MARKETING_REP.id, role: 'marketing' };
const LEAD_CHARTS: readonly ChartId[] = ['leads-by-status', 'conversion-by-source', 'win-rate-by-origin', 'campaign-roi', 'stage-funnel'];
/** The last 12 months up to the scenario's February 2016. */
const RANGE = { from: '2015-03', to: '2016-02' } as const;

const session = useBrowserSession({ moreRequests: browserLeadsAndCampaigns });

async function expectCardsReady(tab: DashboardTab, states: Record<string, string>): Promise<void> {
  expect(Object.keys(states).sort(), 'the cards of the leads page').toEqual([...LEAD_CHARTS].sort());
  expect(await cardsNotReady(tab.page), 'cards that are not ready').toEqual([]);
  expect(await chartsNotDrawn(tab.page), 'ready cards whose chart is not drawn').toEqual([]);
}

/** Each card's table and the headline figures against the API's answers to the page's own requests. */
async function expectEngineFigures(tab: DashboardTab): Promise<Awaited<ReturnType<ReturnType<typeof session.dashboard>['answersTo']>>> {
  const answers = await session.dashboard().answersTo(tab.apiRequests);
  expect(
    answers.filter((answer) => answer.status !== 200).map((answer) => `${answer.path}: ${answer.status}`),
    'the API answers every request the page made',
  ).toEqual([]);
  const differences: string[] = [];
  for (const chart of LEAD_CHARTS)
    differences.push(...tableDifferences(chart, await readCardTable(tab.page, chart), expectedRows(chart, answers)));
  const shown = await tab.page.$$eval('.headline-figure', (figures) =>
    Object.fromEntries(
      figures.map((figure) => [
        figure.querySelector('dt')?.textContent ?? '',
        figure.querySelector('.headline-figure__value')?.textContent ?? '',
      ]),
    ),
  );
  for (const [label, cell] of Object.entries(expectedHeadline(answers)))
    if (!cellMatches(cell, shown[label] ?? '')) differences.push(`headline ${label}: shows "${shown[label]}", the API says ${cell.value}`);
  expect(differences, 'what the page shows against what the API answers').toEqual([]);
  return answers;
}

async function pageLinks(tab: DashboardTab): Promise<string[]> {
  return tab.page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
}

describe('the leads and campaigns page', () => {
  it('is where marketing lands, its only page, with every card showing the engine’s figures for the company', async () => {
    // Prepare
    const tab = await session.signedIn(MARKETING);

    // Act: signing in lands on it; a sales view's address leads there too.
    const landed = await tab.page.evaluate(() => (globalThis as any).document.body.dataset.view);
    tab.apiRequests.splice(0);
    await tab.page.goto(`${session.dashboard().url}/?view=company&period=2016-02`);
    await tab.page.waitForFunction(() => (globalThis as any).document.body.dataset.view === 'leads');
    const states = await waitUntilSettled(tab.page);

    // Assess
    expect(landed).toBe('leads');
    expect(new URL(tab.page.url()).search).toBe(`?view=leads&from=${RANGE.from}&to=${RANGE.to}`);
    expect(await pageLinks(tab)).toEqual(['Leads & campaigns']);
    // GET /me names no company for marketing; the page takes its name from the API's answer.
    expect(await tab.page.locator('h1').textContent()).toBe('Leads & campaigns: Acme Software Ltd, Mar 2015 to Feb 2016');
    expect(await tab.page.title()).toBe('Leads & campaigns: Acme Software Ltd, Mar 2015 to Feb 2016 · Sales performance');
    await expectCardsReady(tab, states);
    const answers = await expectEngineFigures(tab);
    // The company's, in plain words: nine leads, four converted; Winter webinars' 18,000 won on 4,500 spent.
    const leads = conversionAnswer(answers, 'leads', 'month').body;
    expect([leads.scope.kind, leads.total.created, leads.total.converted]).toEqual(['company', LEADS.length, 4]);
    const webinars = conversionAnswer(answers, 'campaigns').body.campaigns.find((row: any) => row.campaignId === 'winter-webinars');
    expect([webinars.wonRevenue, webinars.actualCost, webinars.roi]).toEqual([1_800_000, 450_000, 3]);
    const csv = await downloadCardCsv(tab.page, 'campaign-roi');
    expect(csv.fileName).toBe('campaign-roi.csv');
    expect(csv.text).toContain('Winter webinar series,Webinar,2,1,1,0.00,1,18000.00,4500.00,2250.00,4500.00,3');
  });

  it('shows a rep only their own leads, and "not found" for another rep’s', async () => {
    // Prepare
    const tab = await session.signedIn(DAVE);

    // Act
    const states = await session.show(tab, { view: 'leads' });

    // Assess
    expect(new URL(tab.page.url()).searchParams.get('rep')).toBe(DAVE.repId);
    expect(await pageLinks(tab)).toEqual(['Targets & pipeline', 'Leads & campaigns']);
    await expectCardsReady(tab, states);
    expect(
      tab.apiRequests
        .filter((request) => request.path.startsWith('/conversion/'))
        .every((request) => request.path.includes(`repId=${DAVE.repId}`)),
    ).toBe(true);
    const answers = await expectEngineFigures(tab);
    const own = LEADS.filter((lead) => lead.ownerId === DAVE.repId);
    const leads = conversionAnswer(answers, 'leads', 'month').body;
    expect([leads.scope, leads.total.created, leads.total.converted]).toEqual([
      { kind: 'rep', id: DAVE.repId, name: 'Dave Apthorp' },
      own.length,
      own.filter((lead) => lead.converted).length,
    ]);

    // Act: another rep's leads.
    const refused = await session.show(tab, { view: 'leads', rep: 'erin-kaur' });

    // Assess: refused before asking, as GET /me lists no such rep.
    expect(Object.values(refused)).toEqual(LEAD_CHARTS.map(() => 'not-found'));
    expect(tab.apiRequests.filter((request) => request.path.startsWith('/conversion/'))).toEqual([]);
    expect(await tab.page.locator('.headline-figure').count()).toBe(0);
  });

  it('is one click from the sales figures, keeping the team in view, and its pickers change the scope and months', async () => {
    // Prepare
    const tab = await session.signedIn(ADMIN);
    await session.show(tab, { view: 'team', team: 'americas', period: '2016-02' });

    // Act
    tab.apiRequests.splice(0);
    await tab.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Leads & campaigns' }).click();
    await tab.page.waitForFunction(() => (globalThis as any).document.body.dataset.view === 'leads');
    await tab.page.locator('main[data-busy="false"]').waitFor({ state: 'attached' });

    // Assess
    expect(new URL(tab.page.url()).search).toBe(`?view=leads&team=americas&from=${RANGE.from}&to=${RANGE.to}`);
    await expectEngineFigures(tab);

    // Act: the whole company, from November 2015.
    await tab.page.getByLabel('Leads of').selectOption({ label: 'Acme Software Ltd (company)' });
    await tab.page.getByLabel('From', { exact: true }).selectOption('2015-11');
    await tab.page.getByRole('button', { name: 'Show', exact: true }).click();
    await tab.page.waitForURL(/from=2015-11/);
    await tab.page.locator('main[data-busy="false"]').waitFor({ state: 'attached' });

    // Assess
    expect(new URL(tab.page.url()).search).toBe(`?view=leads&from=2015-11&to=${RANGE.to}`);
    expect(await tab.page.locator('h1').textContent()).toBe('Leads & campaigns: Acme Software Ltd, Nov 2015 to Feb 2016');
  });
});

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('the leads page on a %s', (viewport) => {
  it('has no serious accessibility violation, fits the screen, and is photographed', async () => {
    // Prepare
    const tab = await session.signedIn(MARKETING, viewport);
    await session.show(tab, { view: 'leads' });
    await tab.page.waitForTimeout(1_200);

    // Act
    const violations = await seriousAccessibilityViolations(tab.page);
    const overflow = await tab.page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    const screenshot = await saveScreenshot(tab.page, `leads-${viewport}`);

    // Assess
    expect(violations, `serious or critical accessibility violations (${screenshot})`).toEqual([]);
    expect(overflow, `wider than the screen (${screenshot})`).toBe(0);
  });
});
