/**
 * Time travel from the nearest checkpoint on DynamoDB Local: for random histories stored
 * as the stream writes them, as-at, change and an on-demand snapshot through the fast path
 * (no scan) equal the full path; before the change log upgrade, or from a checkpoint a
 * backfill marked stale, the full path is taken. And a checkpoint of 100,000 deals fits
 * its items well under the 400 KB limit and reads back whole.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessContext } from '#core/organisation/access-policy.js';
import { COMPANY_SCOPE } from '#core/organisation/scope.js';
import type { CheckpointDeal } from '#core/pipeline/deal-checkpoint.js';
import { pipelineAsAt } from '#core/pipeline/pipeline-as-at.js';
import type { PipelineHistory } from '#core/pipeline/pipeline-rebuild.js';
import { readPipelineChange } from '#core/pipeline/read-pipeline-change.js';
import { takePipelineSnapshots, takePipelineSnapshotsOnRequest } from '#core/pipeline/take-pipeline-snapshots.js';
import { adaptersOf } from '#functions/composition-root.js';
import { fieldChangeToItem } from '#functions/opportunities/field-history-item.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { completeChangeLog } from '#functions/pipeline/change-log-upgrade.js';
import { checkpointChunkItems, DEALS_PER_CHUNK, DealCheckpointStore } from '#functions/pipeline/deal-checkpoint-store.js';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { StaleSnapshotsStore } from '#functions/pipeline/stale-snapshots-store.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { batchPutAll } from '#functions/store/batch-operations.js';
import { keys } from '#functions/store/keys.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { anOpportunity } from '../support/opportunity-factory.js';
import { type GeneratedHistory, generatedHistoryArbitrary, instantArbitrary, OWNERS } from './deal-history-arbitrary.js';

/** Well after the histories (January 2026): every instant is settled. */
const NOW = '2026-03-01T00:00:00.000Z';
const ADMIN: AccessContext = {
  principal: { repId: 'admin', role: 'admin' },
  visibility: { kind: 'everything' },
  managers: { editDeals: true, editTargets: true },
};

const BOB_MOVED_AT = '2026-01-01T03:00:00.000Z';
const TEAM_VERSION = { version: 1, updatedAt: '2025-01-01T00:00:00.000Z' };

const tables: TestTable[] = [];
afterAll(async () => {
  await Promise.all(tables.map((table) => table.delete()));
});

/** Teams, reps and every deal with its history, as stored; half the history rows as written before the change log. */
async function store(deps: Dependencies, { deals, removed }: GeneratedHistory): Promise<void> {
  const organisation = [
    { ...keys.team('company'), ...keys.teamIndexes('company', null), id: 'company', name: 'Company', parentTeamId: null, ...TEAM_VERSION },
    { ...keys.team('emea'), ...keys.teamIndexes('emea', 'company'), id: 'emea', name: 'EMEA', parentTeamId: 'company', ...TEAM_VERSION },
    // bob moves from EMEA to the company at 03:00, in the middle of the histories.
    {
      ...keys.repVersion('bob', 1),
      type: 'RepTeamVersion',
      repId: 'bob',
      version: 1,
      updatedAt: '2025-01-01T00:00:00.000Z',
      teamId: 'emea',
    },
    { ...keys.repVersion('bob', 2), type: 'RepTeamVersion', repId: 'bob', version: 2, updatedAt: BOB_MOVED_AT, teamId: 'company' },
    ...OWNERS.map((repId, index) => ({
      ...keys.rep(repId),
      ...keys.repIndexes(repId, index === 0 ? 'company' : 'emea'),
      id: repId,
      name: repId,
      ...(repId === 'bob' ? { version: 2, updatedAt: BOB_MOVED_AT } : { version: 1, updatedAt: '2025-01-01T00:00:00.000Z' }),
      teamId: index === 0 || repId === 'bob' ? 'company' : 'emea',
    })),
  ];
  const items = deals.flatMap(({ current, history }) => {
    const { gsi3pk: _pk, gsi3sk: _sk, ...item } = opportunityToItem(anOpportunity({ ...current, name: current.id }));
    const dealItem = removed.has(current.id) ? { ...item, ...keys.removedOpportunity(current.id) } : item;
    const rows = history.map((change, index) => {
      const row = fieldChangeToItem(change);
      if (index % 2 === 1) return row;
      const { gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...legacy } = row;
      return legacy;
    });
    return [dealItem, ...rows];
  });
  await batchPutAll(deps, [...organisation, ...items]);
}

/** The adapters, with the full rebuild's reads counted (a fast path reads it never). */
function portsOf(deps: Dependencies) {
  const adapters = adaptersOf(deps);
  const reads = { full: 0 };
  const history = {
    read: (since: string): Promise<PipelineHistory> => {
      reads.full += 1;
      return adapters.history.read(since);
    },
  };
  const { timeTravel: _timeTravel, ...fullOnly } = adapters;
  return { fast: { ...adapters, history }, full: fullOnly, reads };
}

const sorted = (instants: readonly string[]) => [...instants].sort((a, b) => Date.parse(a) - Date.parse(b));

