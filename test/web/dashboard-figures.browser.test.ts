/**
 * The dashboard in Chromium shows the engine's figures: signed in through the local sign-in
 * page as a rep, a manager and an admin, every chart of each view settles and its table
 * shows what the API answers to the very requests the page made (sent again by the test with
 * the page's own token). The seed's example is checked in plain words as well: Dave Apthorp's
 * February 2016 is 2,300 earned, 2,400 pipeline commission and 4,700 total potential, with
 * Umbrella (1,500) ranked above Hooli (900).
 */
import { describe, expect, it } from 'vitest';
import {
  type ChartId,
  cardsNotReady,
  chartsNotDrawn,
  type DashboardTab,
  downloadCardCsv,
  figureOf,
  readCardTable,
  recordsOf,
} from '../support/browser.js';
import { expectedRows, tableDifferences } from '../support/browser-figures.js';
import { SEED_DEALS } from '../support/browser-organisation.js';
import { ADMIN, ALICE_MANAGER, DAVE, useBrowserSession } from '../support/browser-session.js';

/** The cards of a rep's view, and of a team's or the company's (the DOM contract's ids). */
const REP_CHARTS: readonly ChartId[] = [
  'rep-commission',
  'rep-open-deals',
  'target-gauge',
  'target-by-month',
  'pipeline-by-stage',
  'pipeline-by-close-month',
  'trend-monthly',
  'trend-weekly',
  'pipeline-change',
  'quality-table',
  'commission-next-sale',
  'commission-change',
  'target-forecast',
  'forecast-at-risk',
];
/** The cards of a team's or the company's fiscal year (no forecast: the API forecasts months and quarters). */
const SCOPE_CHARTS: readonly ChartId[] = [
  'target-gauge',
  'target-by-month',
  'members-over-under',
  'closed-won-by-month',
  'pipeline-by-stage',
  'pipeline-by-close-month',
  'trend-monthly',
  'trend-weekly',
  'pipeline-change',
  'quality-table',
];
/** A month's or a quarter's: the forecast cards too. */
const SCOPE_PERIOD_CHARTS: readonly ChartId[] = [...SCOPE_CHARTS, 'target-forecast', 'forecast-at-risk'];
/**
 * Cards whose figures may rightly be none: whether a deal shows a sign of slipping depends on
 * rates the browser organisation never learns (no refresh runs), so only pushed close dates count.
 */
const MAY_BE_EMPTY: readonly ChartId[] = ['forecast-at-risk'];

const session = useBrowserSession();

/** The view has exactly these cards, each ready with figures (the others named with what they show instead). */
async function expectCardsReady(tab: DashboardTab, charts: readonly ChartId[], states: Record<string, string>): Promise<void> {
  expect(Object.keys(states).sort(), 'the cards of the view').toEqual([...charts].sort());
  expect(await cardsNotReady(tab.page, MAY_BE_EMPTY), 'cards that are not ready').toEqual([]);
  expect(await chartsNotDrawn(tab.page), 'ready cards whose chart is not drawn').toEqual([]);
}

/** Each card's table equal to what the API answers to the page's own requests. */
async function expectEngineFigures(tab: DashboardTab, charts: readonly ChartId[]): Promise<void> {
  const answers = await session.dashboard().answersTo(tab.apiRequests);
  expect(
    answers.filter((answer) => answer.status !== 200).map((answer) => `${answer.path}: ${answer.status}`),
    'the API answers every request the page made',
  ).toEqual([]);
  const differences: string[] = [];
  for (const chart of charts)
    differences.push(...tableDifferences(chart, await readCardTable(tab.page, chart), expectedRows(chart, answers)));
  expect(differences, 'what each card shows against what the API answers').toEqual([]);
}

