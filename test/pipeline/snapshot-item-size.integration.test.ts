/**
 * Snapshot items of a large organisation on DynamoDB Local: at 20,000 owners with open
 * deals (2,000 teams of 10 under 20 regions) no stored item comes near DynamoDB's 400 KB,
 * and every scope reads back exactly as written, through readInstant and readSeries. A
 * smaller retake deletes the pages no longer counted, and an item written before pages
 * (every list inline) still reads.
 */
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_SCOPE, scopeKeyOf } from '#core/organisation/scope.js';
import type { ScopedSnapshot } from '#core/pipeline/pipeline-rebuild.js';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { keys } from '#functions/store/keys.js';
import { itemSize } from '../../bench/transaction-pricing.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { largeOrganisationSnapshots } from '../support/large-organisation-snapshots.js';

const AS_AT = '2026-03-02T00:00:00.000Z';
const TAKEN_AT = '2026-03-02T00:05:00.000Z';
/** Far under the 400 KB limit: room for longer ids and names than the test's. */
const ITEM_BOUND_BYTES = 100 * 1024;

let table: TestTable;
let store: PipelineSnapshotStore;
let written: ScopedSnapshot[];

async function storedItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const byScopeKey = (scoped: readonly ScopedSnapshot[]) => new Map(scoped.map(({ scope, snapshot }) => [scopeKeyOf(scope), snapshot]));

beforeAll(async () => {
  table = await createTestTable('snapshot-item-size');
  store = new PipelineSnapshotStore(table.dependencies());
  // Every company, region and team scope; one rep scope in ten (a rep's item holds one owner
  // whatever the organisation's size, and 20,000 of them only make the test slow).
  written = largeOrganisationSnapshots(AS_AT, { owners: 20_000, teamSize: 10, teamsPerRegion: 100, dealsPerOwner: 2 }).filter(
    ({ scope }) => scope.kind !== 'rep' || scope.repId.endsWith('0'),
  );
  await store.write({ asAt: AS_AT, puts: written, deletes: [], takenAt: TAKEN_AT });
}, 600_000);
afterAll(() => table?.delete());

describe('snapshot items at 20,000 owners', () => {
  it('are each under 100 KB, the long lists in page items', async () => {
    const items = await storedItems();
    const largest = Math.max(...items.map(itemSize));
    expect(largest).toBeLessThan(ITEM_BOUND_BYTES);
    const company = items.find((item) => item.sk === keys.pipelineSnapshot(AS_AT, 'company').sk);
    expect(company?.pages).toEqual({ byOwner: expect.any(Number), byTeam: expect.any(Number) });
    // One item per scope, plus the pages.
    expect(items.filter((item) => String(item.sk).startsWith('SCOPE#'))).toHaveLength(written.length);
  }, 120_000);

  it('read back exactly as written (readInstant and readSeries)', async () => {
    const read = await store.readInstant(AS_AT);
    expect(byScopeKey(read)).toEqual(byScopeKey(written));
    expect(new Set(read.map(({ takenAt }) => takenAt))).toEqual(new Set([TAKEN_AT]));

    const expected = byScopeKey(written);
    const region = { kind: 'team', teamId: 'region-007' } as const;
    const [point] = await store.readSeries(region, [AS_AT]);
    expect(point?.taken).toBe(true);
    expect(point?.snapshot).toEqual(expected.get(scopeKeyOf(region)));
    expect(point?.company).toEqual(expected.get(scopeKeyOf(COMPANY_SCOPE)));
    expect(point?.company?.byOwner).toHaveLength(20_000);
  }, 120_000);

  it('a smaller retake deletes the pages no longer counted, and reads back as written', async () => {
    // 150 owners: every list short enough to stay in its scope's item.
    const smaller = largeOrganisationSnapshots(AS_AT, { owners: 150, teamSize: 10, teamsPerRegion: 100, dealsPerOwner: 1 });
    const gone = written.filter(({ scope }) => !smaller.some((kept) => scopeKeyOf(kept.scope) === scopeKeyOf(scope)));
    await store.write({ asAt: AS_AT, puts: smaller, deletes: gone.map(({ scope }) => scope), takenAt: '2026-03-09T00:05:00.000Z' });

    const items = await storedItems();
    expect(items.filter((item) => String(item.sk).startsWith('PAGE#')).map((item) => item.sk)).toEqual([]);
    expect(byScopeKey(await store.readInstant(AS_AT))).toEqual(byScopeKey(smaller));
  }, 300_000);

  it('an item written before pages (every list inline) still reads', async () => {
    const asAt = '2025-12-01T00:00:00.000Z';
    const [company] = largeOrganisationSnapshots(asAt, { owners: 50, teamSize: 10, teamsPerRegion: 100, dealsPerOwner: 1 });
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.pipelineSnapshot(asAt, 'company'),
          type: 'PipelineSnapshot',
          asAt,
          scope: COMPANY_SCOPE,
          figures: JSON.stringify(company?.snapshot),
          takenAt: TAKEN_AT,
        },
      }),
    );
    expect((await store.readInstant(asAt)).map(({ snapshot }) => snapshot)).toEqual([company?.snapshot]);
    expect((await store.readSeries(COMPANY_SCOPE, [asAt]))[0]?.company).toEqual(company?.snapshot);
  });
});
