/**
 * Random histories of opportunity writes, delivered through the real stream handler to
 * DynamoDB Local the way Lambda may deliver them: in batches per shard, shards at the same
 * time (so deals of one owner-month on different shards update one record concurrently),
 * with whole batches delivered twice, earlier records replayed, and injected transaction
 * conflicts and throttling that make records fail and come again. Afterwards every derived
 * record (links, month totals, deal conversion cells) must equal a from-scratch recompute,
 * and reconcile must find no drift.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKey } from '#core/conversion/conversion-cells.js';
import { linkOf } from '#core/linkage/linkage.js';
import { qualityCountersOfVersions } from '#core/linkage/quality-counters.js';
import { repMonthId } from '#core/linkage/rep-month.js';
import { totalsOfLinks } from '#core/linkage/rep-month-totals.js';
import { reconcile } from '#core/reconcile/reconcile.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { ReconcileStore } from '#functions/reconcile/reconcile-store.js';
import type { FailureSink } from '#functions/shared/failure-sink.js';
import { keys } from '#functions/store/keys.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { faultyDocumentClient } from '../support/fault-injection.js';
import { fixedClock } from '../support/fixed-clock.js';
import { commandArbitrary, interpret, seededRandom } from '../support/opportunity-history.js';
import { deliverLikeLambda } from '../support/stream-delivery.js';
import { opportunityStreamRecord } from '../support/stream-records.js';
import { cellsByKey, dealCellsOf, stagePathOfHistory } from './conversion-expectations.js';

const SHARDS = 3;
const DEALS = 6;
const OWNERS = 3;

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table?.delete();
});

const noPoison: FailureSink = {
  reportPoisonRecord: async (_record, reason) => {
    throw new Error(`unexpected poison record: ${reason}`);
  },
};

describe('stream recalculation under at-least-once delivery', () => {
  it('ends with every link and month record equal to a from-scratch recompute, and no drift', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArbitrary(DEALS, OWNERS), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (commands, seed) => {
          run += 1;
          const prefix = `run${run}-${seed}`;
          const random = seededRandom(seed);
          const { deals, writes } = interpret(
            commands,
            { deal: (i) => `${prefix}-deal${i}`, owner: (i) => `${prefix}-rep${i}` },
            new Date('2026-11-01T08:00:00.000Z'),
          );

          // Prepare: one record per write, each deal's records on one shard, in order.
          const shards: DynamoDBRecord[][] = Array.from({ length: SHARDS }, () => []);
          for (const write of writes) {
            const id = (write.after ?? write.before)!.id;
            const dealIndex = Number(id.slice(id.lastIndexOf('deal') + 4));
            shards[dealIndex % SHARDS]!.push(opportunityStreamRecord(write.before, write.after));
          }
          const { documentClient } = faultyDocumentClient(table.endpoint, { transactionConflict: 0.15, throttle: 0.05, random });
          const handler = createStreamHandler({
            documentClient,
            tableName: table.tableName,
            clock: fixedClock('2027-03-01T00:00:00.000Z'),
            failureSink: noPoison,
          });

          // Act: deliver every shard concurrently, Lambda-style.
          await Promise.all(shards.map((records) => deliverLikeLambda(records, handler, random)));

          // The opportunity items as the API left them (reconcile reads them).
          for (const deal of deals.values()) {
            if (deal.current) {
              await table.documentClient.send(
                new PutCommand({ TableName: table.tableName, Item: { ...keys.opportunity(deal.current.id), ...deal.current } }),
              );
            }
          }

          // Assess: links, quality counters and month totals equal a from-scratch recompute.
          const everything = await new ReconcileStore(table.dependencies()).readAll();
          const ours = (id: string) => id.startsWith(`${prefix}-`);
          const stored = {
            opportunities: everything.opportunities.filter((o) => ours(o.id)),
            links: everything.links.filter((l) => ours(l.opportunityId)),
            records: everything.records.filter((r) => ours(r.repMonth.repId)),
            cells: (everything.cells ?? []).filter((c) => ours(c.repId)),
          };
          const expectedLinks = [...deals.values()]
            .filter((deal) => deal.current && !deal.current.deleted)
            .map((deal) =>
              linkOf(
                deal.current!,
                qualityCountersOfVersions(deal.versionsSinceCreation)!,
                deal.current!.version,
                stagePathOfHistory(deal.versionsSinceCreation),
              ),
            );
          const liveLinks = stored.links.filter((link) => link.live);
          expect(sortById(liveLinks)).toEqual(sortById(expectedLinks));

          const storedTotals = new Map(stored.records.map((r) => [repMonthId(r.repMonth), r.totals]));
          for (const id of new Set([...storedTotals.keys(), ...expectedLinks.map(repMonthId)])) {
            expect(storedTotals.get(id) ?? {}, `totals of ${id}`).toEqual(
              totalsOfLinks(expectedLinks.filter((link) => repMonthId(link) === id)),
            );
          }

          // And the deal conversion cells equal the sum over the live links.
          expect(cellsByKey(stored.cells.map((c) => [cellKey(c.month, c.repId), c.counters]))).toEqual(
            cellsByKey(dealCellsOf(expectedLinks)),
          );

          expect(reconcile(stored).drift).toEqual([]);
        },
      ),
      { numRuns: 25, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
    // Twenty-five runs of stream writes: past the default on a busy machine.
  }, 180_000);
});

function sortById<T extends { opportunityId: string }>(links: readonly T[]): T[] {
  return [...links].sort((a, b) => a.opportunityId.localeCompare(b.opportunityId));
}