describe('the dashboard shows the engine’s figures', () => {
  it('signed in as the rep Dave Apthorp, shows his February 2016: 2,300 earned, 2,400 pipeline commission, 4,700 potential, open deals by commission', async () => {
    // Prepare
    const tab = await session.signedIn(DAVE);

    // Act
    const states = await session.show(tab, { view: 'rep', rep: DAVE.repId, period: '2016-02' });

    // Assess: the seed's figures, in plain words.
    await expectCardsReady(tab, REP_CHARTS, states);
    const [commission] = recordsOf(await readCardTable(tab.page, 'rep-commission'));
    expect(
      [commission?.['Commission earned'], commission?.['Pipeline commission'], commission?.['Total potential commission']].map((cell) =>
        figureOf(cell ?? ''),
      ),
    ).toEqual([2_300, 2_400, 4_700]);
    const openDeals = recordsOf(await readCardTable(tab.page, 'rep-open-deals'));
    expect(openDeals.map((deal) => [deal.Deal, figureOf(deal['Commission it would add'] ?? '')])).toEqual(
      SEED_DEALS.open.map((deal) => [deal.name, deal.commission / 100]),
    );
    expect(await tab.page.locator('h1').textContent()).toContain('Dave Apthorp');
    // The same figures downloaded, for a spreadsheet: major units, no symbol or grouping.
    const csv = await downloadCardCsv(tab.page, 'rep-commission');
    expect(csv.fileName).toBe('rep-commission.csv');
    const [header, allProducts] = csv.text.split('\r\n').map((line) => line.split(','));
    expect(
      ['Commission earned', 'Pipeline commission', 'Total potential commission'].map(
        (label) => allProducts?.[header?.indexOf(label) ?? -1],
      ),
    ).toEqual(['2300.00', '2400.00', '4700.00']);
    // Assess: every card, against the API.
    await expectEngineFigures(tab, REP_CHARTS);
  });

  it('signed in as the manager of EMEA, shows EMEA’s first quarter of 2016 with its sub-team and reps', async () => {
    // Prepare
    const tab = await session.signedIn(ALICE_MANAGER);

    // Act
    const states = await session.show(tab, { view: 'team', team: 'emea', period: '2016-Q1' });

    // Assess
    await expectCardsReady(tab, SCOPE_PERIOD_CHARTS, states);
    const members = recordsOf(await readCardTable(tab.page, 'members-over-under')).map((member) => member.Member);
    expect(members).toEqual(['EMEA Enterprise', 'Alice Novak']);
    await expectEngineFigures(tab, SCOPE_PERIOD_CHARTS);
  });

  it('signed in as the admin, shows the company’s fiscal year 2016 with both regions', async () => {
    // Prepare
    const tab = await session.signedIn(ADMIN);

    // Act
    const states = await session.show(tab, { view: 'company', period: '2016-FY' });

    // Assess
    await expectCardsReady(tab, SCOPE_CHARTS, states);
    const members = recordsOf(await readCardTable(tab.page, 'members-over-under')).map((member) => member.Member);
    expect(members).toEqual(expect.arrayContaining(['EMEA', 'Americas']));
    await expectEngineFigures(tab, SCOPE_CHARTS);
  });

  it('is caught when the page shows figures that are not the engine’s (control: one answer altered on its way)', async () => {
    // Prepare: Dave's month reaches the page with 100.00 more earned than the engine answers.
    const tab = await session.signedIn(DAVE);
    await tab.page.route('**/reps/dave-apthorp/months/2016-02', async (route) => {
      const response = await route.fetch();
      const month = await response.json();
      month.commissionRecord.earned += 10_000;
      await route.fulfill({ response, json: month });
    });

    // Act
    await session.show(tab, { view: 'rep', rep: DAVE.repId, period: '2016-02' });
    const answers = await session.dashboard().answersTo(tab.apiRequests);
    const differences = tableDifferences(
      'rep-commission',
      await readCardTable(tab.page, 'rep-commission'),
      expectedRows('rep-commission', answers),
    );

    // Assess
    expect(differences).toEqual(['rep-commission row 1 (All products), Commission earned: shows "£2,400.00", the API says 2300 (money)']);
  });

  it('shows a deal’s fields and quality counters as the API answers them', async () => {
    // Prepare
    const tab = await session.signedIn(ADMIN);
    const dealId = 'bruno-2016-2';

    // Act
    await session.show(tab, { view: 'deal', deal: dealId });

    // Assess
    const { body } = await session.dashboard().apiGet(`/opportunities/${dealId}`, ADMIN);
    const panels = await tab.page.$$eval('section.deal-panel', (sections) =>
      Object.fromEntries(sections.map((section) => [section.getAttribute('data-panel'), section.getAttribute('data-state')])),
    );
    expect(panels).toEqual({ fields: 'ready', quality: 'ready', history: 'ready' });
    const fields = await definitions(tab, 'fields');
    const quality = await definitions(tab, 'quality');
    expect({
      amount: figureOf(fields.Amount ?? ''),
      extensions: figureOf(quality['Close-month extensions'] ?? ''),
      daysOpen: figureOf(quality['Days open'] ?? ''),
    }).toEqual({ amount: body.opportunity.amount / 100, extensions: body.quality.closeMonthExtensions, daysOpen: body.quality.daysOpen });
    expect(await tab.page.locator('h1').textContent()).toContain('Umbrella services');
  });
});

/** A deal panel's `<dl>` as term → text. */
function definitions(tab: DashboardTab, panel: string): Promise<Record<string, string>> {
  return tab.page.locator(`section.deal-panel[data-panel="${panel}"] dl`).evaluate((list: any) => {
    const entries: Record<string, string> = {};
    for (const term of list.querySelectorAll('dt')) entries[term.textContent.trim()] = (term.nextElementSibling?.textContent ?? '').trim();
    return entries;
  });
}
