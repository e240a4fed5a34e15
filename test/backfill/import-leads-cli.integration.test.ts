/**
 * `npm run import -- --leads` run against the real API handler in process (DynamoDB Local):
 * a CRM's lead export as the CSV fixture, batches, the summary with each rejection's file
 * and line, and a re-import that writes nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Send } from '#local/import/run-import.js';
import { leadSummaryLines, runLeadImport, silentLeadProgress } from '#local/import/run-lead-import.js';
import { type LeadWorld, leadWorld, storedLead } from '../leads/lead-fixtures.js';

const LEADS_CSV = path.join(import.meta.dirname, '..', 'fixtures', 'import', 'leads.csv');

let world: LeadWorld;
let requests = 0;

const send: Send = async (method, pathName, body) => {
  requests++;
  return world.marketing({ method, path: pathName, body });
};

const run = () => runLeadImport({ leadsPath: LEADS_CSV, leadsPerBatch: 4 }, { send, progress: silentLeadProgress });

beforeAll(async () => {
  world = await leadWorld('import-leads-cli');
}, 60_000);

afterAll(async () => {
  await world?.table.delete();
});

describe('npm run import -- --leads (in process)', () => {
  it('imports a CRM lead export in batches and reports every rejection with its file and line', async () => {
    // Act
    const summary = await run();

    // Assess
    expect(requests).toBe(2); // 9 readable records, one a duplicate found before sending: 8, 4 per batch
    expect(summary.leads).toEqual({ accepted: 4, unchanged: 0, rejected: 6 });
    expect(leadSummaryLines(summary, 'leads.csv')).toEqual([
      'Leads: 4 accepted, 0 unchanged, 6 rejected.',
      'Ignored columns of leads.csv: Phone.',
      'Rejected:',
      '  leads.csv row 6 (L-005): a converted lead is not imported: conversion is POST /leads/{id}/convert, which makes its opportunity',
      "  leads.csv row 7 (L-006): rep 'nobody' does not exist",
      "  leads.csv row 8 (L-007): campaign 'autumn-fair' does not exist",
      '  leads.csv row 9: unreadable CSV record: Invalid Record Length: columns length is 11, got 12 on line 9',
      "  leads.csv row 10 (L-009): lead source 'Billboard' is not one of the settings' lead sources (by id or name)",
      '  leads.csv row 11 (L-002): duplicate of row 3',
    ]);
    expect(await storedLead(world.table, 'L-001')).toMatchObject({
      name: 'Priya Shah',
      source: 'web',
      campaignId: 'spring',
      status: 'open',
      createdAt: '2026-01-12T09:30:00.000Z',
    });
    expect(await storedLead(world.table, 'L-003')).toMatchObject({
      email: null,
      status: 'qualified',
      createdAt: '2026-02-03T00:00:00.000Z',
    });
    expect(await storedLead(world.table, 'L-004')).toMatchObject({ source: 'event', status: 'closed-unqualified' });
  });

  it('counts everything as unchanged when the same file is imported again', async () => {
    const summary = await run();
    expect(summary.leads).toEqual({ accepted: 0, unchanged: 4, rejected: 6 });
    expect(leadSummaryLines(summary, 'leads.csv')).toContain('Nothing written.');
  });
});
