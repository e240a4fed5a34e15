/**
 * The audit entry item: in its month's partition by instant, and in GSI1 under its subject.
 * Entries are only ever added, never rewritten: the key's random suffix is new for each.
 */
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '#core/shared/audit-entry.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { parseStoredItem, type TransactionWrite } from '../store/stored-item.js';

export function auditEntryToItem(entry: AuditEntry, suffix: string = randomUUID()): Record<string, unknown> {
  return { ...keys.auditEntry(entry.at, suffix), ...keys.auditSubjectIndex(entry.subject, entry.at, suffix), type: 'AuditEntry', ...entry };
}

export function auditEntryFromItem(item: Record<string, unknown>): AuditEntry {
  return parseStoredItem(AuditEntry, item, 'audit entry');
}

/**
 * The entry as one write of the change's transaction. Its condition never fails in
 * practice (the suffix is random); it only guarantees an entry is never overwritten.
 */
export function auditEntryPut(deps: Dependencies, entry: AuditEntry): TransactionWrite {
  return { write: { Put: { TableName: deps.tableName, Item: auditEntryToItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } } };
}
