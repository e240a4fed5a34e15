/**
 * POST /imports/leads through the real handler on DynamoDB Local: valid rows written with
 * their conversion counters, each bad row rejected with its row number, a re-import that
 * writes nothing, a stored lead never rewritten, and who may import.
 */
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedLeadCells, type LeadWorld, leadWorld, storedLead, storedLeadCells, storedLeads } from '../leads/lead-fixtures.js';

let world: LeadWorld;

const row = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  name: `Lead ${id}`,
  company: 'Globex',
  email: `${id}@globex.example`,
  source: 'web',
  campaignId: 'spring',
  ownerId: 'dave',
  status: 'open',
  createdAt: '2026-01-12T09:30:00Z',
  ...fields,
});

const IMPORT = {
  leads: [
    row('l-1', { row: 2 }),
    row('l-2', { row: 3, source: 'Partner', campaignId: null, ownerId: 'erin', status: 'Working - Contacted' }),
    row('l-3', { row: 4, ownerId: 'sam', status: 'qualified', createdAt: '2026-02-03T00:00:00Z' }),
    row('l-4', { row: 5, email: null, status: 'Closed - Not Converted', createdAt: '2026-02-10T11:00:00Z' }),
    row('l-5', { row: 6, status: 'Converted' }),
    row('l-6', { row: 7, ownerId: 'nobody' }),
    row('l-7', { row: 8, ownerId: 'leaver' }),
    row('l-8', { row: 9, campaignId: 'autumn-fair' }),
    row('l-9', { row: 10, source: 'Billboard' }),
    row('l-2', { row: 11 }),
  ],
};

async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: world.table.documentClient }, { TableName: world.table.tableName, ConsistentRead: true }))
    items.push(...(page.Items ?? []));
  return items.sort((a, b) => `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`));
}

beforeAll(async () => {
  world = await leadWorld('import-leads');
}, 60_000);

afterAll(async () => {
  await world?.table.delete();
});

describe('POST /imports/leads', () => {
  it('writes the valid rows with their counters and rejects each bad one with its row number', async () => {
    // Act
    const reply = await world.marketing({ method: 'POST', path: '/imports/leads', body: IMPORT });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.leads).toEqual({ accepted: 4, unchanged: 0, rejected: 6 });
    expect(
      reply.body.rejections.map((rejection: { row: number; leadId: string; field: string }) => [
        rejection.row,
        rejection.leadId,
        rejection.field,
      ]),
    ).toEqual([
      [6, 'l-5', 'status'],
      [7, 'l-6', 'ownerId'],
      [8, 'l-7', 'ownerId'],
      [9, 'l-8', 'campaignId'],
      [10, 'l-9', 'source'],
      [11, 'l-2', 'id'],
    ]);
    expect(reply.body.rejections.map((rejection: { reason: string }) => rejection.reason)).toEqual([
      'a converted lead is not imported: conversion is POST /leads/{id}/convert, which makes its opportunity',
      "rep 'nobody' does not exist",
      "rep 'leaver' is inactive and cannot be given leads",
      "campaign 'autumn-fair' does not exist",
      "lead source 'Billboard' is not one of the settings' lead sources (by id or name)",
      'duplicate of row 3',
    ]);
    expect(await storedLead(world.table, 'l-2')).toMatchObject({
      source: 'partner',
      status: 'contacted',
      campaignId: null,
      createdAt: '2026-01-12T09:30:00.000Z',
      statusHistory: [{ status: 'contacted', at: '2026-01-12T09:30:00.000Z' }],
      version: 1,
    });
    const leads = await storedLeads(world.table);
    expect(leads.map((lead) => lead.id).sort()).toEqual(['l-1', 'l-2', 'l-3', 'l-4']);
    expect(await storedLeadCells(world.table, ['2026-01', '2026-02'])).toEqual(expectedLeadCells(leads));
  });

  it('writes nothing when the same rows are imported again', async () => {
    // Arrange
    const before = await allItems();

    // Act
    const reply = await world.admin({ method: 'POST', path: '/imports/leads', body: IMPORT });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.leads).toEqual({ accepted: 0, unchanged: 4, rejected: 6 });
    expect(await allItems()).toEqual(before);
  });

  it('never rewrites a stored lead: a row that differs is rejected, to be changed through PUT /leads/{id}', async () => {
    // Act
    const reply = await world.admin({
      method: 'POST',
      path: '/imports/leads',
      body: { leads: [row('l-1', { row: 2, status: 'contacted' })] },
    });

    // Assess
    expect(reply.body.leads).toEqual({ accepted: 0, unchanged: 0, rejected: 1 });
    expect(reply.body.rejections).toEqual([
      {
        row: 2,
        leadId: 'l-1',
        field: 'id',
        reason: "lead 'l-1' is stored with other values; an import never rewrites a lead: change it through PUT /leads/l-1",
      },
    ]);
    expect(await storedLead(world.table, 'l-1')).toMatchObject({ status: 'open', version: 1 });
  });

  it('is for marketing and admins: a rep or a manager is refused (403), writing nothing', async () => {
    // Arrange
    const before = await allItems();
    const body = { leads: [row('l-10', { ownerId: 'dave' })] };

    // Act
    const [rep, manager] = await Promise.all([
      world.dave({ method: 'POST', path: '/imports/leads', body }),
      world.manager({ method: 'POST', path: '/imports/leads', body }),
    ]);

    // Assess
    expect([rep.status, manager.status]).toEqual([403, 403]);
    expect(await allItems()).toEqual(before);
  });

  it('refuses a malformed envelope as a whole (400)', async () => {
    const reply = await world.admin({ method: 'POST', path: '/imports/leads', body: { leads: 'l-1' } });
    expect(reply.status).toBe(400);
  });
});
