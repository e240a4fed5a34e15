/**
 * Reads and writes the links of deals to their owners' months, for the stream
 * recalculation and the reconcile command.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DealLink } from '#core/linkage/deal-link.js';
import type { DealLinkRepository, DealPartitions, HistoryEntry } from '#core/linkage/deal-link-repository.js';
import type { LinkWrite } from '#core/linkage/linkage.js';
import { MAX_TRANSACTION_ITEMS, monthChangesOf, sumCellsKeepingKeys, sumKeepingKeys } from '#core/linkage/merge-link-writes.js';
import { type RepMonth, repMonthId } from '#core/linkage/rep-month.js';
import type { RepMonthTotals } from '#core/linkage/rep-month-totals.js';
import { Opportunity } from '#core/opportunities/opportunity.js';
import type { CellCounters } from '#core/shared/counters.js';
import { ConflictError } from '#core/shared/errors.js';
import { getOrCreate } from '#core/shared/maps.js';
import { cellAddUpdates } from '../conversion/conversion-cell-item.js';
import { fieldChangeToItem } from '../opportunities/field-history-item.js';
import { dealCreationToItem } from '../pipeline/deal-creation-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll, batchPutAll } from '../store/batch-operations.js';
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

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A lost race surfaces as ConflictError: the caller reads again and re-plans. */
export class DealLinkStore implements DealLinkRepository {
  constructor(private readonly deps: Dependencies) {}

  /** The links of several deals, each in its partitions: one consistent BatchGet per 100 keys. */
  async readLinks(requests: readonly DealPartitions[]): Promise<Map<string, Map<string, DealLink>>> {
    const links = new Map<string, Map<string, DealLink>>();
    const itemKeys = requests.flatMap(({ opportunityId, partitions }) => partitions.map((p) => keys.dealLink(p, opportunityId)));
    if (itemKeys.length === 0) return links;
    for (const item of await batchGetAll(this.deps, itemKeys, { consistentRead: true })) {
      const link = dealLinkFromItem(item);
      getOrCreate(links, link.opportunityId, () => new Map<string, DealLink>()).set(repMonthId(link), link);
    }
    return links;
  }

  /**
   * Applies writes atomically: every link write is conditioned on the version it was
   * planned from, and each month's totals and the deal conversion cells get their deltas in
   * the same transaction, so a concurrent or duplicate writer either sees all of it or none
   * of it. The writes may be of several deals: a transaction touches an item once, so the
   * deltas are summed per month and per cell (a deal moving close month leaves and re-enters
   * the same cells, which then cancel out).
   */
  async applyLinkWrites(writes: readonly LinkWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const now = this.deps.clock.now();
    const linkPuts = writes.map((write) => ({
      Put: {
        TableName: this.deps.tableName,
        Item: dealLinkToItem(write.link, now),
        ...(write.expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': write.expectedVersion } }),
      },
    }));
    const months = new Map<string, { repMonth: RepMonth; delta: RepMonthTotals; changes: number }>();
    for (const write of writes) {
      const changes = monthChangesOf(write);
      if (changes === 0) continue;
      const month = getOrCreate(months, repMonthId(write.repMonth), () => ({ repMonth: write.repMonth, delta: {}, changes: 0 }));
      month.delta = sumKeepingKeys(month.delta, write.delta);
      month.changes += changes;
    }
    const recordUpdates = [...months.values()].map(({ repMonth, delta, changes }) => this.recordUpdate(repMonth, delta, changes));
    const conversionDelta = writes.reduce<CellCounters>((sum, write) => sumCellsKeepingKeys(sum, write.conversionDelta), new Map());
    const cellUpdates = cellAddUpdates(this.deps.tableName, 'deals', conversionDelta) as TransactItem[];
    const [only] = linkPuts;
    if (linkPuts.length === 1 && only && recordUpdates.length === 0 && cellUpdates.length === 0) {
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
    const items: TransactItem[] = [...linkPuts, ...recordUpdates, ...cellUpdates];
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

  /** ADDs a delta to a month's totals, and bumps its rev once per change it stands for. */
  private recordUpdate(repMonth: RepMonth, delta: RepMonthTotals, changes: number): TransactItem {
    const names: Record<string, string> = { '#repId': 'repId', '#month': 'month' };
    const values: Record<string, unknown> = { ':changes': changes, ':repId': repMonth.repId, ':month': repMonth.month };
    const adds = Object.entries(delta).map(([attribute, value], index) => {
      names[`#t${index}`] = attribute;
      values[`:t${index}`] = value;
      return `, #t${index} :t${index}`;
    });
    return {
      Update: {
        TableName: this.deps.tableName,
        Key: keys.repMonthRecord(repMonth),
        UpdateExpression: `SET #repId = :repId, #month = :month ADD rev :changes${adds.join('')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /**
   * Field history entries and deal creations; their keys are deterministic, so writing one
   * twice is harmless. A creation goes without a condition: only a deal's first version
   * logs one (an import's true initial state, stored first, is never overwritten).
   */
  putHistory(entries: readonly HistoryEntry[]): Promise<void> {
    return batchPutAll(
      this.deps,
      entries.map((entry) => ('change' in entry ? fieldChangeToItem(entry.change) : dealCreationToItem(entry.creation))),
    );
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
