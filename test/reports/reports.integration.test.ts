/**
 * Reports through the real handler against DynamoDB Local. The rep-month partitions are
 * seeded directly with RECORD and DEAL items as the stream writes them (the stream handler
 * is tested on its own), so these tests pin what the API computes from them.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealLink, QualityCounters } from '#core/linkage/deal-link.js';
import { linkOf } from '#core/linkage/linkage.js';
import { repMonthId } from '#core/linkage/rep-month.js';
import { totalsOfLinks } from '#core/linkage/rep-month-totals.js';
import { DEFAULT_LEAD_SOURCES } from '#core/organisation/settings.js';
import type { StageOutcome } from '#core/organisation/stage.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { dealLinkToItem } from '#functions/linkage/deal-link-item.js';
import { keys } from '#functions/store/keys.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { anOpportunity } from '../support/opportunity-factory.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

let table: TestTable;
let call: ApiCall;
const now = new Date('2016-02-15T00:00:00Z');

const OUTCOMES: Record<string, StageOutcome> = { 'closed-won': 'won', 'closed-lost': 'lost' };

interface SeedDeal {
  readonly id: string;
  readonly ownerId: string;
  readonly stageId: string;
  readonly closeDate: string;
  /** Major units, for readability; stored in cents. */
  readonly amount: number;
  readonly quality?: Partial<QualityCounters>;
}

/** A live link as the stream writes it. One product family per deal: see the note in the report. */
function linkOfDeal(deal: SeedDeal): DealLink {
  const amount = deal.amount * 100;
  const opportunity = anOpportunity({
    id: deal.id,
    name: `Deal ${deal.id}`,
    ownerId: deal.ownerId,
    stageId: deal.stageId,
    stageOutcome: OUTCOMES[deal.stageId] ?? 'open',
    closeDate: deal.closeDate,
    amount,
    productLines: [{ productFamily: 'software', amount }],
  });
  const quality: QualityCounters = {
    createdAt: '2016-01-04T09:00:00.000Z',
    closeMonthExtensions: 0,
    lastStageChangeAt: null,
    closedAt: null,
    ...deal.quality,
  };
  return linkOf(opportunity, quality, 1);
}

async function seedRepMonths(deals: readonly SeedDeal[]): Promise<void> {
  const links = deals.map(linkOfDeal);
  const byRepMonth = new Map<string, DealLink[]>();
  for (const link of links) byRepMonth.set(repMonthId(link), [...(byRepMonth.get(repMonthId(link)) ?? []), link]);
  for (const link of links)
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: dealLinkToItem(link, now) }));
  for (const monthLinks of byRepMonth.values()) {
    const [{ repId, month }] = monthLinks as [DealLink];
    const record = { ...keys.repMonthRecord({ repId, month }), repId, month, rev: monthLinks.length, ...totalsOfLinks(monthLinks) };
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: record }));
  }
}

const daveBands = [
  { from: 0, to: 50_000_00, ratePercent: 2 },
  { from: 50_000_00, to: 75_000_00, ratePercent: 4 },
  { from: 75_000_00, to: null, ratePercent: 6 },
];

