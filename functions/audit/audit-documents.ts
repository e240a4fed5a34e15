/**
 * The audit trail's query and response, for the router and the OpenAPI document. The
 * response mirrors core/shared/audit-entry.ts (checked at the bottom).
 */
import * as z from 'zod';
import { AuditAction, type AuditEntry, AuditSubjectId, AuditSubjectKind } from '#core/shared/audit-entry.js';
import { CalendarDate, Cursor, Id, Instant, PageLimit } from '#core/shared/common-schemas.js';
import { ROLES } from '#core/shared/principal.js';
import { pageOf } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

const RangeEdge = z.union([Instant, CalendarDate]);

export const ReadAuditTrailQuery = z
  .strictObject({
    from: RangeEdge.optional().meta({
      description: 'first date (UTC) or instant included; defaults to 90 days before to',
      example: '2026-01-01',
    }),
    to: RangeEdge.optional().meta({
      description: 'last date included (UTC), or the first instant left out; defaults to today included',
      example: '2026-03-31',
    }),
    kind: AuditSubjectKind.optional().meta({ description: 'only changes of this kind of subject' }),
    id: AuditSubjectId.optional().meta({
      description:
        'only changes of this subject (needs kind): a rep or team id; rep:<id> or team:<id> for targets; a rep id for commission levels; stages; settings',
    }),
    cursor: Cursor.optional().meta({ description: 'nextCursor of the previous page' }),
    limit: PageLimit,
  })
  .refine((query) => query.id === undefined || query.kind !== undefined, { path: ['kind'], message: 'is required with id' });

export const AuditEntryDocument = z
  .object({
    at: z.string().meta({ description: 'when the change was made (UTC)' }),
    actor: z.object({ repId: Id, role: z.enum(ROLES) }).meta({ description: 'who made it: their rep and role at the time' }),
    subject: z.object({ kind: AuditSubjectKind, id: z.string() }),
    action: AuditAction,
    before: z.unknown().meta({
      description:
        'the subject before the change; null if it did not exist. Targets and commission levels: only what the change touched (see README)',
    }),
    after: z.unknown().meta({ description: 'the subject after the change; null if deleted' }),
  })
  .meta({ id: 'AuditEntry' });

export const AuditEntryPage = pageOf(AuditEntryDocument, 'AuditEntryPage');

// Compile-time only: the documented entry is the core entry, its states left open.
type OpenStates<T> = Omit<T, 'before' | 'after'> & { before: unknown; after: unknown };
const shapeMatches: SameShape<OpenStates<AuditEntry>, OpenStates<z.infer<typeof AuditEntryDocument>>> = true;
void shapeMatches;
