/**
 * The audit trail: who changed what configuration, when, from what to what.
 *
 * One entry per change that wrote something: an unchanged (idempotent) repeat records
 * nothing. The stores write the entry in the same transaction as the change, so neither
 * exists without the other. Subjects and what `before` / `after` hold:
 *
 * | kind                  | id                       | before / after                                          |
 * | --------------------- | ------------------------ | ------------------------------------------------------- |
 * | `rep`                 | the rep id               | the stored rep (null: none before)                      |
 * | `team`                | the team id              | the stored team (null: none before)                     |
 * | `target`              | `rep:<id>` / `team:<id>` | `{ productFamily, amounts: { month: amount } }`, only   |
 * |                       |                          | the months the request changed (before: null if none of |
 * |                       |                          | them had a target); one entry per request               |
 * | `commission-levels`   | the rep id               | `{ productFamily, entries: [{ fromMonth, bands }] }`:   |
 * |                       |                          | the changed family's whole timeline (null: no entries)  |
 * | `stage-configuration` | `stages`                 | the stored configuration (null: the built-in default)   |
 * | `settings`            | `settings`               | the settings in force (the defaults until first set)    |
 * | `campaign`            | the campaign id          | the stored campaign (null: none before)                 |
 *
 * Commission levels are one subject per rep, every family, so a rep's pay history reads
 * in one listing; the family is in the states.
 */
import * as z from 'zod';
import { Id, Instant } from './common-schemas.js';
import { type Principal, ROLES } from './principal.js';

export const AUDIT_SUBJECT_KINDS = ['target', 'commission-levels', 'stage-configuration', 'rep', 'team', 'settings', 'campaign'] as const;
export const AuditSubjectKind = z.enum(AUDIT_SUBJECT_KINDS);
export type AuditSubjectKind = z.infer<typeof AuditSubjectKind>;

export const AuditAction = z.enum(['created', 'updated', 'deleted']);
export type AuditAction = z.infer<typeof AuditAction>;

/** Subject ids are record ids, `rep:<id>` / `team:<id>`, or a fixed word: never a '#'. */
export const AuditSubjectId = z
  .string()
  .regex(/^(?:rep:|team:)?[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a record id, rep:<id> or team:<id>');

export const AuditSubject = z.object({ kind: AuditSubjectKind, id: AuditSubjectId });
export type AuditSubject = z.infer<typeof AuditSubject>;

export const AuditEntry = z.object({
  /** When the change was made: the instant the record carries as its updatedAt, where it has one. */
  at: Instant,
  actor: z.object({ repId: Id, role: z.enum(ROLES) }),
  subject: AuditSubject,
  action: AuditAction,
  /** The subject before the change (null: it did not exist), as plain JSON. */
  before: z.json().nullable(),
  /** The subject after the change (null: deleted), as plain JSON. */
  after: z.json().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditSubjects = {
  rep: (repId: string): AuditSubject => ({ kind: 'rep', id: repId }),
  team: (teamId: string): AuditSubject => ({ kind: 'team', id: teamId }),
  target: ({ ownerType, ownerId }: { readonly ownerType: string; readonly ownerId: string }): AuditSubject => ({
    kind: 'target',
    id: `${ownerType}:${ownerId}`,
  }),
  commissionLevels: (repId: string): AuditSubject => ({ kind: 'commission-levels', id: repId }),
  stageConfiguration: (): AuditSubject => ({ kind: 'stage-configuration', id: 'stages' }),
  settings: (): AuditSubject => ({ kind: 'settings', id: 'settings' }),
  campaign: (campaignId: string): AuditSubject => ({ kind: 'campaign', id: campaignId }),
} as const;

export interface AuditedChange {
  readonly actor: Principal;
  readonly at: Date;
  readonly subject: AuditSubject;
  /** null (or undefined): the subject did not exist before. */
  readonly before: unknown;
  /** null (or undefined): the change deleted the subject. */
  readonly after: unknown;
}

/**
 * The entry of one change. The action follows from the states (no before: created; no
 * after: deleted); the states are copied as plain JSON, so the entry holds what was
 * written, not a live reference a caller may still change.
 */
export function auditEntryOf({ actor, at, subject, before, after }: AuditedChange): AuditEntry {
  const beforeJson = jsonOf(before);
  const afterJson = jsonOf(after);
  if (beforeJson === null && afterJson === null)
    throw new Error(`an audited change of ${subject.kind} '${subject.id}' needs a before or an after`);
  return {
    at: at.toISOString(),
    actor: { repId: actor.repId, role: actor.role },
    subject,
    action: beforeJson === null ? 'created' : afterJson === null ? 'deleted' : 'updated',
    before: beforeJson,
    after: afterJson,
  };
}

function jsonOf(value: unknown): z.infer<ReturnType<typeof z.json>> | null {
  return value === null || value === undefined ? null : (JSON.parse(JSON.stringify(value)) as z.infer<ReturnType<typeof z.json>>);
}

/** Deep equality of two JSON-like states, whatever the order of their keys. */
export function sameState(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameState(item, b[index]));
  const aEntries = Object.entries(a).filter(([, value]) => value !== undefined);
  const bRecord = b as Record<string, unknown>;
  const bCount = Object.values(bRecord).filter((value) => value !== undefined).length;
  return aEntries.length === bCount && aEntries.every(([key, value]) => Object.hasOwn(bRecord, key) && sameState(value, bRecord[key]));
}
