/**
 * The field history of a deal: one entry per tracked field that changed, with the instant
 * of the change. It is what the as-at snapshots and time travel are rebuilt from, in the
 * shape of a CRM's opportunity field history export (field, old value, new value, when).
 */
import type { Opportunity } from './opportunity.js';

export const TRACKED_FIELDS = ['stageId', 'closeDate', 'amount', 'probability', 'ownerId', 'deleted'] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export type FieldValue = string | number | boolean | null;

export interface FieldChange {
  readonly opportunityId: string;
  readonly field: TrackedField;
  readonly oldValue: FieldValue;
  readonly newValue: FieldValue;
  readonly changedAt: string;
  /** The opportunity version the change produced. */
  readonly version: number;
  /** The rep whose request made the change; absent when not known (imported, a hard delete, older versions). */
  readonly changedBy?: string;
}

/**
 * The tracked fields that differ between two versions. A creation records nothing: the
 * values at creation are the current values with the later changes undone. A removal with
 * no new image (a hard delete) is dated `removedAt`, since the record carries no time of its own.
 */
export function fieldChangesOf(before: Opportunity | undefined, after: Opportunity | undefined, removedAt: string): FieldChange[] {
  if (!before) return [];
  if (!after) {
    if (before.deleted) return [];
    return [
      { opportunityId: before.id, field: 'deleted', oldValue: false, newValue: true, changedAt: removedAt, version: before.version + 1 },
    ];
  }
  const changes: FieldChange[] = [];
  for (const field of TRACKED_FIELDS) {
    const oldValue = before[field];
    const newValue = after[field];
    if (oldValue !== newValue) {
      changes.push({
        opportunityId: after.id,
        field,
        oldValue,
        newValue,
        changedAt: after.updatedAt,
        version: after.version,
        ...(after.updatedBy !== undefined ? { changedBy: after.updatedBy } : {}),
      });
    }
  }
  return changes;
}
