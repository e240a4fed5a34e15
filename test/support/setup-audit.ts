/** The audit entry of a record a test writes straight through its store, as the test admin. */
import { type AuditEntry, type AuditSubject, auditEntryOf } from '#core/shared/audit-entry.js';
import { TEST_ADMIN } from './test-organisation.js';

export function setupAudit(subject: AuditSubject, after: unknown, at: string): AuditEntry {
  return auditEntryOf({ actor: TEST_ADMIN, at: new Date(at), subject, before: null, after });
}
