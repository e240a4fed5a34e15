/**
 * The organisation the lead tests start from, through the real handler on DynamoDB Local:
 * the company `acme` with team `north` (its manager Mia placed in it, Dave and Erin) and team `south`
 * (Sam), marketing's Mo, an inactive rep, and a campaign. Plus what the tests read back
 * straight from the table: a lead item, and the lead cells of the conversion counters.
 */
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { leadContributionOf } from '#core/conversion/conversion-cells.js';
import type { Lead } from '#core/leads/lead.js';
import { addCellCounters, type CellCounters } from '#core/shared/counters.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { cellFromItem } from '#functions/conversion/conversion-cell-item.js';
import { leadFromItem } from '#functions/leads/lead-store.js';
import { keys } from '#functions/store/keys.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { type FixedClock, fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation } from '../support/test-organisation.js';

export interface LeadWorld {
  readonly table: TestTable;
  readonly clock: FixedClock;
  readonly admin: ApiCall;
  readonly marketing: ApiCall;
  readonly manager: ApiCall;
  readonly dave: ApiCall;
  readonly erin: ApiCall;
  readonly sam: ApiCall;
}

export const lead = {
  name: 'Priya Shah',
  company: 'Globex',
  email: 'priya@globex.example',
  source: 'web',
  campaignId: 'spring',
  ownerId: 'dave',
};

export async function leadWorld(name: string, startAt = '2026-03-02T09:00:00Z'): Promise<LeadWorld> {
  const table = await createTestTable(name);
  const clock = fixedClock(startAt);
  const deps = table.dependencies(clock);
  await bootstrapTestOrganisation(deps, { id: 'acme', name: 'Acme Ltd' });
  const handler = createApiHandler(deps, { logger: silentLogger });
  const admin = apiClientOf(handler);
  const must = async (reply: Promise<{ status: number }>) => expect((await reply).status).toBeLessThan(300);
  await must(admin({ method: 'PUT', path: '/teams/north', body: { name: 'North', parentTeamId: 'acme' } }));
  await must(admin({ method: 'PUT', path: '/teams/south', body: { name: 'South', parentTeamId: 'acme' } }));
  for (const [repId, teamId, active] of [
    ['mia', 'north', true],
    ['dave', 'north', true],
    ['erin', 'north', true],
    ['sam', 'south', true],
    ['mo', 'acme', true],
    ['leaver', 'north', false],
  ] as const) {
    await must(admin({ method: 'PUT', path: `/reps/${repId}`, body: { name: repId, email: `${repId}@example.com`, teamId, active } }));
  }
  await must(
    admin({
      method: 'PUT',
      path: '/campaigns/spring',
      body: { name: 'Spring webinars', type: 'webinar', startDate: '2026-03-01', endDate: '2026-05-31' },
    }),
  );
  return {
    table,
    clock,
    admin,
    marketing: apiClientOf(handler, { as: { repId: 'mo', role: 'marketing' } }),
    manager: apiClientOf(handler, { as: { repId: 'mia', role: 'manager' } }),
    dave: apiClientOf(handler, { as: { repId: 'dave', role: 'rep' } }),
    erin: apiClientOf(handler, { as: { repId: 'erin', role: 'rep' } }),
    sam: apiClientOf(handler, { as: { repId: 'sam', role: 'rep' } }),
  };
}

export async function storedItem(table: TestTable, key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  const result = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
  return result.Item;
}

export function storedLead(table: TestTable, leadId: string): Promise<Record<string, unknown> | undefined> {
  return storedItem(table, keys.lead(leadId));
}

/** Every lead in the table, read by a consistent scan. */
export async function storedLeads(table: TestTable): Promise<Lead[]> {
  const result = await table.documentClient.send(
    new ScanCommand({
      TableName: table.tableName,
      ConsistentRead: true,
      FilterExpression: 'sk = :sk',
      ExpressionAttributeValues: { ':sk': keys.lead('').sk },
    }),
  );
  return (result.Items ?? []).map(leadFromItem);
}

/** The lead cells of the months given, as stored (by `<month>#<rep>`). */
export async function storedLeadCells(table: TestTable, months: readonly string[]): Promise<CellCounters> {
  const cells = new Map<string, Record<string, number>>();
  for (const month of months) {
    const result = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.conversionMonthPartition(month).pk },
      }),
    );
    for (const cell of (result.Items ?? []).map(cellFromItem)) {
      if (cell.kind === 'leads' && Object.keys(cell.counters).length > 0) cells.set(`${cell.month}#${cell.repId}`, { ...cell.counters });
    }
  }
  return cells;
}

/** What the lead cells must hold: the sum of every stored lead's contribution. */
export function expectedLeadCells(leads: readonly Lead[]): CellCounters {
  return leads.reduce<CellCounters>((sum, stored) => addCellCounters(sum, leadContributionOf(stored)), new Map());
}
