/**
 * The dashboard when the engine answers a time-travel read as a job: the local runtime runs
 * with `pipelineJobs: { syncFullPathMaxDeals: 0 }`, so every question only the full rebuild
 * can answer — the change report from the period's start to now, whose end is too recent for
 * a checkpoint — is answered 202 with a job. The page shows the job's progress in the card
 * (a live region and a progress bar), polls the job and then draws the waterfall with the
 * job's result, which is the synchronous answer's document.
 */
import { describe, expect, it } from 'vitest';
import {
  cardsNotReady,
  chartsNotDrawn,
  figureOf,
  readCardTable,
  recordsOf,
  saveScreenshot,
  seriousAccessibilityViolations,
  viewUrl,
  waitUntilSettled,
} from '../support/browser.js';
import { expectedRows, tableDifferences } from '../support/browser-figures.js';
import { DAVE, useBrowserSession } from '../support/browser-session.js';

const session = useBrowserSession({ runtime: { pipelineJobs: { syncFullPathMaxDeals: 0 } } });

describe('a pipeline change answered as a job', () => {
  it('shows the job’s progress in the card, then the waterfall with the job’s figures', async () => {
    // Prepare
    const tab = await session.signedIn(DAVE);
    const { page } = tab;
    tab.apiRequests.splice(0);
    const accepted = page.waitForResponse((response) => new URL(response.url()).pathname === '/pipeline/change');

    // Act
    await page.goto(viewUrl(session.dashboard().url, { view: 'rep', rep: DAVE.repId, period: '2016-02' }));
    const answer = await accepted;
    const card = page.locator('section.chart-card[data-chart="pipeline-change"]');
    await card.and(page.locator('[data-job]')).waitFor({ timeout: 15_000 });

    // Assess: while the job runs, the card says so, in a live region, over its skeleton.
    expect(answer.status()).toBe(202);
    const location = (await answer.headerValue('location')) ?? '';
    expect(location).toMatch(/^\/pipeline\/jobs\/[0-9a-f-]{36}$/);
    expect(await card.getAttribute('data-state')).toBe('loading');
    expect(await card.getAttribute('aria-busy')).toBe('true');
    const status = card.locator('.chart-card__job-text');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.textContent()).toMatch(/^Rebuilding the pipeline from history… (waiting for its turn|\d+%|[\d,]+ items read)$/);
    expect(await card.getByRole('progressbar').isVisible()).toBe(true);
    const screenshot = await saveScreenshot(page, 'pipeline-job-running-laptop');
    expect(await seriousAccessibilityViolations(page), 'axe, while the job runs').toEqual([]);

    // Assess: once the job is done, every card is drawn, the change card's job state is gone.
    const states = await waitUntilSettled(page, 30_000);
    expect(states['pipeline-change']).toBe('ready');
    // The deals at risk may rightly be none: no refresh learns rates here, so only pushed close dates count.
    expect(await cardsNotReady(page, ['forecast-at-risk']), 'cards that are not ready').toEqual([]);
    expect(await chartsNotDrawn(page), 'ready cards whose chart is not drawn').toEqual([]);
    expect(await card.getAttribute('data-job')).toBeNull();
    expect(await status.textContent()).toBe('');
    await saveScreenshot(page, 'pipeline-job-done-laptop');

    // Assess: the page polled the job, and shows exactly the job's result (the synchronous document).
    const changeRequest = tab.apiRequests.find((request) => request.path.startsWith('/pipeline/change?'));
    expect(changeRequest?.status).toBe(202);
    const polls = tab.apiRequests.filter((request) => request.path === location);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.every((poll) => poll.status === 200)).toBe(true);
    const job = await session.dashboard().apiGet(location, DAVE);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ kind: 'change', status: 'succeeded', requestedBy: DAVE.repId });
    const answers = [{ path: changeRequest?.path ?? '', status: 200, body: job.body.result }];
    expect(
      tableDifferences('pipeline-change', await readCardTable(page, 'pipeline-change'), expectedRows('pipeline-change', answers)),
    ).toEqual([]);
    expect(screenshot).toMatch(/pipeline-job-running-laptop\.png$/);

    // Assess: in plain words, Dave's February as the synchronously answered cards beside it
    // tell it: £120,000 open on 1 February, £35,000 of new deals, £80,000 won (the gauge's
    // closed won), £75,000 open on the 22nd (the open pipeline by close month, summed).
    const waterfall = recordsOf(await readCardTable(page, 'pipeline-change')).map((row) => Math.abs(figureOf(row.Amount ?? '') ?? NaN));
    expect(waterfall).toEqual([120_000, 35_000, 80_000, 75_000]);
    const [gauge] = recordsOf(await readCardTable(page, 'target-gauge'));
    expect(figureOf(gauge?.['Closed won'] ?? '')).toBe(waterfall[2]);
    const openByCloseMonth = recordsOf(await readCardTable(page, 'pipeline-by-close-month')).reduce(
      (sum, row) => sum + (figureOf(row['Open pipeline'] ?? '') ?? 0),
      0,
    );
    expect(openByCloseMonth).toBe(waterfall[3]);
  });
});
