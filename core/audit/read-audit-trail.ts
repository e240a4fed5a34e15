/**
 * The audit trail, for admins: the changes made in a time range, newest first, of every
 * subject, of one kind of subject, or of one subject.
 *
 * 1. Only admins (sales operations) read the trail: it holds every rep's pay settings.
 * 2. Turn the range into instants [from, to): a date `from` is its start, a date `to`
 *    includes its whole day; an instant `to` is the first one left out. By default the
 *    range ends with today (UTC) and starts 90 days before.
 * 3. List one page.
 */
import { type AccessContext, requireAdmin } from '../organisation/access-policy.js';
import type { AuditEntry, AuditSubjectKind } from '../shared/audit-entry.js';
import type { AuditRepository } from '../shared/audit-repository.js';
import type { Clock } from '../shared/clock.js';
import { CalendarDate, Instant } from '../shared/common-schemas.js';
import { ValidationError } from '../shared/errors.js';
import { instantOf, instantText } from '../shared/instant.js';
import type { Page } from '../shared/page.js';
import { monthOfInstant, monthsBetween } from '../shared/period.js';

export interface ReadAuditTrailPorts {
  readonly audit: AuditRepository;
  readonly clock: Clock;
}

/**
 * `from` and `to` are the request's text, not instants: a date or an instant, and a date
 * `to` means the end of its day, so the use case reads them (as instants, `Date`s).
 */
export interface AuditTrailQuery {
  /** A date (its start, UTC) or an instant: the first included. */
  readonly from?: string | undefined;
  /** A date (included whole) or an instant (the first left out). */
  readonly to?: string | undefined;
  /** Only subjects of this kind. */
  readonly kind?: AuditSubjectKind | undefined;
  /** Only this subject (needs `kind`). */
  readonly id?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export const DEFAULT_AUDIT_DAYS = 90;
/** Listing every subject reads each month of the range: ten years at most. One subject's trail is one index range, unbounded. */
export const MAX_AUDIT_MONTHS = 120;

const DAY_MS = 86_400_000;

export async function readAuditTrail(
  { audit, clock }: ReadAuditTrailPorts,
  access: AccessContext,
  query: AuditTrailQuery,
): Promise<Page<AuditEntry>> {
  requireAdmin(access, 'read the audit trail');
  if (query.id !== undefined && query.kind === undefined)
    throw new ValidationError('id needs kind', [{ field: 'kind', message: 'is required with id' }]);

  const to = query.to === undefined ? startOfDay(clock.now().getTime() + DAY_MS) : rangeEdgeOf(query.to, 'to', 'end');
  const from = query.from === undefined ? new Date(to.getTime() - DEFAULT_AUDIT_DAYS * DAY_MS) : rangeEdgeOf(query.from, 'from', 'start');
  if (from.getTime() >= to.getTime()) throw new ValidationError('the range is empty', [{ field: 'to', message: 'must be after from' }]);
  const subject = query.kind !== undefined && query.id !== undefined ? { kind: query.kind, id: query.id } : undefined;
  if (!subject && monthsBetween(monthOfInstant(from), monthOfInstant(to)).length > MAX_AUDIT_MONTHS) {
    throw new ValidationError('the range is too long', [
      { field: 'from', message: `must be at most ${MAX_AUDIT_MONTHS} months before to, unless kind and id name one subject` },
    ]);
  }

  return audit.list(
    { from: instantText(from), to: instantText(to), subject, kind: query.kind },
    { limit: query.limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) },
  );
}

/** A date as an instant: its start (`from`), or the start of the next day (`to`, so the day is included). */
function rangeEdgeOf(value: string, field: 'from' | 'to', edge: 'start' | 'end'): Date {
  if (CalendarDate.safeParse(value).success) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    return new Date(edge === 'start' ? start : start + DAY_MS);
  }
  if (Instant.safeParse(value).success) return instantOf(value);
  throw new ValidationError(`${field} is neither a date nor an instant`, [
    { field, message: 'must be a date YYYY-MM-DD or a UTC instant' },
  ]);
}

function startOfDay(epochMs: number): Date {
  return new Date(epochMs - (((epochMs % DAY_MS) + DAY_MS) % DAY_MS));
}
