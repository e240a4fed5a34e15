/**
 * The conversion metrics end to end: leads created and converted through the API, deals
 * moved and won through PUT /opportunities, the table's stream drained into the real
 * stream handler, then every metrics endpoint gives the figures the definitions say —
 * nothing seeded, nothing scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClientOf } from '../support/api-requests.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';

let engine: EngineHarness;
const RANGE = 'from=2026-01&to=2026-02';

/** The deal's writable fields as stored, with some changed: a PUT replaces the whole deal. */
async function moveDeal(opportunityId: string, change: Record<string, unknown>, at: string): Promise<void> {
  const { opportunity } = (await engine.api({ method: 'GET', path: `/opportunities/${opportunityId}` })).body;
  const fields = ['name', 'account', 'ownerId', 'stageId', 'closeDate', 'amount', 'campaignId', 'campaign', 'leadSource', 'contactName'];
  await engine.write(
    'PUT',
    `/opportunities/${opportunityId}`,
    { ...Object.fromEntries(fields.map((name) => [name, opportunity[name]])), ...change },
    at,
  );
}

beforeAll(async () => {
  engine = await startEngine('conversion-end-to-end', '2026-01-01T00:00:00.000Z');
  const at = '2026-01-01T00:00:00.000Z';
  await engine.write('PUT', '/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'company' }, at);
  await engine.write('PUT', '/reps/mia', { name: 'Mia Marketing', email: 'mia@example.com', teamId: 'company' }, at);
  await engine.write(
    'PUT',
    '/campaigns/spring',
    { name: 'Spring Launch', type: 'email', startDate: '2026-01-01', endDate: '2026-03-31', actualCost: 150_000, budgetedCost: 200_000 },
    at,
  );
  const lead = { company: 'Initech', source: 'web', campaignId: 'spring', ownerId: 'dave' };
  await engine.write('PUT', '/leads/L1', { ...lead, name: 'Lena One' }, '2026-01-05T09:00:00.000Z');
  await engine.write(
    'PUT',
    '/opportunities/o1',
    {
      name: 'Older deal',
      account: 'Globex',
      ownerId: 'dave',
      stageId: 'prospecting',
      closeDate: '2026-01-31',
      amount: 300_000,
      leadSource: 'referral',
      campaign: 'spring launch',
    },
    '2026-01-10T00:00:00.000Z',
  );
  await engine.write('POST', '/leads/L1/convert', { closeDate: '2026-02-28', amount: 1_200_000 }, '2026-01-15T21:00:00.000Z');
  await engine.write('PUT', '/leads/L2', { ...lead, name: 'Leo Two' }, '2026-01-20T00:00:00.000Z');
  await engine.write('PUT', '/leads/L3', { ...lead, name: 'Lou Three', status: 'contacted' }, '2026-01-25T12:00:00.000Z');
  await moveDeal('lead-L1', { stageId: 'proposal-made' }, '2026-01-25T21:00:00.000Z');
  await moveDeal('o1', { stageId: 'closed-lost' }, '2026-01-30T00:00:00.000Z');
  await engine.write('POST', '/leads/L2/convert', { closeDate: '2026-03-31', amount: 800_000 }, '2026-02-03T00:00:00.000Z');
  await moveDeal('lead-L1', { stageId: 'closed-won' }, '2026-02-14T21:00:00.000Z');
  await engine.settle();
  engine.clock.set('2026-03-01T00:00:00.000Z');
});

afterAll(async () => {
  await engine?.stop();
});

describe('after leads, conversions and deal changes went through the API and the stream', () => {
  it('lead metrics: the January cohort, and each month’s conversions', async () => {
    const { status, body } = await engine.api({ method: 'GET', path: `/conversion/leads?${RANGE}` });
    expect(status).toBe(200);
    expect(body.rows.map((row: Record<string, unknown>) => [row.id, row.created, row.converted, row.convertedInMonth])).toEqual([
      ['2026-01', 3, 2, 1],
      ['2026-02', 0, 0, 1],
    ]);
    expect(body.total).toEqual({
      created: 3,
      converted: 2,
      conversionRate: 0.6667,
      averageDaysToConvert: 12.3,
      convertedInMonth: 2,
      byStatus: { open: 0, contacted: 1, qualified: 0, 'closed-unqualified': 0, converted: 2 },
    });
  });

  it('opportunities: deals from leads beside the other deal', async () => {
    const { body } = await engine.api({ method: 'GET', path: `/conversion/opportunities?${RANGE}` });
    expect(body.total).toEqual({
      fromLeads: {
        count: 2,
        won: 1,
        lost: 0,
        winRate: 1,
        averageWonDeal: 1_200_000,
        averageDaysToClose: 30,
        wonRevenue: 1_200_000,
        openPipeline: 800_000,
        openCount: 1,
      },
      others: {
        count: 1,
        won: 0,
        lost: 1,
        winRate: 0,
        averageWonDeal: null,
        averageDaysToClose: 20,
        wonRevenue: 0,
        openPipeline: 0,
        openCount: 0,
      },
      all: {
        count: 3,
        won: 1,
        lost: 1,
        winRate: 0.5,
        averageWonDeal: 1_200_000,
        averageDaysToClose: 25,
        wonRevenue: 1_200_000,
        openPipeline: 800_000,
        openCount: 1,
      },
      revenueContribution: 1,
    });
    const bySource = await engine.api({ method: 'GET', path: `/conversion/opportunities?${RANGE}&by=source` });
    expect(bySource.body.rows.slice(0, 2).map((row: { label: string; all: { count: number } }) => [row.label, row.all.count])).toEqual([
      ['Website', 2],
      ['Referral', 1],
    ]);
  });

  it('campaigns: the converted deals carry the lead’s campaign, the legacy text matches its name', async () => {
    const { body } = await engine.api({ method: 'GET', path: `/conversion/campaigns?${RANGE}` });
    expect(body.campaigns[0]).toMatchObject({
      campaignId: 'spring',
      leads: 3,
      conversions: 2,
      opportunities: 3,
      pipeline: 800_000,
      won: 1,
      wonRevenue: 1_200_000,
      actualCost: 150_000,
      costPerLead: 50_000,
      costPerWonDeal: 150_000,
      roi: 7,
    });
  });

  it('the funnel from the stages each deal entered', async () => {
    const { body } = await engine.api({ method: 'GET', path: `/conversion/funnel?${RANGE}` });
    const [prospecting, , proposal, , closedWon] = body.stages;
    expect(prospecting).toMatchObject({ reached: 3, won: { count: 1, share: 0.3333 }, exits: 2, averageDaysInStage: 15 });
    expect(prospecting.later.map((entry: { stageId: string; count: number }) => [entry.stageId, entry.count])).toEqual([
      ['investigation', 0],
      ['proposal-made', 1],
      ['negotiation', 0],
      ['closed-won', 1],
      ['closed-lost', 1],
    ]);
    expect(proposal).toMatchObject({ reached: 1, won: { count: 1, share: 1 }, exits: 1, averageDaysInStage: 20 });
    expect(closedWon).toMatchObject({ reached: 1, exits: 0, averageDaysInStage: null });
  });

  it('marketing reads the same figures', async () => {
    const marketing = apiClientOf(engine.handler, { as: { repId: 'mia', role: 'marketing' } });
    const { status, body } = await marketing({ method: 'GET', path: `/conversion/campaigns?${RANGE}` });
    expect(status).toBe(200);
    expect(body.campaigns[0]).toMatchObject({ leads: 3, wonRevenue: 1_200_000, roi: 7 });
  });
});
