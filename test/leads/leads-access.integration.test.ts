/**
 * Who may do what with leads and campaigns, through the real handler: marketing manages
 * campaigns and every lead, converts none, and sees no one's months, commission, targets,
 * team or company figures or deals; a rep sees and changes only their own leads (another
 * rep's reads exactly as a missing one); a manager the leads of their teams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeadWorld, lead, leadWorld, storedLead } from './lead-fixtures.js';

let world: LeadWorld;

beforeAll(async () => {
  world = await leadWorld('api-leads-access');
  for (const [leadId, ownerId] of [
    ['dave-1', 'dave'],
    ['erin-1', 'erin'],
    ['sam-1', 'sam'],
  ] as const) {
    expect((await world.marketing({ method: 'PUT', path: `/leads/${leadId}`, body: { ...lead, ownerId } })).status).toBe(201);
  }
  await world.admin({
    method: 'PUT',
    path: '/opportunities/dave-deal',
    body: { name: 'Deal', account: 'Initech', ownerId: 'dave', stageId: 'prospecting', closeDate: '2026-06-30', amount: 100 },
  });
});

afterAll(async () => {
  await world?.table.delete();
});

const ids = (reply: { body: { items: { id: string }[] } }) => reply.body.items.map((item) => item.id).sort();
const terms = { closeDate: '2026-06-30', amount: 1_000_00 };

describe('marketing', () => {
  it('manages campaigns and every lead, and hands leads to any rep', async () => {
    expect(
      (
        await world.marketing({
          method: 'PUT',
          path: '/campaigns/autumn',
          body: { name: 'Autumn', type: 'event', startDate: '2026-09-01', endDate: '2026-09-30', actualCost: 100 },
        })
      ).status,
    ).toBe(201);
    expect(ids(await world.marketing({ method: 'GET', path: '/leads' }))).toEqual(['dave-1', 'erin-1', 'sam-1']);
    expect((await world.marketing({ method: 'GET', path: '/leads/sam-1' })).status).toBe(200);
    expect((await world.marketing({ method: 'PUT', path: '/leads/m-1', body: { ...lead, ownerId: 'sam' } })).status).toBe(201);
    expect((await world.marketing({ method: 'PUT', path: '/leads/m-1', body: { ...lead, ownerId: 'erin' } })).status).toBe(200);
  });

  it('cannot convert a lead (403), writing nothing', async () => {
    const reply = await world.marketing({ method: 'POST', path: '/leads/dave-1/convert', body: terms });
    expect(reply.status).toBe(403);
    expect(await storedLead(world.table, 'dave-1')).toMatchObject({ version: 1, status: 'open' });
  });

  it("sees no one's months, commission, targets, team or company figures, or deals", async () => {
    for (const [path, statuses] of [
      ['/reps/dave/months/2026-03', [403, 404]],
      ['/reps/mo/months/2026-03', [403, 404]],
      ['/reps/dave/periods/2026-Q1', [403, 404]],
      ['/reps/dave/commission-levels', [403, 404]],
      ['/targets?ownerType=rep&ownerId=dave&from=2026-01&to=2026-03', [403, 404]],
      ['/targets?ownerType=team&ownerId=north&from=2026-01&to=2026-03', [403, 404]],
      ['/teams/north/periods/2026-Q1', [403]],
      ['/company/periods/2026-Q1', [403]],
      ['/company/months?from=2026-01&to=2026-03', [403]],
      ['/opportunities/dave-deal', [404]],
    ] as const) {
      const reply = await world.marketing({ method: 'GET', path });
      expect({ path, status: reply.status }).toEqual({
        path,
        status: expect.toSatisfy((status: number) => (statuses as readonly number[]).includes(status)),
      });
    }
    const deals = await world.marketing({ method: 'GET', path: '/opportunities?ownerId=dave' });
    expect(deals.body.items ?? []).toEqual([]);
  });
});

describe('a rep', () => {
  it("sees only their own leads; another rep's reads exactly as a missing one", async () => {
    expect(ids(await world.dave({ method: 'GET', path: '/leads' }))).toEqual(['dave-1']);
    expect(ids(await world.dave({ method: 'GET', path: '/leads?ownerId=erin' }))).toEqual([]);
    expect(ids(await world.dave({ method: 'GET', path: '/leads?campaignId=spring' }))).toEqual(['dave-1']);
    expect(ids(await world.dave({ method: 'GET', path: '/leads?status=open' }))).toEqual(['dave-1']);
    const hidden = await world.dave({ method: 'GET', path: '/leads/erin-1' });
    const missing = await world.dave({ method: 'GET', path: '/leads/nobody' });
    expect(hidden.status).toBe(404);
    expect(hidden.body.detail).toBe("lead 'erin-1' not found");
    expect(missing.body.detail).toBe("lead 'nobody' not found");
  });

  it("changes only their own leads: another rep's is 404, giving one away 403, nothing written", async () => {
    expect((await world.dave({ method: 'PUT', path: '/leads/dave-1', body: { ...lead, status: 'contacted' } })).status).toBe(200);
    expect((await world.dave({ method: 'PUT', path: '/leads/erin-1', body: { ...lead, ownerId: 'erin' } })).status).toBe(404);
    expect(
      (await world.dave({ method: 'PUT', path: '/leads/dave-1', body: { ...lead, ownerId: 'erin', status: 'contacted' } })).status,
    ).toBe(403);
    expect((await world.dave({ method: 'PUT', path: '/leads/d-new', body: { ...lead, ownerId: 'erin' } })).status).toBe(403);
    expect((await world.dave({ method: 'POST', path: '/leads/erin-1/convert', body: terms })).status).toBe(404);
    expect(await storedLead(world.table, 'erin-1')).toMatchObject({ version: 1, ownerId: 'erin' });
    expect(await storedLead(world.table, 'dave-1')).toMatchObject({ version: 2, ownerId: 'dave' });
    expect(await storedLead(world.table, 'd-new')).toBeUndefined();
  });

  it('may not write campaigns (403) but reads them', async () => {
    const body = { name: 'Rogue', type: 'other', startDate: '2026-01-01', endDate: '2026-01-02' };
    expect((await world.dave({ method: 'PUT', path: '/campaigns/rogue', body })).status).toBe(403);
    expect((await world.dave({ method: 'GET', path: '/campaigns/spring' })).status).toBe(200);
  });

  it('converts their own lead', async () => {
    expect((await world.dave({ method: 'POST', path: '/leads/dave-1/convert', body: terms })).status).toBe(201);
  });
});

describe('a manager', () => {
  it("sees their teams' leads and changes them within their teams; other teams' read as missing", async () => {
    expect(ids(await world.manager({ method: 'GET', path: '/leads' }))).toEqual(['dave-1', 'erin-1', 'm-1']);
    expect(ids(await world.manager({ method: 'GET', path: '/leads?ownerId=sam' }))).toEqual([]);
    expect((await world.manager({ method: 'GET', path: '/leads/sam-1' })).status).toBe(404);
    expect((await world.manager({ method: 'PUT', path: '/leads/erin-1', body: { ...lead, ownerId: 'dave' } })).status).toBe(200);
    expect((await world.manager({ method: 'PUT', path: '/leads/erin-1', body: { ...lead, ownerId: 'sam' } })).status).toBe(403);
    expect((await world.manager({ method: 'PUT', path: '/leads/sam-1', body: { ...lead, ownerId: 'sam' } })).status).toBe(404);
    expect(await storedLead(world.table, 'erin-1')).toMatchObject({ version: 2, ownerId: 'dave' });
  });

  it("converts a team's lead only where the settings let managers change deals", async () => {
    expect((await world.manager({ method: 'POST', path: '/leads/erin-1/convert', body: terms })).status).toBe(403);
    const settings = (await world.admin({ method: 'GET', path: '/settings' })).body;
    await world.admin({ method: 'PUT', path: '/settings', body: { ...settings, managers: { editDeals: true, editTargets: false } } });
    expect((await world.manager({ method: 'POST', path: '/leads/erin-1/convert', body: terms })).status).toBe(201);
  });
});
