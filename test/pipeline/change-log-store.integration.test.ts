/**
 * The change log as time travel's fast path reads it: an entry that fails its schema is
 * left out and listed in `skipped`, as the full path does with an invalid history row,
 * instead of failing every question whose stretch of log holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldChange } from '#core/opportunities/field-history.js';
import { fieldChangeToItem } from '#functions/opportunities/field-history-item.js';
import { ChangeLogStore } from '#functions/pipeline/change-log-store.js';
import { dealCreationToItem } from '#functions/pipeline/deal-creation-item.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { batchPutAll } from '#functions/store/batch-operations.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';

let table: TestTable;
let deps: Dependencies;

const change = (opportunityId: string, changedAt: string): FieldChange => ({
  opportunityId,
  field: 'stageId',
  oldValue: 'prospecting',
  newValue: 'proposal',
  changedAt,
  version: 2,
});

beforeAll(async () => {
  table = await createTestTable('change-log-store');
  deps = table.dependencies(fixedClock('2026-03-01T00:00:00.000Z'));
  const creation = {
    opportunityId: 'good-1',
    ownerId: 'ann',
    stageId: 'prospecting',
    closeDate: '2026-02-15',
    amount: 10_000,
    probability: null,
    deleted: false,
    createdAt: '2026-01-10T09:00:00.000Z',
  };
  await batchPutAll(deps, [
    dealCreationToItem(creation),
    fieldChangeToItem(change('good-1', '2026-01-11T09:00:00.000Z')),
    // A history row written by hand with a stage that is not text: it fails the schema.
    { ...fieldChangeToItem(change('bad-1', '2026-01-11T10:00:00.000Z')), newValue: { not: 'a stage' } },
    // A creation row without its amount.
    { ...dealCreationToItem({ ...creation, opportunityId: 'bad-2', createdAt: '2026-01-11T11:00:00.000Z' }), amount: undefined },
  ]);
});
afterAll(async () => {
  await table?.delete();
});

describe('the change log read', () => {
  it('leaves out the entries that fail their schema and lists them, keeping the others', async () => {
    const log = await new ChangeLogStore(deps).read('2026-01-01T00:00:00.000Z', '2026-01-31T00:00:00.000Z');

    expect(log.creations.map((creation) => creation.opportunityId)).toEqual(['good-1']);
    expect(log.changes.map((entry) => entry.opportunityId)).toEqual(['good-1']);
    expect(log.skipped?.map(({ kind, id }) => ({ kind, id })).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { kind: 'field history', id: 'bad-1' },
      { kind: 'deal creation', id: 'bad-2' },
    ]);
  });

  it('has no skipped list when every entry is valid', async () => {
    const log = await new ChangeLogStore(deps).read('2026-01-10T00:00:00.000Z', '2026-01-11T09:30:00.000Z');
    expect(log.changes).toHaveLength(1);
    expect(log.skipped).toBeUndefined();
  });
});
