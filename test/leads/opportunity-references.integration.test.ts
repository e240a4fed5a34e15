/**
 * PUT /opportunities/{id} and the references leads brought: campaignId must name a campaign,
 * leadSource a settings lead source (unless it is the deal's current value: free text stored
 * before sources were a list is kept), the legacy free-text campaign is stored as given, and
 * a converted deal keeps its lead.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#functions/store/keys.js';
import { type LeadWorld, lead, leadWorld, storedItem } from './lead-fixtures.js';

let world: LeadWorld;

const deal = { name: 'Initech', account: 'Initech', ownerId: 'dave', stageId: 'prospecting', closeDate: '2026-06-30', amount: 100_00 };

beforeAll(async () => {
  world = await leadWorld('api-opportunity-references');
});

afterAll(async () => {
  await world?.table.delete();
});

describe('PUT /opportunities/{id} references', () => {
  it('accepts a campaign, a lead source id, a contact name and the legacy free-text campaign', async () => {
    const reply = await world.admin({
      method: 'PUT',
      path: '/opportunities/o1',
      body: { ...deal, campaignId: 'spring', leadSource: 'partner', contactName: 'Bill Lumbergh', campaign: 'Spring summit (old CRM)' },
    });
    expect(reply).toMatchObject({
      status: 201,
      body: {
        campaignId: 'spring',
        leadSource: 'partner',
        contactName: 'Bill Lumbergh',
        campaign: 'Spring summit (old CRM)',
        leadId: null,
      },
    });
  });

  it('refuses an unknown campaign and a lead source that is not a settings id, with 422 naming the field, writing nothing', async () => {
    for (const [body, field] of [
      [{ ...deal, campaignId: 'ghost' }, 'campaignId'],
      [{ ...deal, leadSource: 'Web' }, 'leadSource'],
    ] as const) {
      const created = await world.admin({ method: 'PUT', path: '/opportunities/o9', body });
      expect(created).toMatchObject({ status: 422, body: { errors: [{ field }] } });
      const updated = await world.admin({ method: 'PUT', path: '/opportunities/o1', body });
      expect(updated).toMatchObject({ status: 422, body: { errors: [{ field }] } });
    }
    expect(await storedItem(world.table, keys.opportunity('o9'))).toBeUndefined();
    expect(await storedItem(world.table, keys.opportunity('o1'))).toMatchObject({
      version: 1,
      campaignId: 'spring',
      leadSource: 'partner',
    });
  });

  it('keeps a free-text lead source stored before sources were a list, and refuses changing it to other free text', async () => {
    const stored = await storedItem(world.table, keys.opportunity('o1'));
    await world.table.documentClient.send(
      new PutCommand({ TableName: world.table.tableName, Item: { ...stored, leadSource: 'Trade Show' } }),
    );
    const kept = await world.admin({
      method: 'PUT',
      path: '/opportunities/o1',
      body: { ...deal, leadSource: 'Trade Show', amount: 200_00 },
    });
    expect(kept).toMatchObject({ status: 200, body: { version: 2, leadSource: 'Trade Show', amount: 200_00 } });
    const other = await world.admin({ method: 'PUT', path: '/opportunities/o1', body: { ...deal, leadSource: 'Trade show 2' } });
    expect(other).toMatchObject({ status: 422, body: { errors: [{ field: 'leadSource' }] } });
    const migrated = await world.admin({ method: 'PUT', path: '/opportunities/o1', body: { ...deal, leadSource: 'event' } });
    expect(migrated).toMatchObject({ status: 200, body: { version: 3, leadSource: 'event' } });
  });

  it('keeps the lead a converted deal came from on a later PUT (leadId is not input)', async () => {
    await world.admin({ method: 'PUT', path: '/leads/l1', body: lead });
    expect((await world.admin({ method: 'POST', path: '/leads/l1/convert', body: { closeDate: '2026-06-30', amount: 5_00 } })).status).toBe(
      201,
    );
    const put = await world.admin({
      method: 'PUT',
      path: '/opportunities/lead-l1',
      body: { ...deal, campaignId: 'spring', leadSource: 'web', stageId: 'negotiation' },
    });
    expect(put).toMatchObject({ status: 200, body: { version: 2, leadId: 'l1', stageId: 'negotiation' } });
    expect((await world.admin({ method: 'PUT', path: '/opportunities/lead-l1', body: { ...deal, leadId: 'other' } })).status).toBe(400);
  });
});