beforeAll(async () => {
  table = await createTestTable('api-reports');
  await bootstrapTestOrganisation(table.dependencies(fixedClock('2016-02-15T00:00:00Z')), { id: 'acme', name: 'Acme Ltd' });
  call = apiClientOf(
    createApiHandler(table.dependencies(fixedClock('2016-02-15T00:00:00Z')), { logger: new Logger({ logLevel: 'SILENT' }) }),
  );
  for (const [teamId, body] of [
    ['acme', { name: 'Acme Ltd' }],
    ['north', { name: 'North', parentTeamId: 'acme' }],
  ] as const) {
    await call({ method: 'PUT', path: `/teams/${teamId}`, body });
  }
  for (const [repId, name, teamId] of [
    ['dave', 'Dave Apthorp', 'north'],
    ['erin', 'Erin Brock', 'north'],
    ['sam', 'Sam Cole', 'acme'],
  ] as const) {
    await call({ method: 'PUT', path: `/reps/${repId}`, body: { name, email: `${repId}@example.com`, teamId } });
  }
  for (const repId of ['dave', 'sam'])
    await call({ method: 'PUT', path: '/commission-levels', body: { repId, fromMonth: '2016-01', bands: daveBands } });
  await call({ method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: 'dave', amounts: { '2016-02': 100_000_00 } } });
  await call({ method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: 'erin', amounts: { '2016-02': 50_000_00 } } });
  await call({ method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: 'sam', amounts: { '2016-01': 20_000_00 } } });

  await seedRepMonths([
    {
      id: 'd-won-1',
      ownerId: 'dave',
      stageId: 'closed-won',
      closeDate: '2016-02-05',
      amount: 50_000,
      quality: { closedAt: '2016-02-05T10:00:00.000Z' },
    },
    {
      id: 'd-won-2',
      ownerId: 'dave',
      stageId: 'closed-won',
      closeDate: '2016-02-12',
      amount: 30_000,
      quality: { closedAt: '2016-02-12T10:00:00.000Z' },
    },
    {
      id: 'd-open-1',
      ownerId: 'dave',
      stageId: 'negotiation',
      closeDate: '2016-02-20',
      amount: 25_000,
      quality: { createdAt: '2015-12-01T00:00:00.000Z', closeMonthExtensions: 2, lastStageChangeAt: '2016-01-20T00:00:00.000Z' },
    },
    {
      id: 'd-open-2',
      ownerId: 'dave',
      stageId: 'proposal-made',
      closeDate: '2016-02-25',
      amount: 15_000,
      quality: { createdAt: '2016-02-01T00:00:00.000Z' },
    },
    {
      id: 'e-won-1',
      ownerId: 'erin',
      stageId: 'closed-won',
      closeDate: '2016-02-03',
      amount: 20_000,
      quality: { closedAt: '2016-02-03T10:00:00.000Z' },
    },
    {
      id: 'e-open-1',
      ownerId: 'erin',
      stageId: 'prospecting',
      closeDate: '2016-02-28',
      amount: 10_000,
      quality: { createdAt: '2015-10-01T00:00:00.000Z', closeMonthExtensions: 3, lastStageChangeAt: '2015-11-01T00:00:00.000Z' },
    },
    {
      id: 's-won-1',
      ownerId: 'sam',
      stageId: 'closed-won',
      closeDate: '2016-01-15',
      amount: 20_000,
      quality: { closedAt: '2016-01-15T10:00:00.000Z' },
    },
    {
      id: 's-open-1',
      ownerId: 'sam',
      stageId: 'investigation',
      closeDate: '2016-02-10',
      amount: 5_000,
      quality: { createdAt: '2016-01-25T00:00:00.000Z' },
    },
  ]);
});

afterAll(async () => {
  await table.delete();
});

describe("a rep's month", () => {
  it("shows the seed's example: Dave Apthorp, February 2016", async () => {
    const reply = await call({ method: 'GET', path: '/reps/dave/months/2016-02' });
    expect(reply.status).toBe(200);
    expect(reply.body.commissionRecord).toMatchObject({
      wonRevenue: 80_000_00,
      openRevenue: 40_000_00,
      earned: 2_300_00,
      pipelineCommission: 2_400_00,
      totalPotential: 4_700_00,
    });
    expect(reply.body.targetRecord).toMatchObject({
      target: 100_000_00,
      closedWon: 80_000_00,
      pipeline: 40_000_00,
      // 25,000 x 75 % + 15,000 x 50 %
      expectedRevenue: 26_250_00,
      shortfall: 0,
      over: 6_250_00,
      attainment: 0.8,
      gauge: { status: 'amber', amberFrom: 80_000_00, greenFrom: 100_000_00 },
    });
    expect(
      reply.body.commissionRecord.openDeals.map((d: { opportunityId: string; commission: number }) => [d.opportunityId, d.commission]),
    ).toEqual([
      ['d-open-1', 1_500_00],
      ['d-open-2', 900_00],
    ]);
    expect(reply.body.deals.map((d: { opportunityId: string }) => d.opportunityId)).toEqual(['d-won-1', 'd-won-2', 'd-open-1', 'd-open-2']);
    expect(reply.body.levels.general).toEqual(daveBands);
  });

  it('reflects a change of target at once, with nothing recomputed', async () => {
    await call({ method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: 'dave', amounts: { '2016-02': 80_000_00 } } });
    const reply = await call({ method: 'GET', path: '/reps/dave/months/2016-02' });
    expect(reply.body.targetRecord).toMatchObject({ target: 80_000_00, attainment: 1, gauge: { status: 'green' } });
    await call({ method: 'PUT', path: '/targets', body: { ownerType: 'rep', ownerId: 'dave', amounts: { '2016-02': 100_000_00 } } });
  });

  it('answers an empty month with zeros and an unknown rep with 404', async () => {
    const empty = await call({ method: 'GET', path: '/reps/dave/months/2016-07' });
    expect(empty.body).toMatchObject({
      targetRecord: { target: null, closedWon: 0, pipeline: 0 },
      commissionRecord: { earned: 0, totalPotential: 0 },
      deals: [],
    });
    expect((await call({ method: 'GET', path: '/reps/ghost/months/2016-02' })).status).toBe(404);
  });
});

