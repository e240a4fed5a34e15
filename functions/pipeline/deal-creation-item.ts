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
import type { Opportunity } from '#core/opportunities/opportunity.js';
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

/** The creation of a deal from its first image, as the stream sees an INSERT. */
export function dealCreationOf(opportunity: Opportunity): CheckpointDeal {
  const { id, ownerId, stageId, closeDate, amount, probability, deleted, createdAt } = opportunity;
  return { opportunityId: id, ownerId, stageId, closeDate, amount, probability, deleted, createdAt };
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

/**
 * The creation a stream record logs: an INSERT (no old image) of a deal's first version.
 * An import's INSERT comes at a later version and its creation row (the true initial state)
 * is already stored, so it logs none; nor does any other record. Safe to write without a
 * condition, e.g. in the stream's batched history write: `dealCreationToItem(creation)`.
 */
export function streamDealCreationOf(before: Opportunity | undefined, after: Opportunity | undefined): CheckpointDeal | undefined {
  return before === undefined && after !== undefined && after.version === 1 ? dealCreationOf(after) : undefined;
}

/** The same, written on its own (one PutItem, first writer wins). */
export async function recordDealCreation(
  deps: Dependencies,
  before: Opportunity | undefined,
  after: Opportunity | undefined,
): Promise<void> {
  const creation = streamDealCreationOf(before, after);
  if (creation) await putDealCreation(deps, creation);
}
