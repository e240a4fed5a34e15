import type { AuditEntry, AuditSubject, AuditSubjectKind } from './audit-entry.js';
import type { Page, PageRequest } from './page.js';

/** Which entries to list: those made in [from, to), of one subject, one kind, or all. */
export interface AuditFilter {
  /** First instant included (ISO, as `toISOString`). */
  readonly from: string;
  /** First instant no longer included (ISO, as `toISOString`). */
  readonly to: string;
  /** One subject's entries (its index); takes precedence over `kind`. */
  readonly subject?: AuditSubject | undefined;
  /** Every entry of one kind of subject. */
  readonly kind?: AuditSubjectKind | undefined;
}

/** Reading the audit trail; entries are written by the stores of the records they audit. */
export interface AuditRepository {
  /** Newest first. */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}
