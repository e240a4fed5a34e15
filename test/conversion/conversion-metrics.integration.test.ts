/**
 * The conversion metrics through the real handler against DynamoDB Local. The cells are
 * seeded with the real contributions of the worked examples (conversion-examples.ts),
 * written as the API and the stream write them (ADD updates in one transaction), so these
 * tests pin what the API reads and computes from them, and who may see what.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignMetricsOf, funnelOf, leadMetricsOf, opportunityMetricsOf } from '#core/conversion/conversion-metrics.js';
import { DEFAULT_LEAD_SOURCES } from '#core/organisation/settings.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { cellAddUpdates } from '#functions/conversion/conversion-cell-item.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import type { TestUser } from '../support/test-identity.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';
import { EXAMPLE_CAMPAIGNS, exampleCells, exampleContributions } from './conversion-examples.js';

let table: TestTable;
let handler: ReturnType<typeof createApiHandler>;
let admin: ApiCall;
const as = (user: TestUser): ApiCall => apiClientOf(handler, { as: user });
const MARKETING = { repId: 'mia', role: 'marketing' } as const;
const MANAGER = { repId: 'nora', role: 'manager' } as const;
const REP = { repId: 'erin', role: 'rep' } as const;
const RANGE = 'from=2026-01&to=2026-02';

const noLabels = { sources: DEFAULT_LEAD_SOURCES, campaigns: EXAMPLE_CAMPAIGNS, repName: () => undefined, teamOf: () => undefined };
const MONTHS = ['2026-01', '2026-02'];

beforeAll(async () => {
  table = await createTestTable('api-conversion');
  const clock = fixedClock('2026-03-15T10:00:00Z');
  await bootstrapTestOrganisation(table.dependencies(clock), { id: 'acme', name: 'Acme Ltd' });
  handler = createApiHandler(table.dependencies(clock), { logger: new Logger({ logLevel: 'SILENT' }) });
  admin = apiClientOf(handler);
  for (const [teamId, name] of [
    ['north', 'North'],
    ['south', 'South'],
  ] as const) {
    expect((await admin({ method: 'PUT', path: `/teams/${teamId}`, body: { name, parentTeamId: 'acme' } })).status).toBe(201);
  }
  for (const [repId, name, teamId] of [
    ['dave', 'Dave Apthorp', 'north'],
    ['nora', 'Nora Quinn', 'north'],
    ['erin', 'Erin Brock', 'south'],
    ['mia', 'Mia Marketing', 'acme'],
  ] as const) {
    expect((await admin({ method: 'PUT', path: `/reps/${repId}`, body: { name, email: `${repId}@example.com`, teamId } })).status).toBe(
      201,
    );
  }
  for (const { id, name, type, startDate, endDate, actualCost, budgetedCost, parentCampaignId } of EXAMPLE_CAMPAIGNS) {
    const body = { name, type, startDate, endDate, actualCost, budgetedCost, parentCampaignId };
    expect((await admin({ method: 'PUT', path: `/campaigns/${id}`, body })).status).toBe(201);
  }
  const { leads, deals } = exampleContributions();
  const updates = [...cellAddUpdates(table.tableName, 'leads', leads), ...cellAddUpdates(table.tableName, 'deals', deals)];
  await table.documentClient.send(
    new TransactWriteCommand({ TransactItems: updates as NonNullable<TransactWriteCommandInput['TransactItems']> }),
  );
});

afterAll(async () => {
  await table?.delete();
});

describe('the figures, company-wide', () => {
  it('lead metrics by month, as the pure definitions give them from the same cells', async () => {
    const reply = await admin({ method: 'GET', path: `/conversion/leads?${RANGE}` });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      from: '2026-01',
      to: '2026-02',
      months: MONTHS,
      scope: { kind: 'company', id: 'acme', name: 'Acme Ltd' },
      by: 'month',
      ...leadMetricsOf(exampleCells(), 'month', MONTHS, noLabels),
    });
    expect(reply.body.total).toMatchObject({
      created: 4,
      converted: 2,
      conversionRate: 0.5,
      averageDaysToConvert: 12.3,
      convertedInMonth: 2,
    });
  });

  it('opportunities side by side, with the revenue contribution', async () => {
    const reply = await admin({ method: 'GET', path: `/conversion/opportunities?${RANGE}` });
    expect(reply.status).toBe(200);
    expect(reply.body.rows).toEqual(opportunityMetricsOf(exampleCells(), 'month', MONTHS, noLabels).rows);
    expect(reply.body.total.revenueContribution).toBe(0.6154);
    expect(reply.body.total.all).toMatchObject({
      count: 5,
      won: 3,
      lost: 1,
      winRate: 0.75,
      averageWonDeal: 650_000,
      averageDaysToClose: 16.3,
    });
  });

  it('by source, campaign, team and rep, named from the settings, campaigns, teams and reps', async () => {
    const rows = async (by: string, kind = 'leads') =>
      (await admin({ method: 'GET', path: `/conversion/${kind}?${RANGE}&by=${by}` })).body.rows.filter(
        (row: { created?: number; all?: { count: number } }) => (row.created ?? row.all?.count ?? 0) > 0,
      );
    expect((await rows('source')).map((row: { label: string }) => row.label)).toEqual(['Website', 'Referral']);
    expect((await rows('source', 'opportunities')).map((row: { label: string }) => row.label)).toEqual([
      'Website',
      'Referral',
      'Trade Show',
      'No source',
    ]);
    expect((await rows('campaign')).map((row: { id: string; label: string }) => [row.id, row.label])).toEqual([
      ['spring', 'Spring Launch'],
      [null, 'No campaign'],
    ]);
    expect((await rows('team')).map((row: { id: string; label: string; created: number }) => [row.id, row.label, row.created])).toEqual([
      ['north', 'North', 3],
      ['south', 'South', 1],
    ]);
    expect((await rows('rep', 'opportunities')).map((row: { id: string; label: string }) => [row.id, row.label])).toEqual([
      ['dave', 'Dave Apthorp'],
      ['erin', 'Erin Brock'],
    ]);
  });

  it('campaigns: every campaign with its costs, legacy text, and no campaign', async () => {
    const reply = await admin({ method: 'GET', path: `/conversion/campaigns?${RANGE}` });
    expect(reply.status).toBe(200);
    expect(reply.body.campaigns).toEqual(campaignMetricsOf(exampleCells(), EXAMPLE_CAMPAIGNS));
    expect(reply.body.campaigns[0]).toMatchObject({ name: 'Spring Launch', costPerLead: 50_000, costPerWonDeal: 150_000, roi: 7 });
  });

  it('the funnel in the configuration order', async () => {
    const reply = await admin({ method: 'GET', path: `/conversion/funnel?${RANGE}` });
    expect(reply.status).toBe(200);
    expect(reply.body.stages).toEqual(funnelOf(exampleCells(), DEFAULT_STAGES.stages));
    expect(reply.body.stages[0]).toMatchObject({ stageId: 'prospecting', reached: 3, exits: 2, averageDaysInStage: 10 });
  });

  it('only the months asked for: a month outside the range counts nothing', async () => {
    const january = await admin({ method: 'GET', path: '/conversion/leads?from=2026-01&to=2026-01' });
    expect(january.body.total).toMatchObject({ created: 3, converted: 2, convertedInMonth: 1 });
    const later = await admin({ method: 'GET', path: '/conversion/funnel?from=2026-03&to=2026-03' });
    expect(later.body.stages.every((stage: { reached: number }) => stage.reached === 0)).toBe(true);
  });
});

describe('the range', () => {
  it('defaults to the 12 months up to the clock’s month', async () => {
    const reply = await admin({ method: 'GET', path: '/conversion/leads' });
    expect(reply.status).toBe(200);
    expect([reply.body.from, reply.body.to, reply.body.months.length]).toEqual(['2025-04', '2026-03', 12]);
    expect(reply.body.total.created).toBe(4);
  });

  it('refuses more than 24 months, to before from, two scopes and unknown parameters with a 400 naming the field', async () => {
    for (const [path, field] of [
      ['/conversion/leads?from=2024-01&to=2026-01', 'to'],
      ['/conversion/campaigns?from=2026-02&to=2026-01', 'to'],
      ['/conversion/funnel?teamId=north&repId=dave', 'repId'],
      ['/conversion/opportunities?by=week', 'by'],
      ['/conversion/leads?month=2026-01', ''],
    ] as const) {
      const reply = await admin({ method: 'GET', path });
      expect(reply.status, path).toBe(400);
      if (field !== '')
        expect(
          reply.body.errors.map((issue: { field: string }) => issue.field),
          path,
        ).toEqual([field]);
    }
  });
});

describe('who sees what', () => {
  const created = async (call: ApiCall, query = '') => {
    const reply = await call({ method: 'GET', path: `/conversion/leads?${RANGE}${query}` });
    return [reply.status, reply.body.total?.created ?? reply.body.detail];
  };

  it('marketing sees the whole company on every metric', async () => {
    const marketing = as(MARKETING);
    expect(await created(marketing)).toEqual([200, 4]);
    expect(await created(marketing, '&teamId=south')).toEqual([200, 1]);
    expect(await created(marketing, '&repId=dave')).toEqual([200, 3]);
    for (const metric of ['opportunities', 'campaigns', 'funnel']) {
      const reply = await marketing({ method: 'GET', path: `/conversion/${metric}?${RANGE}` });
      expect(reply.status, metric).toBe(200);
      expect(reply.body.scope, metric).toEqual({ kind: 'company', id: 'acme', name: 'Acme Ltd' });
    }
    expect((await marketing({ method: 'GET', path: `/conversion/opportunities?${RANGE}` })).body.total.all.wonRevenue).toBe(1_950_001);
  });

  it('marketing still gets no target, commission or deal figures elsewhere', async () => {
    const marketing = as(MARKETING);
    expect((await marketing({ method: 'GET', path: '/reps/dave/months/2026-01' })).status).toBe(404);
    expect((await marketing({ method: 'GET', path: '/reps/mia/months/2026-01' })).status).toBe(404);
    expect((await marketing({ method: 'GET', path: '/company/periods/2026-01' })).status).toBe(403);
    expect((await marketing({ method: 'GET', path: '/teams/north/months?from=2026-01&to=2026-02' })).status).toBe(403);
  });

  it('a manager sees their subtree: a team outside is 403, a rep outside reads as a missing one', async () => {
    const manager = as(MANAGER);
    const visible = await manager({ method: 'GET', path: `/conversion/leads?${RANGE}` });
    expect([visible.body.scope, visible.body.total.created]).toEqual([{ kind: 'visible', id: null, name: null }, 3]);
    expect(await created(manager, '&teamId=north')).toEqual([200, 3]);
    expect(await created(manager, '&repId=dave')).toEqual([200, 3]);
    const outsideTeam = await manager({ method: 'GET', path: `/conversion/campaigns?${RANGE}&teamId=south` });
    expect([outsideTeam.status, outsideTeam.body.detail]).toEqual([403, "team 'south' is outside what you may see"]);
    expect((await manager({ method: 'GET', path: `/conversion/funnel?${RANGE}&teamId=acme` })).status).toBe(403);
    expect(await created(manager, '&repId=erin')).toEqual([404, "rep 'erin' not found"]);
    expect(await created(manager, '&repId=ghost')).toEqual([404, "rep 'ghost' not found"]);
    const campaigns = await manager({ method: 'GET', path: `/conversion/campaigns?${RANGE}` });
    expect(campaigns.body.campaigns.find((row: { kind: string }) => row.kind === 'none')).toMatchObject({ leads: 0, opportunities: 0 });
  });

  it('a rep sees only themself, by default and when naming themself', async () => {
    const rep = as(REP);
    const own = await rep({ method: 'GET', path: `/conversion/opportunities?${RANGE}` });
    expect([own.body.scope, own.body.total.all.count, own.body.total.all.wonRevenue]).toEqual([
      { kind: 'rep', id: 'erin', name: 'Erin Brock' },
      1,
      250_001,
    ]);
    expect(await created(rep, '&repId=erin')).toEqual([200, 1]);
    expect(await created(rep, '&repId=dave')).toEqual([404, "rep 'dave' not found"]);
    expect((await rep({ method: 'GET', path: `/conversion/funnel?${RANGE}&teamId=south` })).status).toBe(403);
  });

  it('an admin: an unknown team is 404, an unknown rep 404', async () => {
    expect(await created(admin, '&teamId=nowhere')).toEqual([404, "team 'nowhere' not found"]);
    expect(await created(admin, '&repId=ghost')).toEqual([404, "rep 'ghost' not found"]);
  });
});
