/**
 * Leads through the real handler against DynamoDB Local: upserts with ETag/If-Match and the
 * status history, every bad input refused naming its field with nothing written, idempotent
 * repeats, the lists by owner, campaign and status, and the lead cells of the conversion
 * counters holding exactly the contribution of the stored leads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedLeadCells, type LeadWorld, lead, leadWorld, storedLead, storedLeadCells, storedLeads } from './lead-fixtures.js';

let world: LeadWorld;

beforeAll(async () => {
  world = await leadWorld('api-leads');
});

afterAll(async () => {
  await world?.table.delete();
});

async function expectCellsMatchLeads(): Promise<void> {
  const leads = await storedLeads(world.table);
  const months = [
    ...new Set([...expectedLeadCells(leads).keys()].map((cell) => cell.slice(0, 7))),
    '2026-01',
    '2026-02',
    '2026-03',
    '2026-04',
  ];
  expect(await storedLeadCells(world.table, months)).toEqual(expectedLeadCells(leads));
}

describe('PUT /leads/{id}', () => {
  it('creates with version 1, an ETag, a Location and the first status at createdAt', async () => {
    const reply = await world.marketing({ method: 'PUT', path: '/leads/l1', body: lead });
    expect(reply).toMatchObject({
      status: 201,
      headers: { etag: '"1"', location: '/leads/l1' },
      body: {
        id: 'l1',
        status: 'open',
        statusHistory: [{ status: 'open', at: '2026-03-02T09:00:00.000Z' }],
        createdAt: '2026-03-02T09:00:00.000Z',
        updatedAt: '2026-03-02T09:00:00.000Z',
        updatedBy: 'mo',
        convertedAt: null,
        opportunityId: null,
        version: 1,
      },
    });
    await expectCellsMatchLeads();
  });

  it('treats an identical repeat as one version: 200 and nothing written', async () => {
    world.clock.set('2026-03-03T09:00:00Z');
    const repeat = await world.marketing({ method: 'PUT', path: '/leads/l1', body: lead });
    expect(repeat).toMatchObject({ status: 200, headers: { etag: '"1"' }, body: { version: 1, updatedAt: '2026-03-02T09:00:00.000Z' } });
    expect(await storedLead(world.table, 'l1')).toMatchObject({ version: 1 });
    await expectCellsMatchLeads();
  });

  it('appends each status change with its instant; a stale If-Match is 409 writing nothing', async () => {
    const contacted = await world.dave({
      method: 'PUT',
      path: '/leads/l1',
      body: { ...lead, status: 'contacted' },
      headers: { 'If-Match': '"1"' },
    });
    expect(contacted).toMatchObject({
      status: 200,
      headers: { etag: '"2"' },
      body: {
        version: 2,
        statusHistory: [
          { status: 'open', at: '2026-03-02T09:00:00.000Z' },
          { status: 'contacted', at: '2026-03-03T09:00:00.000Z' },
        ],
      },
    });
    world.clock.set('2026-03-04T09:00:00Z');
    const renamed = await world.dave({ method: 'PUT', path: '/leads/l1', body: { ...lead, status: 'contacted', name: 'Priya S. Shah' } });
    expect(renamed.body).toMatchObject({ version: 3, statusHistory: [{ status: 'open' }, { status: 'contacted' }] });

    const stale = await world.dave({
      method: 'PUT',
      path: '/leads/l1',
      body: { ...lead, status: 'qualified' },
      headers: { 'If-Match': '"2"' },
    });
    expect(stale).toMatchObject({ status: 409, body: { errors: [{ field: 'if-match' }] } });
    expect(stale.headers['content-type']).toBe('application/problem+json');
    expect(await storedLead(world.table, 'l1')).toMatchObject({ version: 3, status: 'contacted' });
    await expectCellsMatchLeads();
  });

  it('refuses bad input against stored state with 422 naming the field, writing nothing', async () => {
    const before = await storedLead(world.table, 'l1');
    for (const [leadId, body, field] of [
      ['l9', { ...lead, ownerId: 'ghost' }, 'ownerId'],
      ['l9', { ...lead, ownerId: 'leaver' }, 'ownerId'],
      ['l9', { ...lead, campaignId: 'ghost' }, 'campaignId'],
      ['l9', { ...lead, source: 'carrier-pigeon' }, 'source'],
      ['l9', { ...lead, status: 'converted' }, 'status'],
      ['l9', { ...lead, createdAt: '2026-03-05T00:00:00Z' }, 'createdAt'],
      ['l1', { ...lead, status: 'open' }, 'status'],
      ['l1', { ...lead, status: 'converted' }, 'status'],
    ] as const) {
      const reply = await world.admin({ method: 'PUT', path: `/leads/${leadId}`, body });
      expect({ field, status: reply.status, errors: reply.body.errors }).toMatchObject({ field, status: 422, errors: [{ field }] });
      expect(reply.headers['content-type']).toBe('application/problem+json');
    }
    expect(await storedLead(world.table, 'l9')).toBeUndefined();
    expect(await storedLead(world.table, 'l1')).toEqual(before);
    await expectCellsMatchLeads();
  });

  it('refuses malformed input with 400 naming the field, writing nothing', async () => {
    for (const [body, field] of [
      [{ ...lead, email: 'not-an-email' }, 'email'],
      [{ ...lead, status: 'won' }, 'status'],
      [{ ...lead, name: '' }, 'name'],
      [{ ...lead, colour: 'red' }, ''],
    ] as const) {
      const reply = await world.admin({ method: 'PUT', path: '/leads/l9', body });
      expect(reply.status).toBe(400);
      if (field !== '') expect(reply.body.errors[0].field).toBe(field);
    }
    expect(await storedLead(world.table, 'l9')).toBeUndefined();
  });

  it('keeps a lead with an owner who left, but gives no new lead to them', async () => {
    world.clock.set('2026-03-05T09:00:00Z');
    expect((await world.admin({ method: 'PUT', path: '/leads/l-kept', body: lead })).status).toBe(201);
    await world.admin({
      method: 'PUT',
      path: '/reps/dave',
      body: { name: 'dave', email: 'dave@example.com', teamId: 'north', active: false },
    });
    try {
      const kept = await world.admin({ method: 'PUT', path: '/leads/l-kept', body: { ...lead, status: 'contacted' } });
      expect(kept).toMatchObject({ status: 200, body: { version: 2, ownerId: 'dave' } });
    } finally {
      await world.admin({
        method: 'PUT',
        path: '/reps/dave',
        body: { name: 'dave', email: 'dave@example.com', teamId: 'north', active: true },
      });
    }
  });

  it('takes an imported createdAt, the first history entry at it, and moves the counters when the owner, month or source change', async () => {
    const imported = await world.admin({
      method: 'PUT',
      path: '/leads/l2',
      body: { ...lead, status: 'qualified', createdAt: '2026-01-31T23:59:59Z', ownerId: 'erin', campaignId: null },
    });
    expect(imported.body).toMatchObject({
      createdAt: '2026-01-31T23:59:59.000Z',
      statusHistory: [{ status: 'qualified', at: '2026-01-31T23:59:59.000Z' }],
    });
    await expectCellsMatchLeads();
    await world.admin({
      method: 'PUT',
      path: '/leads/l2',
      body: { ...lead, status: 'closed-unqualified', createdAt: '2026-02-01T00:00:00Z', ownerId: 'sam', source: 'partner' },
    });
    await expectCellsMatchLeads();
    await world.admin({ method: 'PUT', path: '/leads/l2', body: { ...lead, status: 'open', ownerId: 'sam', source: 'partner' } });
    expect(
      (await world.admin({ method: 'GET', path: '/leads/l2' })).body.statusHistory.map((entry: { status: string }) => entry.status),
    ).toEqual(['qualified', 'closed-unqualified', 'open']);
    await expectCellsMatchLeads();
  });

  it('keeps the lead and its counters together under concurrent writes of different leads to one owner-month', async () => {
    world.clock.set('2026-03-06T09:00:00Z');
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        world.admin({ method: 'PUT', path: `/leads/burst-${index}`, body: { ...lead, source: 'event' } }),
      ),
    );
    for (const reply of replies) expect([201, 409]).toContain(reply.status);
    await expectCellsMatchLeads();
  });
});

describe('GET /leads/{id}', () => {
  it('reads a lead with its ETag; a missing one is 404', async () => {
    expect(await world.admin({ method: 'GET', path: '/leads/l1' })).toMatchObject({
      status: 200,
      headers: { etag: '"3"' },
      body: { id: 'l1', status: 'contacted' },
    });
    const missing = await world.admin({ method: 'GET', path: '/leads/ghost' });
    expect(missing).toMatchObject({ status: 404, body: { detail: "lead 'ghost' not found" } });
  });
});

describe('GET /leads', () => {
  beforeAll(async () => {
    world.clock.set('2026-03-10T09:00:00Z');
    for (const [leadId, createdAt, status, ownerId, campaignId] of [
      ['list-a', '2026-03-07T09:00:00Z', 'open', 'erin', 'spring'],
      ['list-b', '2026-03-08T09:00:00Z', 'contacted', 'erin', null],
      ['list-c', '2026-03-09T09:00:00Z', 'open', 'erin', 'spring'],
    ] as const) {
      const reply = await world.admin({
        method: 'PUT',
        path: `/leads/${leadId}`,
        body: { ...lead, ownerId, campaignId, status, createdAt },
      });
      expect(reply.status).toBe(201);
    }
  });

  const ids = (reply: { body: { items: { id: string }[] } }) => reply.body.items.map((item) => item.id);

  it("lists an owner's leads newest first, page by page", async () => {
    const first = await world.admin({ method: 'GET', path: '/leads?ownerId=erin&limit=2' });
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual(['list-c', 'list-b']);
    const second = await world.admin({ method: 'GET', path: `/leads?ownerId=erin&limit=2&cursor=${first.body.nextCursor}` });
    expect(ids(second)).toEqual(['list-a']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('lists by campaign and by status, and filters by the others', async () => {
    const byCampaign = ids(await world.admin({ method: 'GET', path: '/leads?campaignId=spring' }));
    expect(byCampaign.slice(0, 2)).toEqual(['list-c', 'list-a']);
    expect(byCampaign).not.toContain('list-b');
    const byStatus = ids(await world.admin({ method: 'GET', path: '/leads?status=contacted' }));
    expect(byStatus).toContain('list-b');
    expect(byStatus).toContain('l1');
    expect(byStatus).not.toContain('list-a');
    expect(ids(await world.admin({ method: 'GET', path: '/leads?ownerId=erin&campaignId=spring&status=open' }))).toEqual([
      'list-c',
      'list-a',
    ]);
    expect(ids(await world.admin({ method: 'GET', path: '/leads?campaignId=spring&status=contacted&ownerId=dave' }))).toEqual([
      'l-kept',
      'l1',
    ]);
  });

  it('lists every lead status by status with no filter, newest first within each, across pages', async () => {
    const all = (await storedLeads(world.table)).filter((stored) => stored.status !== 'converted');
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const reply = await world.admin({ method: 'GET', path: `/leads?limit=3${cursor ? `&cursor=${cursor}` : ''}` });
      expect(reply.status).toBe(200);
      expect(reply.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...ids(reply));
      cursor = reply.body.nextCursor;
    } while (cursor);
    const order = ['open', 'contacted', 'qualified', 'closed-unqualified', 'converted'];
    const expected = [...all]
      .sort(
        (a, b) =>
          order.indexOf(a.status) - order.indexOf(b.status) ||
          (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1),
      )
      .map((stored) => stored.id);
    expect(seen).toEqual(expected);
  });

  it('refuses a cursor it did not issue and an unknown status with 400', async () => {
    expect((await world.admin({ method: 'GET', path: '/leads?cursor=bm9wZQ' })).status).toBe(400);
    expect((await world.admin({ method: 'GET', path: '/leads?status=won' })).body.errors[0].field).toBe('status');
    const byOwner = await world.admin({ method: 'GET', path: '/leads?ownerId=erin&limit=1' });
    expect((await world.admin({ method: 'GET', path: `/leads?ownerId=dave&cursor=${byOwner.body.nextCursor}` })).status).toBe(400);
  });
});
