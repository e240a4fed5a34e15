/**
 * Deal-state checkpoints (core/pipeline/deal-checkpoint.ts), kept with the as-at snapshots:
 *
 * - `CHECKPOINTS` / `<asAt>`: the list entry of one checkpoint, naming its generation and
 *   chunk count. Written after the chunks, so a listed checkpoint is complete.
 * - `CHECKPOINT#<asAt>#<generation>` / `CHUNK#nnnnn`: the deals, DEALS_PER_CHUNK to an item,
 *   as gzipped JSON rows (well under the 400 KB item limit; read in a few 1 MB pages).
 *
 * The generation is the digest of the deals: a rewrite with equal deals writes nothing, a
 * changed one writes a new generation, moves the entry, then deletes the old chunks. A
 * reader that finds fewer chunks than its entry named (a rewrite in between) reports the
 * checkpoint incomplete and the rebuild takes the full path.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { CheckpointDeal } from '#core/pipeline/deal-checkpoint.js';
import type { DealCheckpointRepository } from '#core/pipeline/time-travel-repositories.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchWriteAll } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { parseStoredItem } from '../store/stored-item.js';

/** Deals per chunk item: about 40 KB gzipped at 100-byte ids, far below 400 KB even uncompressed. */
export const DEALS_PER_CHUNK = 1000;

const CheckpointEntry = z.object({ asAt: z.string(), generation: z.string(), chunks: z.number().int().nonnegative() });
type CheckpointEntry = z.infer<typeof CheckpointEntry>;

/** One deal as a row: id, owner, stage, close date, amount, probability, deleted (0/1), createdAt. */
type DealRow = [string, string, string, string, number, number | null, 0 | 1, string];
const DealRow = z.tuple([
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.number(),
  z.number().nullable(),
  z.union([z.literal(0), z.literal(1)]),
  z.string(),
]);
const ChunkRows = z.object({ rows: z.array(DealRow) });

function rowOf(deal: CheckpointDeal): DealRow {
  return [
    deal.opportunityId,
    deal.ownerId,
    deal.stageId,
    deal.closeDate,
    deal.amount,
    deal.probability,
    deal.deleted ? 1 : 0,
    deal.createdAt,
  ];
}

function dealOf([opportunityId, ownerId, stageId, closeDate, amount, probability, deleted, createdAt]: DealRow): CheckpointDeal {
  return { opportunityId, ownerId, stageId, closeDate, amount, probability, deleted: deleted === 1, createdAt };
}

/** The chunk items of a checkpoint's deals (exported for the item-size test). */
export function checkpointChunkItems(asAt: string, generation: string, deals: readonly CheckpointDeal[]): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < deals.length; start += DEALS_PER_CHUNK) {
    const rows = deals.slice(start, start + DEALS_PER_CHUNK).map(rowOf);
    items.push({
      ...keys.dealCheckpointChunk(asAt, generation, items.length),
      type: 'DealCheckpointChunk',
      deals: gzipSync(Buffer.from(JSON.stringify(rows))),
    });
  }
  return items;
}

function generationOf(deals: readonly CheckpointDeal[]): string {
  const hash = createHash('sha256');
  for (const deal of deals) hash.update(JSON.stringify(rowOf(deal)));
  return hash.digest('hex').slice(0, 16);
}

export class DealCheckpointStore implements DealCheckpointRepository {
  constructor(private readonly deps: Dependencies) {}

  async instants(): Promise<string[]> {
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.dealCheckpointsPartition().pk },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    });
    return items.map((item) => String(item.sk)).sort();
  }

  private async entry(asAt: string): Promise<CheckpointEntry | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.dealCheckpoint(asAt), ConsistentRead: true }),
    );
    return result.Item ? parseStoredItem(CheckpointEntry, result.Item, 'deal checkpoint') : undefined;
  }

  async read(asAt: string): Promise<CheckpointDeal[] | undefined> {
    const entry = await this.entry(asAt);
    if (!entry) return undefined;
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.dealCheckpointGeneration(asAt, entry.generation).pk },
    });
    if (items.length !== entry.chunks) return undefined;
    return items.flatMap((item) => {
      const rows = JSON.parse(gunzipSync(item.deals as Uint8Array).toString('utf8')) as unknown;
      return parseStoredItem(ChunkRows, { pk: item.pk, sk: item.sk, rows }, 'deal checkpoint chunk').rows.map(dealOf);
    });
  }

  async write(asAt: string, deals: readonly CheckpointDeal[]): Promise<void> {
    const generation = generationOf(deals);
    const before = await this.entry(asAt);
    if (before?.generation === generation) return;
    const chunks = checkpointChunkItems(asAt, generation, deals);
    await batchWriteAll(
      this.deps,
      chunks.map((put) => ({ put })),
    );
    // BatchWriteItem rather than PutItem: the snapshot function's grant has no PutItem.
    await batchWriteAll(this.deps, [
      { put: { ...keys.dealCheckpoint(asAt), type: 'DealCheckpoint', asAt, generation, chunks: chunks.length } },
    ]);
    if (before)
      await batchWriteAll(
        this.deps,
        Array.from({ length: before.chunks }, (_, index) => ({ delete: keys.dealCheckpointChunk(asAt, before.generation, index) })),
      );
  }
}
