/**
 * Targets: one item per owner, month and product family. A rep's targets live in its
 * rep-month partition (read together with the record in one query); a team's in the
 * team-month partition.
 */
import type { AuditEntry } from '#core/shared/audit-entry.js';
import { Target } from '#core/targets/target.js';
import type { TargetOwner, TargetRepository, TargetWrite } from '#core/targets/target-repository.js';
import { targetKey } from '#core/targets/target-repository.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll } from '../store/batch-operations.js';
import { mapConcurrently, READ_CONCURRENCY } from '../store/concurrency.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { parseStoredItem, type TransactionWrite, writeTogether } from '../store/stored-item.js';

/** DynamoDB's limit of items in one transaction; a request holds at most 24 months, plus its audit entry. */
const MAX_TRANSACTION_ITEMS = 100;

function targetItemKey(owner: TargetOwner, month: string, productFamily: string | null): { pk: string; sk: string } {
  return owner.ownerType === 'rep'
    ? keys.repTarget({ repId: owner.ownerId, month }, productFamily)
    : keys.teamTarget(owner.ownerId, month, productFamily);
}

function partitionOf(owner: TargetOwner, month: string): { pk: string } {
  return owner.ownerType === 'rep'
    ? keys.repMonthPartition({ repId: owner.ownerId, month })
    : keys.teamMonthPartition(owner.ownerId, month);
}

export function targetToItem(target: Target): Record<string, unknown> {
  return { ...targetItemKey(target, target.month, target.productFamily), type: 'Target', ...target };
}

export function targetFromItem(item: Record<string, unknown>): Target {
  return parseStoredItem(Target, item, 'target');
}

export class TargetStore implements TargetRepository {
  constructor(private readonly deps: Dependencies) {}

  /** Every month conditioned on the amount read, and the audit entry, in one transaction. */
  async saveAll(writes: readonly TargetWrite[], audit: AuditEntry): Promise<void> {
    const first = writes[0];
    if (!first) return;
    if (writes.length + 1 > MAX_TRANSACTION_ITEMS) throw new Error(`a target write of ${writes.length} months exceeds one transaction`);
    await writeTogether(
      this.deps,
      [...writes.map((write) => this.conditionalPut(write)), auditEntryPut(this.deps, audit)],
      `a target of ${first.target.ownerType} '${first.target.ownerId}'`,
    );
  }

  private conditionalPut({ target, expectedAmount }: TargetWrite): TransactionWrite {
    const condition =
      expectedAmount === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'amount = :expected', ExpressionAttributeValues: { ':expected': expectedAmount } };
    return { write: { Put: { TableName: this.deps.tableName, Item: targetToItem(target), ...condition } }, guarded: true };
  }

  async listForMonths(owner: TargetOwner, months: readonly string[]): Promise<Target[]> {
    const perMonth = await mapConcurrently(months, READ_CONCURRENCY, (month) =>
      queryAll(this.deps, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :targets)',
        ExpressionAttributeValues: { ':pk': partitionOf(owner, month).pk, ':targets': SORT_KEY_PREFIX.target },
        // A write conditions on what it read: a stale read would be a needless conflict.
        ConsistentRead: true,
      }),
    );
    return perMonth.flat().map(targetFromItem);
  }

  async generalTargets(owners: readonly TargetOwner[], months: readonly string[]): Promise<Map<string, number>> {
    const itemKeys = owners.flatMap((owner) => months.map((month) => targetItemKey(owner, month, null)));
    const items = await batchGetAll(this.deps, itemKeys);
    const amounts = new Map<string, number>();
    for (const item of items) {
      const target = targetFromItem(item);
      amounts.set(targetKey(target, target.month), target.amount);
    }
    return amounts;
  }
}
