/**
 * The mark of stale past snapshots (core/pipeline/stale-snapshots.ts): one item under the
 * CONFIG partition, `staleFrom` (the earliest instant marked, normalised to milliseconds so
 * that text order is time order) and `marks`, which every mark increments so that a retake
 * clears only the mark it read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { StaleSnapshots, StaleSnapshotsRepository } from '#core/pipeline/stale-snapshots.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { parseStoredItem } from '../store/stored-item.js';

/** Concurrent imports marking at once: each retry sees at least one more mark, so few are needed. */
const MARK_ATTEMPTS = 10;

const StaleSnapshotsItem = z.object({ staleFrom: z.string(), marks: z.number().int().positive() });

export class StaleSnapshotsStore implements StaleSnapshotsRepository {
  constructor(private readonly deps: Dependencies) {}

  /**
   * Read, then put on condition that no mark came between (a few retries under contention).
   * A Get and a conditional Put rather than an UpdateItem: the API's role may update only
   * the per-caller counters (infra/stateless-stack.ts).
   */
  async markStaleFrom(instant: string): Promise<void> {
    const marked = new Date(instant).toISOString();
    for (let attempt = 1; ; attempt++) {
      const seen = await this.read();
      const staleFrom = seen === null || marked < seen.from ? marked : seen.from;
      const condition =
        seen === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'marks = :seen', ExpressionAttributeValues: { ':seen': seen.marks } };
      try {
        await this.deps.documentClient.send(
          new PutCommand({
            TableName: this.deps.tableName,
            Item: { ...keys.staleSnapshots(), type: 'StaleSnapshots', staleFrom, marks: (seen?.marks ?? 0) + 1 },
            ...condition,
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= MARK_ATTEMPTS) throw error;
      }
    }
  }

  async read(): Promise<StaleSnapshots | null> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.staleSnapshots(), ConsistentRead: true }),
    );
    if (!result.Item) return null;
    const { staleFrom, marks } = parseStoredItem(StaleSnapshotsItem, result.Item, 'stale snapshots mark');
    return { from: staleFrom, marks };
  }

  async clear(seen: StaleSnapshots): Promise<boolean> {
    try {
      await this.deps.documentClient.send(
        new DeleteCommand({
          TableName: this.deps.tableName,
          Key: keys.staleSnapshots(),
          ConditionExpression: 'marks = :marks',
          ExpressionAttributeValues: { ':marks': seen.marks },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
