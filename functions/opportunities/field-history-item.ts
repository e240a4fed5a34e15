/** A field change as stored: one item per changed field, under a deterministic key in the deal's partition. */
import * as z from 'zod';
import { type FieldChange, TRACKED_FIELDS } from '#core/opportunities/field-history.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { parseStoredItem } from '../store/stored-item.js';

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const FieldChangeItem = z.object({
  opportunityId: z.string(),
  field: z.enum(TRACKED_FIELDS),
  oldValue: FieldValue,
  newValue: FieldValue,
  changedAt: z.string(),
  version: z.number().int().positive(),
  changedBy: z.string().optional(),
});

/** With its change log entry (GSI1 by instant), which time travel from a checkpoint reads. */
export function fieldChangeToItem(change: FieldChange): Record<string, unknown> {
  return {
    ...keys.fieldHistory(change.opportunityId, change.changedAt, change.version, change.field),
    ...keys.changeLogIndex(change.opportunityId, change.changedAt, change.version, change.field),
    type: 'FieldChange',
    ...change,
  };
}

/** A stored field change, validated (CorruptItemError if not). */
export function fieldChangeFromItem(item: Record<string, unknown>): FieldChange {
  return parseStoredItem(FieldChangeItem, item, 'field history');
}

/** A deal's whole field history, oldest first (one Query of its partition, consistent). */
export async function readFieldHistory(deps: Dependencies, opportunityId: string): Promise<FieldChange[]> {
  const { pk, skPrefix } = keys.fieldHistoryPrefix(opportunityId);
  const items = await queryAll(deps, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ConsistentRead: true,
  });
  return items.map(fieldChangeFromItem);
}
