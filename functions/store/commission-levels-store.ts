/**
 * Commission levels as effective-dated entries under the rep's item partition: one query
 * reads a rep's whole timeline, every family included.
 */
import * as z from 'zod';
import type { AuditEntry } from '../../core/audit.js';
import type { CommissionLevelsEntry, LevelsWritePlan } from '../../core/commission-levels-timeline.js';
import type { CommissionLevelsRepository } from '../../core/ports/commission-levels-repository.js';
import { Band } from '../../core/schemas/commission-levels.js';
import type { Dependencies } from '../shared/dependencies.js';
import { auditEntryPut } from './audit-item.js';
import { keys } from './keys.js';
import { mapConcurrently, queryAll, READ_CONCURRENCY } from './pagination.js';
import { parseStoredItem, writeTogether, type TransactionWrite } from './stored-item.js';

/** DynamoDB's limit of items in one transaction: a larger plan cannot be all-or-nothing. */
const MAX_TRANSACTION_ITEMS = 100;

const CommissionLevelsEntryItem = z.object({
  productFamily: z.string().nullable(),
  fromMonth: z.string(),
  bands: z.array(Band).nullable(),
});

export function commissionLevelsEntryFromItem(item: Record<string, unknown>): CommissionLevelsEntry {
  return parseStoredItem(CommissionLevelsEntryItem, item, 'commission levels');
}

export class CommissionLevelsStore implements CommissionLevelsRepository {
  constructor(private readonly deps: Dependencies) {}

  async entries(repId: string): Promise<CommissionLevelsEntry[]> {
    const prefix = keys.commissionLevelsPrefix(repId);
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :levels)',
      ExpressionAttributeValues: { ':pk': prefix.pk, ':levels': prefix.skPrefix },
      ConsistentRead: true,
    });
    return items.map(commissionLevelsEntryFromItem);
  }

  async entriesOf(repIds: readonly string[]): Promise<Map<string, CommissionLevelsEntry[]>> {
    const unique = [...new Set(repIds)];
    const entries = await mapConcurrently(unique, READ_CONCURRENCY, (repId) => this.entries(repId));
    return new Map(unique.map((repId, index) => [repId, entries[index] ?? []]));
  }

  /**
   * Puts, deletes and the audit entry in one transaction, so a range write never lands
   * half-way and never without its entry. Last writer wins, as before: the entries carry
   * no version, so the entry's `before` is what this request read.
   */
  async apply(repId: string, plan: LevelsWritePlan, audit: AuditEntry): Promise<void> {
    const puts = plan.put.map((entry) => ({
      Put: {
        TableName: this.deps.tableName,
        Item: { ...keys.commissionLevels(repId, entry.productFamily, entry.fromMonth), type: 'CommissionLevels', repId, ...entry },
      },
    }));
    const putKeys = new Set(puts.map((put) => put.Put.Item.sk));
    const deletes = plan.delete
      .map((entry) => keys.commissionLevels(repId, entry.productFamily, entry.fromMonth))
      // One transaction may not touch an item twice; a put already replaces the entry.
      .filter((key) => !putKeys.has(key.sk))
      .map((key) => ({ Delete: { TableName: this.deps.tableName, Key: key } }));
    const writes: TransactionWrite[] = [...puts, ...deletes].map((write) => ({ write }));
    if (writes.length === 0) return;
    if (writes.length + 1 > MAX_TRANSACTION_ITEMS) throw new Error(`commission levels write of ${writes.length} items and its audit entry exceeds one transaction`);
    await writeTogether(this.deps, [...writes, auditEntryPut(this.deps, audit)], `the commission levels of rep '${repId}'`);
  }
}
