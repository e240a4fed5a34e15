/**
 * The change log as the real stream writes it: deals created and changed after a checkpoint
 * reach time travel's fast path through the stream alone. A deal created and never changed
 * again has no field history; only the creation the stream logs puts it in the pipeline
 * rebuilt forward from the checkpoint.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import type { AccessContext } from '#core/organisation/access-policy.js';
import { COMPANY_SCOPE } from '#core/organisation/scope.js';
import { pipelineAsAt } from '#core/pipeline/pipeline-as-at.js';
import type { PipelineHistory } from '#core/pipeline/pipeline-rebuild.js';
import { takePipelineSnapshots } from '#core/pipeline/take-pipeline-snapshots.js';
import { adaptersOf } from '#functions/composition-root.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { completeChangeLog } from '#functions/pipeline/change-log-upgrade.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { batchPutAll } from '#functions/store/batch-operations.js';
import { keys } from '#functions/store/keys.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';
import { opportunityStreamRecord } from '../support/stream-records.js';

/** Well after the deals: every instant asked about is settled (older than the stream's retention). */
const NOW = '2026-03-01T00:00:00.000Z';
const CHECKPOINT = '2026-01-01T00:00:00.000Z';
const ADMIN: AccessContext = {
  principal: { repId: 'ann', role: 'admin' },
  visibility: { kind: 'everything' },
  managers: { editDeals: true, editTargets: true },
};

let table: TestTable;
let deps: Dependencies;

beforeAll(async () => {
  table = await createTestTable('time-travel-stream');
  deps = table.dependencies(fixedClock(NOW));
  const since = { version: 1, updatedAt: '2025-01-01T00:00:00.000Z' };
  await batchPutAll(deps, [
    { ...keys.team('company'), ...keys.teamIndexes('company', null), id: 'company', name: 'Company', parentTeamId: null, ...since },
    { ...keys.rep('ann'), ...keys.repIndexes('ann', 'company'), id: 'ann', name: 'Ann', teamId: 'company', ...since },
  ]);
});
afterAll(async () => {
  await table?.delete();
});

const deal = (id: string, createdAt: string, overrides: Partial<Opportunity> = {}): Opportunity =>
  anOpportunity({ id, name: id, ownerId: 'ann', closeDate: '2026-02-15', createdAt, updatedAt: createdAt, ...overrides });

describe('time travel through the stream', () => {
  it('rebuilds forward from a checkpoint the deals the stream created and changed after it, with no scan', async () => {
    // Prepare: a new table's change log is complete once marked; a checkpoint of no deals.
    await completeChangeLog(deps, { segments: 2 });
    const adapters = adaptersOf(deps);
    const scans = { count: 0 };
    const fast = {
      ...adapters,
      history: {
        read: (since: string): Promise<PipelineHistory> => {
          scans.count += 1;
          return adapters.history.read(since);
        },
      },
    };
    const { timeTravel: _timeTravel, ...full } = adapters;
    await takePipelineSnapshots(fast, [new Date(CHECKPOINT)]);

    // Deals written after it, through the stream: one moved, one created and never changed,
    // one deleted later.
    const moved = deal('moved', '2026-01-02T09:00:00.000Z');
    const movedOn = nextVersion(moved, '2026-01-03T09:00:00.000Z', { stageId: 'negotiation', amount: 5_000_000 });
    const untouched = deal('untouched', '2026-01-04T09:00:00.000Z', { amount: 700_000 });
    const deleted = deal('deleted', '2026-01-02T10:00:00.000Z', { amount: 300_000 });
    const deletedLater = nextVersion(deleted, '2026-01-06T09:00:00.000Z', { deleted: true });
    await batchPutAll(deps, [movedOn, untouched, deletedLater].map(opportunityToItem));
    const stream = createStreamHandler({
      ...deps,
      failureSink: { reportPoisonRecord: async () => {} },
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const response = await stream({
      Records: [
        opportunityStreamRecord(undefined, moved),
        opportunityStreamRecord(undefined, deleted),
        opportunityStreamRecord(moved, movedOn),
        opportunityStreamRecord(undefined, untouched),
        opportunityStreamRecord(deleted, deletedLater),
      ],
    });
    expect(response.batchItemFailures).toEqual([]);
    scans.count = 0;

    // Act and assess: before, between and after the changes, the fast path equals the full one.
    for (const at of ['2026-01-02T09:30:00.000Z', '2026-01-05T00:00:00.000Z', '2026-01-07T00:00:00.000Z']) {
      expect(await pipelineAsAt(fast, ADMIN, COMPANY_SCOPE, new Date(at))).toEqual(
        await pipelineAsAt(full, ADMIN, COMPANY_SCOPE, new Date(at)),
      );
    }
    expect(scans.count).toBe(0);
    const between = await pipelineAsAt(fast, ADMIN, COMPANY_SCOPE, new Date('2026-01-05T00:00:00.000Z'));
    expect(between.total).toMatchObject({ count: 3, amount: 5_000_000 + 700_000 + 300_000 });
  });
});
