/**
 * The demo's marketing year loaded through the real handler by loadDemo (DynamoDB Local and
 * the stream behind it): campaigns with costs, leads in every status, converted leads whose
 * deals exist, name their lead and campaign, and were partly won, so the conversion reports
 * have data. Only the requests the marketing year needs are sent (the organisation, its
 * campaigns, leads and the deals made from them); the demo's other deals, targets and
 * commission levels are answered without being made, to keep the test short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDataset } from '#local/demo/demo-dataset.js';
import { type DemoTarget, loadDemo } from '#local/demo/load-demo.js';
import { type Engine, engineOnNewTable } from '../support/engine-on-table.js';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const MARKETING_PATHS = [/^\/teams\//, /^\/reps\//, /^\/campaigns\//, /^\/leads\//, /^\/opportunities\/deal-lead-/];

let engine: Engine;
let sent = 0;

interface StoredLead {
  readonly id: string;
  readonly status: string;
  readonly campaignId: string | null;
  readonly opportunityId: string | null;
}

async function allLeads(status: string): Promise<StoredLead[]> {
  const leads: StoredLead[] = [];
  let cursor: string | undefined;
  do {
    const reply = await engine.api({
      method: 'GET',
      path: `/leads?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    });
    expect(reply.status).toBe(200);
    leads.push(...reply.body.items);
    cursor = reply.body.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return leads;
}

beforeAll(async () => {
  engine = await engineOnNewTable('demo-leads', '2016-01-04T09:00:00.000Z');
  const target: DemoTarget = {
    invoke: async ({ method, path, body }) => {
      if (!MARKETING_PATHS.some((pattern) => pattern.test(path))) return { statusCode: 204, body: '' };
      sent++;
      const reply = await engine.api({ method, path, body });
      return { statusCode: reply.status, body: JSON.stringify(reply.body) };
    },
    setTime: (at) => engine.clock.set((at ?? NOW).toISOString()),
    settle: () => engine.poller.waitUntilIdle(120_000),
  };
  await loadDemo(target, NOW);
}, 600_000);

afterAll(async () => {
  await engine?.stop();
});

describe('the demo’s marketing year', () => {
  it('sent its campaigns, leads and conversions as the dataset lists them', () => {
    const requests = demoDataset(NOW);
    expect(sent).toBe(requests.filter((request) => MARKETING_PATHS.some((pattern) => pattern.test(request.path))).length);
    expect(requests.filter((request) => request.method === 'POST').length).toBeGreaterThan(0);
  });

  it('has campaigns of several types with costs: a programme with two waves, and one that cost nothing', async () => {
    const reply = await engine.api({ method: 'GET', path: '/campaigns?limit=100' });
    const campaigns: Array<{ id: string; type: string; actualCost: number; parentCampaignId: string | null }> = reply.body.items;
    expect(campaigns.length).toBeGreaterThanOrEqual(8);
    expect(new Set(campaigns.map((campaign) => campaign.type)).size).toBeGreaterThanOrEqual(5);
    expect(campaigns.filter((campaign) => campaign.parentCampaignId === 'nurture-programme')).toHaveLength(2);
    expect(campaigns.filter((campaign) => campaign.actualCost === 0).map((campaign) => campaign.id)).toEqual(['partner-referrals']);
    expect(campaigns.filter((campaign) => campaign.actualCost > 0).length).toBeGreaterThanOrEqual(6);
  });

  it('has leads in every status, about a quarter converted into deals that name the lead and its campaign, some won', async () => {
    // Act
    const byStatus = Object.fromEntries(
      await Promise.all(
        ['open', 'contacted', 'qualified', 'closed-unqualified', 'converted'].map(async (status) => [status, await allLeads(status)]),
      ),
    ) as Record<string, StoredLead[]>;

    // Assess
    for (const [status, leads] of Object.entries(byStatus)) expect(leads.length, status).toBeGreaterThan(0);
    const total = Object.values(byStatus).reduce((sum, leads) => sum + leads.length, 0);
    expect(total).toBeGreaterThanOrEqual(200);
    const converted = byStatus.converted ?? [];
    expect(converted.length / total).toBeGreaterThan(0.18);
    expect(converted.length / total).toBeLessThan(0.32);
    const deals = await Promise.all(
      converted.map(async (lead) => {
        const reply = await engine.api({ method: 'GET', path: `/opportunities/${lead.opportunityId}` });
        expect(reply.status, String(lead.opportunityId)).toBe(200);
        const deal = reply.body.opportunity;
        expect(deal).toMatchObject({ leadId: lead.id, campaignId: lead.campaignId });
        return deal as { stageId: string };
      }),
    );
    expect(converted.some((lead) => lead.campaignId !== null)).toBe(true);
    expect(deals.filter((deal) => deal.stageId === 'closed-won').length).toBeGreaterThan(0);
    expect(deals.filter((deal) => deal.stageId === 'closed-lost').length).toBeGreaterThan(0);
  });

  it('gives the campaign report revenue, and no ROI for the campaign that cost nothing', async () => {
    const reply = await engine.api({ method: 'GET', path: '/conversion/campaigns?from=2025-12&to=2026-12' });
    expect(reply.status).toBe(200);
    const rows: Array<{ campaignId: string | null; wonRevenue: number; roi: number | null }> = reply.body.campaigns;
    expect(rows.some((row) => row.campaignId !== null && row.wonRevenue > 0)).toBe(true);
    expect(rows.find((row) => row.campaignId === 'partner-referrals')?.roi).toBeNull();
  });
});
