import * as z from 'zod';
import { Id, Instant, singleLineText } from '../shared/common-schemas.js';

/**
 * Where a lead is in marketing's hand-over to sales. `converted` is reached only through
 * POST /leads/{id}/convert, and nothing leaves it.
 */
export const LEAD_STATUSES = ['open', 'contacted', 'qualified', 'closed-unqualified', 'converted'] as const;
export const LeadStatus = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatus>;

/** The statuses a client may set by PUT (conversion has its own step). */
export const SettableLeadStatus = LeadStatus.exclude(['converted']);

/**
 * What a client sends to PUT /leads/{id}. `source` is a lead source id from the settings;
 * `campaignId` a campaign; `ownerId` the rep who works the lead. `createdAt` may be given
 * by an import of existing leads; it defaults to now.
 */
export const LeadInput = z.strictObject({
  name: singleLineText(200),
  company: singleLineText(255),
  email: z.email().max(254).nullable().default(null),
  source: Id,
  campaignId: Id.nullable().default(null),
  ownerId: Id,
  status: LeadStatus.default('open'),
  createdAt: Instant.optional(),
});
export type LeadInput = z.infer<typeof LeadInput>;

/** One status a lead took, and when. The first entry is the status it was created with. */
export const LeadStatusChange = z.object({ status: LeadStatus, at: Instant });
export type LeadStatusChange = z.infer<typeof LeadStatusChange>;

/**
 * What a conversion was asked for: the opportunity it made and the request's fingerprint
 * (its canonical JSON, opportunityId resolved), so that a repeat of the same conversion is
 * recognised and answered with what it made, and a different one is refused.
 */
export const LeadConversion = z.object({ opportunityId: Id, request: z.string() });
export type LeadConversion = z.infer<typeof LeadConversion>;

/**
 * A lead as stored. `statusHistory` holds every status with its instant, oldest first;
 * the last entry is `status`. A converted lead names its opportunity and when it converted.
 */
export const Lead = z.object({
  id: Id,
  name: z.string(),
  company: z.string(),
  email: z.string().nullable(),
  source: Id,
  campaignId: Id.nullable(),
  ownerId: Id,
  status: LeadStatus,
  statusHistory: z.array(LeadStatusChange).min(1),
  createdAt: Instant,
  updatedAt: Instant,
  updatedBy: Id.optional(),
  convertedAt: Instant.nullable(),
  opportunityId: Id.nullable(),
  /** Set by the conversion; absent until then. */
  conversion: LeadConversion.optional(),
  version: z.number().int().positive(),
});
export type Lead = z.infer<typeof Lead>;

/**
 * The moves a PUT may make. Contacting, qualifying and closing go forward; a closed lead
 * may be reopened (marketing recycles it); a qualified lead may still turn out unqualified.
 * Nothing goes back to open from contacted or qualified (the contact happened), and a
 * converted lead stays converted.
 */
const ALLOWED_MOVES: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  open: ['contacted', 'qualified', 'closed-unqualified'],
  contacted: ['qualified', 'closed-unqualified'],
  qualified: ['closed-unqualified'],
  'closed-unqualified': ['open'],
  converted: [],
};

/** Whether a PUT may move a lead from one status to another (staying put is always allowed). */
export function isAllowedStatusMove(from: LeadStatus, to: LeadStatus): boolean {
  return from === to || ALLOWED_MOVES[from].includes(to);
}

/** The statuses a lead may be converted from: anything not closed and not converted already. */
export function isConvertible(status: LeadStatus): boolean {
  return status === 'open' || status === 'contacted' || status === 'qualified';
}
