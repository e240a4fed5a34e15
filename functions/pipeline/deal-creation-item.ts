/**
 * A deal's creation in the change log: its tracked fields as created, in its partition
 * under `CREATED` (nothing that reads `HISTORY#` sees it), indexed by instant on GSI1 with
 * its field changes. Written once: the first writer wins, so an import's true initial state
 * (written before its opportunity item) is not replaced by the stream's image of the
 * imported item, and a replayed INSERT changes nothing.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { CheckpointDeal } from '#core/pipeline/deal-checkpoint.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { parseStoredItem } from '../store/stored-item.js';

const DealCreationItem = z.object({
  opportunityId: z.string(),
  ownerId: z.string(),
  stageId: z.string(),
  closeDate: z.string(),
  amount: z.number(),
  probability: z.number().nullable(),
  deleted: z.boolean(),
  createdAt: z.string(),
});

export function dealCreationToItem(deal: CheckpointDeal): Record<string, unknown> {
  return {
    ...keys.dealCreation(deal.opportunityId),
    ...keys.changeLogIndex(deal.opportunityId, deal.createdAt, 0, 'CREATED'),
    type: 'DealCreation',
    ...deal,
  };
}

/** A stored creation, validated (CorruptItemError if not). */
export function dealCreationFromItem(item: Record<string, unknown>): CheckpointDeal {
  return parseStoredItem(DealCreationItem, item, 'deal creation');
}

/** Stores a deal's creation unless one is stored (idempotent; the first one stays). */
export async function putDealCreation(deps: Dependencies, deal: CheckpointDeal): Promise<void> {
  try {
    await deps.documentClient.send(
      new PutCommand({ TableName: deps.tableName, Item: dealCreationToItem(deal), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