describe('time travel from the nearest checkpoint', () => {
  it('equals the full path for as-at, change and an on-demand snapshot; takes the full path before the upgrade and from a stale checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(
        generatedHistoryArbitrary(8),
        fc.array(instantArbitrary, { minLength: 1, maxLength: 2 }),
        fc.array(instantArbitrary, { minLength: 4, maxLength: 4 }),
        async (generated, checkpointInstants, asked) => {
          const table = await createTestTable('time-travel-checkpoint');
          tables.push(table);
          const deps = table.dependencies(fixedClock(NOW));
          await store(deps, generated);
          const { fast, full, reads } = portsOf(deps);
          const [at, from, to, snapshotAt] = asked as [string, string, string, string];
          const [changeFrom, changeTo] = sorted([from, to]) as [string, string];
          const hasChange = changeFrom !== changeTo;

          // Before the upgrade: the snapshots (and their checkpoints) and time travel take the full path.
          await takePipelineSnapshots(
            fast,
            checkpointInstants.map((instant) => new Date(instant)),
          );
          expect(reads.full).toBe(1);
          const expected = await pipelineAsAt(full, ADMIN, COMPANY_SCOPE, new Date(at));
          const emea = { kind: 'team', teamId: 'emea' } as const;
          expect(await pipelineAsAt(fast, ADMIN, COMPANY_SCOPE, new Date(at))).toEqual(expected);
          expect(reads.full).toBe(2);

          // The upgrade; then no scan.
          await completeChangeLog(deps, { segments: 2 });
          reads.full = 0;
          expect(await pipelineAsAt(fast, ADMIN, COMPANY_SCOPE, new Date(at))).toEqual(expected);
          expect(await pipelineAsAt(fast, ADMIN, emea, new Date(at))).toEqual(await pipelineAsAt(full, ADMIN, emea, new Date(at)));
          if (hasChange) {
            const request = { scope: COMPANY_SCOPE, from: new Date(changeFrom), to: new Date(changeTo), withDeals: true };
            expect(await readPipelineChange(fast, ADMIN, request)).toEqual(await readPipelineChange(full, ADMIN, request));
          }
          const run = await takePipelineSnapshotsOnRequest(fast, ADMIN, [new Date(snapshotAt)]);
          expect(reads.full).toBe(0);
          const stored = await new PipelineSnapshotStore(deps).readInstant(new Date(snapshotAt).toISOString());
          const company = stored.find(({ scope }) => scope.kind === 'company')?.snapshot;
          expect(company).toEqual(await pipelineAsAt(full, ADMIN, COMPANY_SCOPE, new Date(snapshotAt)));
          expect(run.snapshots[0]?.openDeals).toBe(company?.total.count);

          // An import marks every checkpoint stale: the full path again.
          const earliest = sorted([...checkpointInstants, snapshotAt])[0] as string;
          await new StaleSnapshotsStore(deps).markStaleFrom(earliest);
          reads.full = 0;
          expect(await pipelineAsAt(fast, ADMIN, COMPANY_SCOPE, new Date(at))).toEqual(expected);
          expect(reads.full).toBe(1);
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it('finds the fast path reads no current item: a deal changed after the checkpoint is rebuilt from the log alone', async () => {
    const table = await createTestTable('time-travel-checkpoint');
    tables.push(table);
    const deps = table.dependencies(fixedClock(NOW));
    const [generated] = fc.sample(generatedHistoryArbitrary(6), { numRuns: 1, seed: 42 }) as [GeneratedHistory];
    await store(deps, generated);
    await completeChangeLog(deps, { segments: 2 });
    const { fast, full, reads } = portsOf(deps);
    await takePipelineSnapshots(fast, [new Date('2026-01-01T02:00:00.000Z')]);
    reads.full = 0;
    for (const at of ['2026-01-01T00:30:00.000Z', '2026-01-01T04:00:00.000Z', '2026-01-01T09:00:00.000Z']) {
      expect(await pipelineAsAt(fast, ADMIN, COMPANY_SCOPE, new Date(at))).toEqual(
        await pipelineAsAt(full, ADMIN, COMPANY_SCOPE, new Date(at)),
      );
    }
    expect(reads.full).toBe(0);
    // The upgrade wrote each deal's creation: the forward rebuild needs it.
    const creations = await deps.documentClient.send(new GetCommand({ TableName: deps.tableName, Key: keys.dealCreation('deal-0') }));
    expect(creations.Item?.type).toBe('DealCreation');
  });
});

describe('a checkpoint of 100,000 deals', () => {
  let table: TestTable;
  const deals: CheckpointDeal[] = Array.from({ length: 100_000 }, (_, index) => ({
    opportunityId: randomUUID(),
    ownerId: `rep-${randomUUID()}`,
    stageId: index % 7 === 0 ? 'closed-won' : 'proposal-made',
    closeDate: '2026-06-30',
    amount: 1_000_000 + index,
    probability: index % 3 === 0 ? null : 40,
    deleted: index % 11 === 0,
    createdAt: new Date(Date.parse('2025-01-01T00:00:00.000Z') + index * 60_000).toISOString(),
  })).sort((a, b) => (a.opportunityId < b.opportunityId ? -1 : 1));

  beforeAll(async () => {
    table = await createTestTable('checkpoint-size');
    tables.push(table);
  });

  it('is stored in chunks well under the 400 KB item limit, and reads back whole', async () => {
    const items = checkpointChunkItems('2026-01-01T00:00:00.000Z', '0123456789abcdef', deals);
    const sizes = items.map((item) => (item.deals as Uint8Array).byteLength + String(item.pk).length + String(item.sk).length + 40);
    expect(items).toHaveLength(100_000 / DEALS_PER_CHUNK);
    expect(Math.max(...sizes)).toBeLessThan(200 * 1024);

    const store = new DealCheckpointStore(table.dependencies(fixedClock(NOW)));
    await store.write('2026-01-01T00:00:00.000Z', deals);
    expect(await store.instants()).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(await store.read('2026-01-01T00:00:00.000Z')).toEqual(deals);
    console.log(`checkpoint of 100,000 deals: ${items.length} chunks, largest ${Math.max(...sizes)} bytes`);
  }, 120_000);
});
