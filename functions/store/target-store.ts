/**
 * Targets: one item per owner, month and product family. A rep's targets live in its
 * rep-month partition (read together with the record in one query); a team's in the
 * team-month partition.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TargetOwner, TargetRepository } from '../../core/ports/target-repository.js';
import { targetKey } from '../../core/ports/target-repository.js';
import { Target } from '../../core/schemas/target.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys, SORT_KEY_PREFIX } from './keys.js';
import { batchGetAll, mapConcurrently, queryAll, READ_CONCURRENCY } from './pagination.js';
import { parseStoredItem } from './stored-item.js';

function targetItemKey(owner: TargetOwner, month: string, productFamily: string | null): { pk: string; sk: string } {
  return owner.ownerType === 'rep' ? keys.repTarget({ repId: owner.ownerId, month }, productFamily) : keys.teamTarget(owner.ownerId, month, productFamily);
}

function partitionOf(owner: TargetOwner, month: string): { pk: string } {
  return owner.ownerType === 'rep' ? keys.repMonthPartition({ repId: owner.ownerId, month }) : keys.teamMonthPartition(owner.ownerId, month);
}

export function targetToItem(target: Target): Record<string, unknown> {
  return { ...targetItemKey(target, target.month, target.productFamily), type: 'Target', ...target };
}

export function targetFromItem(item: Record<string, unknown>): Target {
  return parseStoredItem(Target, item, 'target');
}

export class TargetStore implements TargetRepository {
  constructor(private readonly deps: Dependencies) {}

  async saveAll(targets: readonly Target[]): Promise<void> {
    if (targets.length === 0) return;
    await this.deps.documentClient.send(
      new TransactWriteCommand({ TransactItems: targets.map((target) => ({ Put: { TableName: this.deps.tableName, Item: targetToItem(target) } })) }),
    );
  }

  async listForMonths(owner: TargetOwner, months: readonly string[]): Promise<Target[]> {
    const perMonth = await mapConcurrently(months, READ_CONCURRENCY, (month) =>
      queryAll(this.deps, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :targets)',
        ExpressionAttributeValues: { ':pk': partitionOf(owner, month).pk, ':targets': SORT_KEY_PREFIX.target },
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
