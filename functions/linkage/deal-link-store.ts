/**
 * Reads and writes the links of deals to their owners' months, for the stream
 * recalculation and the reconcile command.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DealLink } from '#core/linkage/deal-link.js';
import type { DealLinkRepository } from '#core/linkage/deal-link-repository.js';
import type { LinkWrite } from '#core/linkage/linkage.js';
import { type RepMonth, repMonthId } from '#core/linkage/rep-month.js';
import type { FieldChange } from '#core/opportunities/field-history.js';
import { Opportunity } from '#core/opportunities/opportunity.js';
import { addCellCounters, type CellCounters } from '#core/shared/counters.js';
import { ConflictError } from '#core/shared/errors.js';
import { cellAddUpdates } from '../conversion/conversion-cell-item.js';
import { fieldChangeToItem } from '../opportunities/field-history-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchPutAll } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { parseStoredItem } from '../store/stored-item.js';
import { dealLinkFromItem, dealLinkToItem } from './deal-link-item.js';

/**
 * What a hard delete left of a deal: its last image, deleted. Not under the opportunity's
 * sort key, so the stream's filter never sees it (no loop), and in no index, so lists by
 * owner never show it.
 */
export function removedOpportunityToItem(opportunity: Opportunity): Record<string, unknown> {
  return { ...keys.removedOpportunity(opportunity.id), type: 'RemovedOpportunity', ...opportunity };
}

export function removedOpportunityFromItem(item: Record<string, unknown>): Opportunity {
  return parseStoredItem(Opportunity, item, 'removed opportunity');
}

const RETRYABLE_CANCELLATIONS = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

/**
 * DynamoDB's limit on the items of one transaction. A change writes at most 2 links, 2 month
 * totals and the deal cells of the link it replaces and of the new one: each spans its
 * creation month and the months it first entered each stage, so up to 2 × (1 + stages).
 */
const MAX_TRANSACTION_ITEMS = 100;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A lost race surfaces as ConflictError: the caller reads again and re-plans. */
export class DealLinkStore implements DealLinkRepository {
  constructor(private readonly deps: Dependencies) {}

  /** The links of one deal in the given partitions, read consistently. */
  async readLinks(opportunityId: string, partitions: readonly RepMonth[]): Promise<Map<string, DealLink>> {
    const links = new Map<string, DealLink>();
    if (partitions.length === 0) return links;
    const result = await this.deps.documentClient.send(
      new BatchGetCommand({
        RequestItems: {
          [this.deps.tableName]: { Keys: partitions.map((p) => keys.dealLink(p, opportunityId)), ConsistentRead: true },
        },
      }),
    );
    const unprocessed = result.UnprocessedKeys?.[this.deps.tableName]?.Keys?.length ?? 0;
    if (unprocessed > 0) throw new Error(`link read throttled (${unprocessed} keys unprocessed)`);
    for (const item of result.Responses?.[this.deps.tableName] ?? []) {
      const link = dealLinkFromItem(item);
      links.set(repMonthId(link), link);
    }
    return links;
  }

  /**
   * Applies a plan atomically: every link write is conditioned on the version it was
   * planned from, and each month's totals and the deal conversion cells get their deltas in
   * the same transaction, so a concurrent or duplicate writer either sees all of it or none
   * of it.
   */
  async applyLinkWrites(writes: readonly LinkWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const now = this.deps.clock.now();
    const linkItems = writes.flatMap((write) => {
      const linkPut = {
        Put: {
          TableName: this.deps.tableName,
          Item: dealLinkToItem(write.link, now),
          ...(write.expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': write.expectedVersion } }),
        },
      };
      const deltaEntries = Object.entries(write.delta);
      if (deltaEntries.length === 0) return [linkPut];
      const names: Record<string, string> = { '#repId': 'repId', '#month': 'month' };
      const values: Record<string, unknown> = { ':one': 1, ':repId': write.repMonth.repId, ':month': write.repMonth.month };
      const adds = deltaEntries.map(([attribute, delta], index) => {
        names[`#t${index}`] = attribute;
        values[`:t${index}`] = delta;
        return `#t${index} :t${index}`;
      });
      const recordUpdate = {
        Update: {
          TableName: this.deps.tableName,
          Key: keys.repMonthRecord(write.repMonth),
          UpdateExpression: `SET #repId = :repId, #month = :month ADD rev :one, ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
      return [linkPut, recordUpdate];
    });
    // A transaction may touch an item once: the writes' cell deltas are summed per cell (a
    // deal moving close month leaves and re-enters the same cells, which then cancel out).
    const conversionDelta = writes.reduce<CellCounters>((sum, write) => addCellCounters(sum, write.conversionDelta), new Map());
    const cellUpdates = cellAddUpdates(this.deps.tableName, 'deals', conversionDelta) as TransactItem[];
    const [only] = linkItems;
    if (linkItems.length === 1 && only && 'Put' in only && cellUpdates.length === 0) {
      // One link and no totals or cells to move (a close date within the month, a name): a
      // plain conditional put is just as atomic, at half the write units of a transaction.
      try {
        await this.deps.documentClient.send(new PutCommand(only.Put));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new ConflictError('link write lost a race: ConditionalCheckFailed');
        throw error;
      }
      return;
    }
    const items: TransactItem[] = [...linkItems, ...cellUpdates];
    if (items.length > MAX_TRANSACTION_ITEMS)
      throw new Error(
        `deal ${writes[0]?.link.opportunityId}: its change touches ${items.length} items, past a transaction's ${MAX_TRANSACTION_ITEMS}`,
      );
    try {
      await this.deps.documentClient.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.some((r) => r.Code && RETRYABLE_CANCELLATIONS.has(r.Code))
      ) {
        throw new ConflictError(`link write lost a race: ${error.CancellationReasons.map((r) => r.Code ?? 'None').join(', ')}`);
      }
      throw error;
    }
  }

  /** Field history entries; their keys are deterministic, so writing one twice is harmless. */
  putFieldHistory(changes: readonly FieldChange[]): Promise<void> {
    return batchPutAll(this.deps, changes.map(fieldChangeToItem));
  }

  /** Conditional on none being stored: a replayed removal keeps the first tombstone and its date. */
  async putRemovedOpportunity(opportunity: Opportunity): Promise<void> {
    try {
      await this.deps.documentClient.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: removedOpportunityToItem(opportunity),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