describe('month series', () => {
  const figures = (month: { targetRecord: Record<string, unknown>; commission: Record<string, unknown> }) => ({
    targetRecord: month.targetRecord,
    commission: month.commission,
  });

  it("gives the company's months, each as its one-month period, with its members' headline figures", async () => {
    const reply = await call({ method: 'GET', path: '/company/months?from=2016-01&to=2016-03' });
    expect(reply.status).toBe(200);
    expect(reply.body.scope).toEqual({ kind: 'company', id: 'acme', name: 'Acme Ltd' });
    expect(reply.body.months.map((month: { month: string }) => month.month)).toEqual(['2016-01', '2016-02', '2016-03']);
    const [january, february, march] = reply.body.months;
    expect(february.targetRecord).toMatchObject({
      target: 150_000_00,
      closedWon: 100_000_00,
      pipeline: 55_000_00,
      // Dave 26,250; Erin 10,000 x 10 %; Sam 5,000 x 20 %
      expectedRevenue: 28_250_00,
    });
    expect(february.commission).toEqual({ earned: 2_300_00, pipelineCommission: 2_500_00, totalPotential: 4_800_00 });
    expect(february.members).toEqual([
      {
        kind: 'team',
        id: 'north',
        name: 'North',
        closedWon: 100_000_00,
        target: 150_000_00,
        pipeline: 50_000_00,
        expectedRevenue: 27_250_00,
      },
      { kind: 'rep', id: 'admin', name: 'Sales Operations', closedWon: 0, target: null, pipeline: 0, expectedRevenue: 0 },
      { kind: 'rep', id: 'sam', name: 'Sam Cole', closedWon: 0, target: null, pipeline: 5_000_00, expectedRevenue: 1_000_00 },
    ]);
    expect(january.targetRecord).toMatchObject({ target: 20_000_00, closedWon: 20_000_00, attainment: 1, gauge: { status: 'green' } });
    expect(march.targetRecord).toMatchObject({ target: null, closedWon: 0, pipeline: 0 });
    for (const month of reply.body.months) {
      const period = await call({ method: 'GET', path: `/company/periods/${month.month}` });
      expect(figures(month), month.month).toEqual(figures(period.body));
    }
  });

  it("gives a team's months with its reps, and a rep's months as their month records", async () => {
    const team = await call({ method: 'GET', path: '/teams/north/months?from=2016-02&to=2016-02' });
    expect(team.status).toBe(200);
    expect(team.body.scope).toEqual({ kind: 'team', id: 'north', name: 'North' });
    expect(team.body.months[0].members).toEqual([
      {
        kind: 'rep',
        id: 'dave',
        name: 'Dave Apthorp',
        closedWon: 80_000_00,
        target: 100_000_00,
        pipeline: 40_000_00,
        expectedRevenue: 26_250_00,
      },
      {
        kind: 'rep',
        id: 'erin',
        name: 'Erin Brock',
        closedWon: 20_000_00,
        target: 50_000_00,
        pipeline: 10_000_00,
        expectedRevenue: 1_000_00,
      },
    ]);

    const rep = await call({ method: 'GET', path: '/reps/dave/months?from=2016-01&to=2016-03' });
    expect(rep.status).toBe(200);
    expect(rep.body.scope).toEqual({ kind: 'rep', id: 'dave', name: 'Dave Apthorp' });
    const february = rep.body.months[1];
    const month = await call({ method: 'GET', path: '/reps/dave/months/2016-02' });
    expect(month.body.deals).toHaveLength(4);
    expect(february.targetRecord).toEqual(month.body.targetRecord);
    expect(february.commission).toEqual({ earned: 2_300_00, pipelineCommission: 2_400_00, totalPotential: 4_700_00 });
    expect(rep.body.months.map((entry: { members: unknown[] }) => entry.members)).toEqual([[], [], []]);
  });

  it('spans up to 24 months across years, and refuses a range that is reversed, longer or malformed, naming the field', async () => {
    const long = await call({ method: 'GET', path: '/company/months?from=2015-03&to=2017-02' });
    expect(long.status).toBe(200);
    expect(long.body.months).toHaveLength(24);
    expect(long.body.months[10]).toMatchObject({ month: '2016-01', targetRecord: { closedWon: 20_000_00 } });
    for (const [path, field, message] of [
      ['/company/months?from=2016-03&to=2016-01', 'to', 'must not be before from'],
      ['/teams/north/months?from=2015-01&to=2017-01', 'to', 'must be at most 23 months after from'],
      ['/reps/dave/months?from=2016-13&to=2016-12', 'from', 'must be a month YYYY-MM'],
      ['/reps/dave/months?from=2016-01', 'to', expect.any(String)],
    ] as const) {
      const reply = await call({ method: 'GET', path });
      expect(reply.status, path).toBe(400);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(reply.body.errors, path).toEqual([{ field, message }]);
    }
    expect((await call({ method: 'GET', path: '/reps/dave/months?from=2016-01&to=2016-02&team=north' })).status).toBe(400);
  });

  it('answers an unknown team or rep with 404', async () => {
    expect((await call({ method: 'GET', path: '/teams/ghost/months?from=2016-01&to=2016-02' })).status).toBe(404);
    expect((await call({ method: 'GET', path: '/reps/ghost/months?from=2016-01&to=2016-02' })).status).toBe(404);
  });
});

