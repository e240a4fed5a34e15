/**
 * POST /leads/{id}/convert through the real handler against DynamoDB Local: the opportunity
 * made from the lead and the converted lead in one transaction, a repeat answered with what
 * it made and nothing written, the 409s, concurrent identical conversions, and the lead
 * cells holding exactly the contribution of the stored leads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertLead } from '#core/leads/convert-lead.js';
import type { AccessContext } from '#core/organisation/access-policy.js';
import { ConflictError } from '#core/shared/errors.js';
import { adaptersOf } from '#functions/composition-root.js';
import { keys } from '#functions/store/keys.js';
import {
  expectedLeadCells,
  type LeadWorld,
  lead,
  leadWorld,
  storedItem,
  storedLead,
  storedLeadCells,
  storedLeads,
} from './lead-fixtures.js';

let world: LeadWorld;

const ADMIN: AccessContext = {
  principal: { repId: 'admin', role: 'admin' },
  visibility: { kind: 'everything' },
  managers: { editDeals: true, editTargets: true },
};

beforeAll(async () => {
  world = await leadWorld('api-lead-conversion');
  for (const leadId of ['c1', 'c2', 'c3', 'c4', 'c5', 'closed', 'race', 'cancelled', 'half', 'long-id-'.padEnd(64, 'x')]) {
    const reply = await world.marketing({ method: 'PUT', path: `/leads/${leadId}`, body: lead });
    expect(reply.status).toBe(201);
  }
  await world.marketing({ method: 'PUT', path: '/leads/closed', body: { ...lead, status: 'closed-unqualified' } });
  world.clock.set('2026-04-01T10:00:00Z');
});

afterAll(async () => {
  await world?.table.delete();
});

const terms = { closeDate: '2026-06-30', amount: 12_000_00 };

function storedOpportunity(opportunityId: string) {
  return storedItem(world.table, keys.opportunity(opportunityId));
}

async function expectCellsMatchLeads(): Promise<void> {
  const leads = await storedLeads(world.table);
  expect(await storedLeadCells(world.table, ['2026-03', '2026-04'])).toEqual(expectedLeadCells(leads));
}

describe('POST /leads/{id}/convert', () => {
  it('creates the opportunity from the lead and converts the lead, in one step: 201 with both and a Location', async () => {
    const reply = await world.dave({ method: 'POST', path: '/leads/c1/convert', body: terms });
    expect(reply).toMatchObject({
      status: 201,
      headers: { location: '/opportunities/lead-c1' },
      body: {
        lead: {
          id: 'c1',
          status: 'converted',
          convertedAt: '2026-04-01T10:00:00.000Z',
          opportunityId: 'lead-c1',
          version: 2,
          updatedBy: 'dave',
          statusHistory: [
            { status: 'open', at: '2026-03-02T09:00:00.000Z' },
            { status: 'converted', at: '2026-04-01T10:00:00.000Z' },
          ],
        },
        opportunity: {
          id: 'lead-c1',
          name: 'Globex',
          account: 'Globex',
          contactName: 'Priya Shah',
          ownerId: 'dave',
          stageId: 'prospecting',
          stageOutcome: 'open',
          amount: 12_000_00,
          campaignId: 'spring',
          campaign: null,
          leadSource: 'web',
          leadId: 'c1',
          customerType: 'new',
          createdAt: '2026-04-01T10:00:00.000Z',
          updatedAt: '2026-04-01T10:00:00.000Z',
          updatedBy: 'dave',
          version: 1,
          deleted: false,
        },
      },
    });
    expect(await storedOpportunity('lead-c1')).toMatchObject({ version: 1, leadId: 'c1' });
    expect(await storedLead(world.table, 'c1')).toMatchObject({ version: 2, status: 'converted', opportunityId: 'lead-c1' });
    await expectCellsMatchLeads();
  });

  it('answers the same request again with 200, the same lead and opportunity, and writes nothing', async () => {
    world.clock.set('2026-04-02T10:00:00Z');
    const first = await world.dave({ method: 'GET', path: '/leads/c1' });
    const repeat = await world.dave({
      method: 'POST',
      path: '/leads/c1/convert',
      body: { amount: terms.amount, closeDate: terms.closeDate },
    });
    expect(repeat).toMatchObject({ status: 200, headers: { location: '/opportunities/lead-c1' } });
    expect(repeat.body.lead).toEqual(first.body);
    expect(repeat.body.opportunity).toMatchObject({ id: 'lead-c1', version: 1, updatedAt: '2026-04-01T10:00:00.000Z' });
    const explicit = await world.dave({ method: 'POST', path: '/leads/c1/convert', body: { ...terms, opportunityId: 'lead-c1' } });
    expect(explicit.status).toBe(200);
    expect(await storedLead(world.table, 'c1')).toMatchObject({ version: 2 });
    await expectCellsMatchLeads();
  });

  it('refuses a different conversion of a converted lead, and any of a closed-unqualified one: 409 naming status', async () => {
    for (const [leadId, body] of [
      ['c1', { ...terms, amount: 1 }],
      ['c1', { ...terms, opportunityId: 'other' }],
      ['closed', terms],
    ] as const) {
      const reply = await world.admin({ method: 'POST', path: `/leads/${leadId}/convert`, body });
      expect(reply).toMatchObject({ status: 409, body: { errors: [{ field: 'status' }] } });
      expect(reply.headers['content-type']).toBe('application/problem+json');
    }
    expect(await storedOpportunity('other')).toBeUndefined();
    expect(await storedLead(world.table, 'closed')).toMatchObject({ version: 2, status: 'closed-unqualified' });
  });

  it("refuses an opportunity id that exists and is not this lead's: 409 naming opportunityId, nothing written", async () => {
    await world.admin({
      method: 'PUT',
      path: '/opportunities/taken',
      body: { name: 'Taken', account: 'Initech', ownerId: 'dave', stageId: 'prospecting', closeDate: '2026-06-30', amount: 100 },
    });
    const reply = await world.admin({ method: 'POST', path: '/leads/c2/convert', body: { ...terms, opportunityId: 'taken' } });
    expect(reply).toMatchObject({ status: 409, body: { errors: [{ field: 'opportunityId' }] } });
    const byAnother = await world.admin({ method: 'POST', path: '/leads/c2/convert', body: { ...terms, opportunityId: 'lead-c1' } });
    expect(byAnother).toMatchObject({ status: 409, body: { errors: [{ field: 'opportunityId' }] } });
    expect(await storedLead(world.table, 'c2')).toMatchObject({ version: 1, status: 'open' });
    expect(await storedOpportunity('taken')).toMatchObject({ version: 1, name: 'Taken' });
  });

  it('refuses bad terms naming the field, writing nothing', async () => {
    for (const [body, status, field] of [
      [{ amount: 100 }, 400, 'closeDate'],
      [{ closeDate: '2026-06-30' }, 400, 'amount'],
      [{ ...terms, colour: 'red' }, 400, undefined],
      [{ ...terms, stageId: 'haggling' }, 422, 'stageId'],
      [{ ...terms, ownerId: 'ghost' }, 422, 'ownerId'],
      [{ ...terms, ownerId: 'leaver' }, 422, 'ownerId'],
    ] as const) {
      const reply = await world.admin({ method: 'POST', path: '/leads/c2/convert', body });
      expect(reply.status).toBe(status);
      if (field) expect(reply.body.errors[0].field).toBe(field);
    }
    const long = 'long-id-'.padEnd(64, 'x');
    const needsId = await world.admin({ method: 'POST', path: `/leads/${long}/convert`, body: terms });
    expect(needsId).toMatchObject({ status: 422, body: { errors: [{ field: 'opportunityId' }] } });
    expect(await storedLead(world.table, 'c2')).toMatchObject({ version: 1, status: 'open' });
    expect(await storedLead(world.table, long)).toMatchObject({ version: 1, status: 'open' });
    expect(await storedOpportunity('lead-c2')).toBeUndefined();
  });

  it('takes the given id, name, stage, product lines, probability, customer type and owner; the stage outcome from the configuration', async () => {
    const reply = await world.admin({
      method: 'POST',
      path: '/leads/c3/convert',
      body: {
        opportunityId: 'globex-renewal',
        name: 'Globex renewal',
        stageId: 'closed-won',
        closeDate: '2026-04-01',
        productLines: [
          { productFamily: 'A', amount: 600_00 },
          { productFamily: 'B', amount: 400_00 },
        ],
        probability: 90,
        customerType: 'existing',
        ownerId: 'erin',
      },
    });
    expect(reply).toMatchObject({
      status: 201,
      headers: { location: '/opportunities/globex-renewal' },
      body: {
        lead: { opportunityId: 'globex-renewal', ownerId: 'dave' },
        opportunity: {
          id: 'globex-renewal',
          name: 'Globex renewal',
          stageOutcome: 'won',
          amount: 1_000_00,
          probability: 90,
          ownerId: 'erin',
        },
      },
    });
    await expectCellsMatchLeads();
  });

  it('lets exactly one of concurrent identical conversions create; the others get the same 200', async () => {
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => world.dave({ method: 'POST', path: '/leads/race/convert', body: terms })),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 200, 201]);
    for (const reply of replies) {
      expect(reply.body.opportunity).toMatchObject({ id: 'lead-race', version: 1 });
      expect(reply.body.lead).toMatchObject({ version: 2, status: 'converted' });
    }
    await expectCellsMatchLeads();
  });

  it('tries again when its transaction was cancelled by one in flight that did not convert the lead either', async () => {
    // What DynamoDB does to two transactions meeting on an item: it may cancel both
    // (TransactionConflict). Read again, nothing converted and no deal made: not a 409.
    const adapters = adaptersOf(world.table.dependencies(world.clock));
    let cancelled = 0;
    const leads = new Proxy(adapters.leads, {
      get(target, property, receiver) {
        if (property !== 'saveConversion') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<typeof target.saveConversion>) => {
          if (cancelled++ === 0) throw new ConflictError('lead cancelled is being changed by another request');
          return target.saveConversion(...args);
        };
      },
    });
    const result = await convertLead({ ...adapters, leads }, ADMIN, 'cancelled', terms);
    expect(cancelled).toBe(2);
    expect(result).toMatchObject({ outcome: 'created', lead: { status: 'converted', version: 2 }, opportunity: { id: 'lead-cancelled' } });
    await expectCellsMatchLeads();
  });

  it("reads again when it sees a concurrent winner's converted lead before its deal", async () => {
    // A read outside the winner's transaction may see one of its items and not yet the other.
    const converted = await world.dave({ method: 'POST', path: '/leads/half/convert', body: terms });
    expect(converted.status).toBe(201);
    const adapters = adaptersOf(world.table.dependencies(world.clock));
    let hidden = 0;
    const opportunities = new Proxy(adapters.opportunities, {
      get(target, property, receiver) {
        if (property !== 'get') return Reflect.get(target, property, receiver);
        return async (id: string) => (id === 'lead-half' && hidden++ === 0 ? undefined : target.get(id));
      },
    });
    const result = await convertLead({ ...adapters, opportunities }, ADMIN, 'half', terms);
    expect(hidden).toBe(2);
    expect(result).toMatchObject({ outcome: 'unchanged', lead: { status: 'converted', version: 2 }, opportunity: { id: 'lead-half' } });
  });

  it('keeps the stored lead source and campaign on PUTs of the converted lead; its status stays converted', async () => {
    const put = await world.admin({ method: 'PUT', path: '/leads/c1', body: { ...lead, status: 'converted', email: null } });
    expect(put).toMatchObject({ status: 200, body: { version: 3, status: 'converted', opportunityId: 'lead-c1', email: null } });
    const reopened = await world.admin({ method: 'PUT', path: '/leads/c1', body: { ...lead, status: 'open' } });
    expect(reopened).toMatchObject({ status: 422, body: { errors: [{ field: 'status' }] } });
    await expectCellsMatchLeads();
  });
});
