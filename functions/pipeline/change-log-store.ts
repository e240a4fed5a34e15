/**
 * The change log read by instant: GSI1 partitions `CHANGES#<day>#<shard>` hold every field
 * change and deal creation of a UTC day, sorted by instant (keys.changeLogIndex). Reading
 * the changes in (after, upTo] is one Query per day and shard between the two, side by
 * side. The index is eventually consistent: the fast path reads only settled instants
 * (core/pipeline/history-at.ts), long past any index lag.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldChange } from '#core/opportunities/field-history.js';
import type { ChangeLog, CheckpointDeal } from '#core/pipeline/deal-checkpoint.js';
import type { ChangeLogRepository } from '#core/pipeline/time-travel-repositories.js';
import type { SkippedItem } from '#core/shared/skipped-item.js';
import { fieldChangeFromItem } from '../opportunities/field-history-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { mapConcurrently } from '../store/concurrency.js';
import { CHANGE_LOG_SHARDS, keys } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { CorruptItemError, reportSkippedItem } from '../store/stored-item.js';
import { dealCreationFromItem } from './deal-creation-item.js';

/** Queries in flight: a month of log is 120 small queries. */
const LOG_READ_CONCURRENCY = 16;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Every UTC day from the one of `after` to the one of `upTo`, as YYYY-MM-DD. */
export function daysBetween(after: string, upTo: string): string[] {
  const days: string[] = [];
  const last = Date.parse(`${upTo.slice(0, 10)}T00:00:00.000Z`);
  for (let day = Date.parse(`${after.slice(0, 10)}T00:00:00.000Z`); day <= last; day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

export interface ChangeLogReadCounts {
  queries: number;
  items: number;
}

export class ChangeLogStore implements ChangeLogRepository {
  /** What the reads cost so far (for the benchmark). */
  readonly counts: ChangeLogReadCounts = { queries: 0, items: 0 };

  constructor(private readonly deps: Dependencies) {}

  async isComplete(): Promise<boolean> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.changeLogComplete(), ConsistentRead: true }),
    );
    return result.Item !== undefined;
  }

  async read(after: string, upTo: string): Promise<ChangeLog> {
    if (Date.parse(upTo) <= Date.parse(after)) return { creations: [], changes: [] };
    const partitions = daysBetween(after, upTo).flatMap((day) =>
      Array.from({ length: CHANGE_LOG_SHARDS }, (_, shard) => keys.changeLogPartition(day, shard).gsi1pk),
    );
    // '$' sorts after '#': from just past every entry dated `after` to the last dated `upTo`.
    const pages = await mapConcurrently(partitions, LOG_READ_CONCURRENCY, (partition) =>
      queryAll(this.deps, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :after AND :upTo',
        ExpressionAttributeValues: { ':pk': partition, ':after': `${after}$`, ':upTo': `${upTo}$` },
      }),
    );
    const creations: CheckpointDeal[] = [];
    const changes: FieldChange[] = [];
    const skipped: SkippedItem[] = [];
    for (const items of pages) {
      this.counts.queries += 1;
      this.counts.items += items.length;
      for (const item of items) {
        const creation = item.type === 'DealCreation';
        try {
          if (creation) creations.push(dealCreationFromItem(item));
          else changes.push(fieldChangeFromItem(item));
        } catch (error) {
          // As the full path does: an invalid entry is left out and listed, the rebuild goes on.
          if (!(error instanceof CorruptItemError)) throw error;
          skipped.push(reportSkippedItem(item, creation ? 'deal creation' : 'field history', error.reason ?? error.message, 'change log'));
        }
      }
    }
    return { creations, changes, ...(skipped.length > 0 ? { skipped } : {}) };
  }
}