describe("a rep's period", () => {
  it("sums the rep's months over a quarter, in the shape of a team's period", async () => {
    const reply = await call({ method: 'GET', path: '/reps/dave/periods/2016-Q1' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      repId: 'dave',
      name: 'Dave Apthorp',
      period: { kind: 'quarter', label: '2016-Q1', months: ['2016-01', '2016-02', '2016-03'] },
      months: ['2016-01', '2016-02', '2016-03'],
      targetRecord: { target: 100_000_00, closedWon: 80_000_00, expectedRevenue: 26_250_00, attainment: 0.8, gauge: { status: 'amber' } },
      commission: { earned: 2_300_00, pipelineCommission: 2_400_00, totalPotential: 4_700_00 },
      members: [],
    });
  });

  it("counts exactly as the rep does in the company's period", async () => {
    const rep = await call({ method: 'GET', path: '/reps/sam/periods/2016-Q1' });
    const company = await call({ method: 'GET', path: '/company/periods/2016-Q1' });
    const sam = company.body.members.find((member: { id: string }) => member.id === 'sam');
    expect({ targetRecord: rep.body.targetRecord, commission: rep.body.commission }).toEqual({
      targetRecord: sam.targetRecord,
      commission: sam.commission,
    });
    // 20,000 x 2 % in January; February's 5,000 open at 2 %
    expect(rep.body.commission).toEqual({ earned: 400_00, pipelineCommission: 100_00, totalPotential: 500_00 });
  });

  it('follows the fiscal year of the settings, and answers an unknown rep or a malformed period as the team reads do', async () => {
    await call({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 2 } });
    const year = await call({ method: 'GET', path: '/reps/sam/periods/2015-FY' });
    await call({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 1 } });
    expect(year.body.months).toEqual(expect.arrayContaining(['2015-02', '2016-01']));
    expect(year.body.months).toHaveLength(12);
    expect(year.body.targetRecord).toMatchObject({ target: 20_000_00, closedWon: 20_000_00, pipeline: 0 });
    expect((await call({ method: 'GET', path: '/reps/ghost/periods/2016-Q1' })).status).toBe(404);
    expect((await call({ method: 'GET', path: '/reps/dave/periods/2016-Q5' })).body.errors).toEqual([
      { field: 'period', message: expect.any(String) },
    ]);
  });
});

