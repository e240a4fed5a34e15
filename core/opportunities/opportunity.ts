import * as z from 'zod';
import { StageOutcome } from '../organisation/stage.js';
import {
  AmountMinor,
  CalendarDate,
  Id,
  Instant,
  MAX_AMOUNT_MINOR,
  multiLineText,
  optionalLineText,
  Probability,
  ProductFamily,
  singleLineText,
} from '../shared/common-schemas.js';

export const ProductLine = z.strictObject({
  productFamily: ProductFamily,
  amount: AmountMinor,
});
export type ProductLine = z.infer<typeof ProductLine>;

export const CustomerType = z.enum(['new', 'existing']);

/**
 * What a client sends to PUT /opportunities/{id}. When product lines are given their sum
 * is the amount: `amount` may then be left out, and if present must equal the sum.
 * `createdAt` may be given by integrations importing existing deals; it defaults to now.
 */
export const OpportunityInput = z
  .strictObject({
    name: singleLineText(255),
    account: singleLineText(255),
    ownerId: Id,
    stageId: Id,
    closeDate: CalendarDate,
    amount: AmountMinor.optional(),
    /** Overrides the stage's default probability for this deal; null follows the stage. */
    probability: Probability.nullable().default(null),
    productLines: z.array(ProductLine).max(100).default([]),
    createdAt: Instant.optional(),
    /** The campaign the deal is attributed to (a campaign id). */
    campaignId: Id.nullable().default(null),
    /** Free text from before campaigns were records: still read and kept, never resolved (see docs/leads-and-campaigns.md). */
    campaign: optionalLineText(255).nullable().default(null),
    /** A lead source id from the settings; a deal stored with free text before sources were a list may keep it. */
    leadSource: optionalLineText(255).nullable().default(null),
    /** The person at the account the deal is with (a converted lead's name). */
    contactName: optionalLineText(200).nullable().default(null),
    customerType: CustomerType.nullable().default(null),
    goNoGoDate: CalendarDate.nullable().default(null),
    closePlan: multiLineText(4000).nullable().default(null),
    discountRationale: multiLineText(4000).nullable().default(null),
    priority: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    if (input.productLines.length === 0) {
      if (input.amount === undefined)
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required when there are no product lines' });
      return;
    }
    const sum = input.productLines.reduce((total, line) => total + line.amount, 0);
    if (input.amount !== undefined && input.amount !== sum) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `must equal the sum of the product lines (${sum})` });
    }
  });
export type OpportunityInput = z.infer<typeof OpportunityInput>;

/**
 * The amount a deal would be stored with must itself be an amount: product lines each
 * within the cap can sum past it. A domain rule on what is stored (422, as PUT's other
 * rules), shared by PUT and the import; undefined when the lines are within the cap.
 */
export function productLinesOverCap(
  input: Pick<OpportunityInput, 'productLines'>,
): { readonly field: 'productLines'; readonly message: string } | undefined {
  const sum = input.productLines.reduce((total, line) => total + line.amount, 0);
  return sum > MAX_AMOUNT_MINOR
    ? { field: 'productLines', message: `must sum to at most ${MAX_AMOUNT_MINOR} minor units (they sum to ${sum})` }
    : undefined;
}

/**
 * Quality counters an imported deal reached over its imported field history (backfill),
 * and the stages it entered (oldest first; absent on imports from before stage paths).
 * Set only by an import, never by PUT; the stream starts the deal's first link from them.
 */
export const ImportedQuality = z.object({
  createdAt: z.string(),
  closeMonthExtensions: z.number().int().nonnegative(),
  lastStageChangeAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  stagePath: z.array(z.object({ stageId: z.string(), at: z.string() })).optional(),
});

/**
 * An opportunity as stored. `version` increases by one on every change and is never
 * reset (a deleted deal is kept with `deleted: true`), so the stream can order and
 * de-duplicate. `stageOutcome` is resolved from the stage configuration at write time.
 * `updatedAt` is the instant of the change: the stream takes change times from it;
 * `updatedBy` the rep whose request made it (absent for versions written before access
 * control, or imported from a CRM, whose user is not known).
 */
export const Opportunity = z.object({
  id: Id,
  name: z.string(),
  account: z.string(),
  ownerId: Id,
  stageId: Id,
  stageOutcome: StageOutcome,
  closeDate: CalendarDate,
  amount: AmountMinor,
  probability: Probability.nullable(),
  productLines: z.array(ProductLine),
  createdAt: Instant,
  updatedAt: Instant,
  updatedBy: Id.optional(),
  campaignId: Id.nullable().default(null),
  campaign: z.string().nullable(),
  leadSource: z.string().nullable(),
  contactName: z.string().nullable().default(null),
  /** The lead the deal was converted from (POST /leads/{id}/convert); null for every other deal. Kept by PUT. */
  leadId: Id.nullable().default(null),
  customerType: CustomerType.nullable(),
  goNoGoDate: CalendarDate.nullable(),
  closePlan: z.string().nullable(),
  discountRationale: z.string().nullable(),
  priority: z.boolean(),
  version: z.number().int().positive(),
  deleted: z.boolean().default(false),
  importedQuality: ImportedQuality.optional(),
});
export type Opportunity = z.infer<typeof Opportunity>;

/**
 * An opportunity item read leniently: the same shape with only the types checked. An item
 * stored before a rule existed (product lines summing past the cap, a text or date a later
 * rule refuses) still has an id, an owner and a version, so it can be replaced, deleted
 * and unlinked; readers of many deals skip it and report it. Nothing reports on it.
 */
export const LenientOpportunity = Opportunity.extend({
  id: z.string(),
  ownerId: z.string(),
  stageId: z.string(),
  closeDate: z.string(),
  amount: z.number(),
  probability: z.number().nullable(),
  productLines: z.array(z.object({ productFamily: z.string(), amount: z.number() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().optional(),
  goNoGoDate: z.string().nullable(),
}) satisfies z.ZodType<Opportunity>;