describe('team and company roll-ups', () => {
  it('rolls up a team with drill-down to its reps; its target is the sum of theirs', async () => {
    const reply = await call({ method: 'GET', path: '/teams/north/periods/2016-02' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      teamId: 'north',
      months: ['2016-02'],
      targetRecord: { target: 150_000_00, closedWon: 100_000_00, pipeline: 50_000_00 },
      commission: { earned: 2_300_00, pipelineCommission: 2_400_00, totalPotential: 4_700_00 },
    });
    expect(reply.body.members.map((m: { kind: string; id: string }) => `${m.kind}:${m.id}`)).toEqual(['rep:dave', 'rep:erin']);
    expect(reply.body.members[1]).toMatchObject({ targetRecord: { target: 50_000_00, closedWon: 20_000_00 }, commission: { earned: 0 } });
  });

  it('rolls up the company over a quarter: child teams first, then reps placed in it', async () => {
    const reply = await call({ method: 'GET', path: '/company/periods/2016-Q1' });
    expect(reply.body).toMatchObject({
      teamId: 'acme',
      period: { kind: 'quarter', months: ['2016-01', '2016-02', '2016-03'] },
      targetRecord: { target: 170_000_00, closedWon: 120_000_00, pipeline: 55_000_00 },
      // Sam: 20,000 x 2 % in January; his February pipeline 5,000 x 2 %.
      commission: { earned: 2_700_00, pipelineCommission: 2_500_00 },
    });
    expect(reply.body.members.map((m: { kind: string; id: string }) => `${m.kind}:${m.id}`)).toEqual([
      'team:north',
      'rep:admin',
      'rep:sam',
    ]);
  });

  it('uses its own target where a team has one', async () => {
    await call({ method: 'PUT', path: '/targets', body: { ownerType: 'team', ownerId: 'north', amounts: { '2016-02': 200_000_00 } } });
    const reply = await call({ method: 'GET', path: '/teams/north/periods/2016-02' });
    expect(reply.body.targetRecord.target).toBe(200_000_00);
  });

  it('follows the fiscal year start month of the settings', async () => {
    expect((await call({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 2 } })).status).toBe(200);
    expect((await call({ method: 'GET', path: '/settings' })).body).toEqual({
      fiscalYearStartMonth: 2,
      managers: { editDeals: false, editTargets: false },
      currency: 'GBP',
      locale: 'en-GB',
      leadSources: DEFAULT_LEAD_SOURCES,
    });
    expect((await call({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 13 } })).body.errors).toEqual([
      { field: 'fiscalYearStartMonth', message: 'must be a month number 1-12' },
    ]);
    const reply = await call({ method: 'GET', path: '/company/periods/2015-FY' });
    expect(reply.body.period.months[0]).toBe('2015-02');
    expect(reply.body.period.months[11]).toBe('2016-01');
    expect(reply.body.targetRecord).toMatchObject({ closedWon: 20_000_00, pipeline: 0 });
    await call({ method: 'PUT', path: '/settings', body: { fiscalYearStartMonth: 1 } });
  });

  it('answers an unknown team with 404', async () => {
    expect((await call({ method: 'GET', path: '/teams/ghost/periods/2016-02' })).status).toBe(404);
  });
});

describe('the quality table', () => {
  const ids = (body: { rows: { opportunityId: string }[] }) => body.rows.map((row) => row.opportunityId);

  it("lists one rep's open deals closing in the month with the three metrics", async () => {
    const reply = await call({
      method: 'GET',
      path: '/quality?month=2016-02&repId=dave&sort=closeMonthExtensions&order=desc&asOf=2016-02-15',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ month: '2016-02', asOf: '2016-02-15T00:00:00.000Z', total: 2, nextCursor: null });
    expect(reply.body.rows).toEqual([
      expect.objectContaining({
        opportunityId: 'd-open-1',
        closeMonthExtensions: 2,
        daysSinceLastStageChange: 26,
        daysOpen: 76,
        amount: 25_000_00,
      }),
      expect.objectContaining({ opportunityId: 'd-open-2', closeMonthExtensions: 0, daysSinceLastStageChange: 14, daysOpen: 14 }),
    ]);
  });

  it("lists a team's deals across its reps, paged with the asOf of the first page", async () => {
    const first = await call({ method: 'GET', path: '/quality?month=2016-02&teamId=north&sort=daysOpen&order=desc&limit=2' });
    expect(ids(first.body)).toEqual(['e-open-1', 'd-open-1']);
    expect(first.body.total).toBe(3);
    const second = await call({
      method: 'GET',
      path: `/quality?month=2016-02&teamId=north&sort=daysOpen&order=desc&limit=2&cursor=${first.body.nextCursor}`,
    });
    expect(second.body).toMatchObject({ asOf: first.body.asOf, nextCursor: null });
    expect(ids(second.body)).toEqual(['d-open-2']);
  });

  it('lists everyone closing in the current month by default, open deals unless all are asked for', async () => {
    const open = await call({ method: 'GET', path: '/quality?sort=amount&order=desc' });
    expect(open.body.month).toBe('2016-02');
    expect(ids(open.body)).toEqual(['d-open-1', 'd-open-2', 'e-open-1', 's-open-1']);
    const all = await call({ method: 'GET', path: '/quality?status=all&sort=closeDate' });
    expect(all.body.total).toBe(7);
    expect(ids(all.body)[0]).toBe('e-won-1');
  });

  it('answers an unknown rep or team with 404', async () => {
    expect((await call({ method: 'GET', path: '/quality?repId=ghost' })).status).toBe(404);
    expect((await call({ method: 'GET', path: '/quality?teamId=ghost' })).status).toBe(404);
  });
});
