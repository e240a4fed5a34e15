/**
 * Converts a lead into an opportunity, in one idempotent step (POST /leads/{id}/convert).
 *
 * 1. Read the lead; one the caller may not see reads as missing. Marketing hands leads to
 *    sales and converts none; the caller must be allowed to change the lead and to give the
 *    new deal to its owner (the lead's owner unless the request names another).
 * 2. A converted lead asked for the same conversion (the request's fingerprint) answers with
 *    the lead and the opportunity it made, writing nothing; asked for a different one, or a
 *    closed-unqualified lead, is a ConflictError naming `status`.
 * 3. The opportunity's id (default `lead-<leadId>`) must be free: one that exists is a
 *    ConflictError naming `opportunityId`. Its stage (default the first open stage of the
 *    configuration in force) must be configured, its owner a known active rep.
 * 4. Build the opportunity from the lead: account = company, contact = the lead's name, its
 *    campaign and source, the lead's id, created now at version 1; and the converted lead:
 *    status converted, convertedAt now, the opportunity's id, the history entry.
 * 5. Write both in one transaction (the opportunity only if none exists, the lead over the
 *    version read) with the lead's counter deltas. A lost race is read again: the same
 *    conversion made by a concurrent request is that same answer; a winner not visible yet
 *    (its transaction still in flight, or cancelled too), or half visible (its converted
 *    lead read before its deal), is tried again, a few times; anything else a conflict.
 */

import * as z from 'zod';
import { CustomerType, type Opportunity, OpportunityInput, ProductLine, productLinesOverCap } from '../opportunities/opportunity.js';
import { opportunityContentOf } from '../opportunities/opportunity-content.js';
import type { OpportunityRepository } from '../opportunities/opportunity-repository.js';
import { type AccessContext, requireEditDeal, requireEditLead } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { Clock } from '../shared/clock.js';
import { AmountMinor, CalendarDate, Id, Probability, singleLineText } from '../shared/common-schemas.js';
import { ConflictError, ForbiddenError, invalidField } from '../shared/errors.js';
import { isConvertible, type Lead } from './lead.js';
import type { LeadRepository } from './lead-repository.js';
import { getLead } from './read-leads.js';

/** What a client sends to POST /leads/{id}/convert: the deal's terms; the rest comes from the lead. */
export const ConvertLeadInput = z
  .strictObject({
    /** The new opportunity's id; `lead-<leadId>` when that is an id (at most 64 characters), else required. */
    opportunityId: Id.optional(),
    /** The deal's name; the lead's company when absent. */
    name: singleLineText(255).optional(),
    /** The deal's stage; the first open stage of the configuration in force when absent. */
    stageId: Id.optional(),
    closeDate: CalendarDate,
    amount: AmountMinor.optional(),
    productLines: z.array(ProductLine).max(100).optional(),
    probability: Probability.nullable().optional(),
    /** 'new' when absent: a lead is a new customer until sales says otherwise. */
    customerType: CustomerType.optional(),
    /** The deal's owner; the lead's owner when absent. */
    ownerId: Id.optional(),
  })
  .superRefine((input, ctx) => {
    const lines = input.productLines ?? [];
    if (lines.length === 0) {
      if (input.amount === undefined)
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required when there are no product lines' });
      return;
    }
    const sum = lines.reduce((total, line) => total + line.amount, 0);
    if (input.amount !== undefined && input.amount !== sum)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `must equal the sum of the product lines (${sum})` });
  });
export type ConvertLeadInput = z.infer<typeof ConvertLeadInput>;

export interface ConvertLeadPorts {
  readonly leads: LeadRepository;
  readonly opportunities: OpportunityRepository;
  readonly reps: RepRepository;
  readonly configurations: StageConfigurationRepository;
  readonly clock: Clock;
}

export interface LeadConversionResult {
  /** 'created' when this request converted the lead; 'unchanged' for a repeat of the same conversion. */
  readonly outcome: 'created' | 'unchanged';
  readonly lead: Lead;
  readonly opportunity: Opportunity;
}

/** Attempts after lost races whose winner was not visible yet (its transaction still in flight). */
const CONVERSION_ATTEMPTS = 5;

/** A concurrent conversion seen not at all (cancelled too, or in flight) or only half (its lead or its deal): worth another attempt. */
class ConversionRaceError extends ConflictError {}

export async function convertLead(
  ports: ConvertLeadPorts,
  access: AccessContext,
  leadId: string,
  input: ConvertLeadInput,
): Promise<LeadConversionResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await convertLeadOnce(ports, access, leadId, input);
    } catch (error) {
      // DynamoDB cancels a transaction that meets another in flight (TransactionConflict),
      // and the other may then commit or fail too: read again and retry, bounded.
      if (!(error instanceof ConversionRaceError) || attempt >= CONVERSION_ATTEMPTS) throw error;
    }
  }
}

async function convertLeadOnce(
  { leads, opportunities, reps, configurations, clock }: ConvertLeadPorts,
  access: AccessContext,
  leadId: string,
  input: ConvertLeadInput,
): Promise<LeadConversionResult> {
  const lead = await getLead(leads, access, leadId);
  if (access.principal.role === 'marketing')
    throw new ForbiddenError('marketing hands leads to sales: the lead owner, their manager or an admin converts it');
  const ownerId = input.ownerId ?? lead.ownerId;
  const opportunityId = input.opportunityId ?? defaultOpportunityId(leadId);
  requireEditLead(access, leadId, lead.ownerId, lead.ownerId);
  requireEditDeal(access, opportunityId, undefined, ownerId);
  const request = fingerprintOf(opportunityId, input);

  const repeat = await repeatedConversion(opportunities, lead, request);
  if (repeat) return repeat;

  const [existing, configuration, owner] = await Promise.all([
    opportunities.get(opportunityId).catch((error: unknown) => {
      // An invalid stored deal still holds the id.
      if (error instanceof ConflictError) return { id: opportunityId } as Opportunity;
      throw error;
    }),
    stageConfigurationInForce(configurations),
    reps.get(ownerId),
  ]);
  if (existing) throw takenOrInFlight(existing, leadId);
  const stageId = input.stageId ?? configuration.stages.find((stage) => stage.outcome === 'open')?.id;
  const stage = configuration.stages.find((candidate) => candidate.id === stageId);
  if (!stage) throw invalidField('stageId', `stage '${stageId}' is not in the stage configuration`);
  if (!owner) throw invalidField('ownerId', `rep '${ownerId}' does not exist`);
  if (!owner.active) throw invalidField('ownerId', `rep '${ownerId}' is inactive and cannot be given deals`);

  const terms = OpportunityInput.parse({
    name: input.name ?? lead.company,
    account: lead.company,
    ownerId,
    stageId: stage.id,
    closeDate: input.closeDate,
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    productLines: input.productLines ?? [],
    probability: input.probability ?? null,
    campaignId: lead.campaignId,
    leadSource: lead.source,
    contactName: lead.name,
    customerType: input.customerType ?? 'new',
  });
  const overCap = productLinesOverCap(terms);
  if (overCap) throw invalidField(overCap.field, overCap.message);

  const now = clock.now().toISOString();
  const actor = access.principal.repId;
  const opportunity: Opportunity = {
    ...opportunityContentOf(opportunityId, terms, stage.outcome, now, leadId),
    version: 1,
    updatedAt: now,
    updatedBy: actor,
    deleted: false,
  };
  const converted: Lead = {
    ...lead,
    status: 'converted',
    statusHistory: [...lead.statusHistory, { status: 'converted', at: now }],
    convertedAt: now,
    opportunityId,
    conversion: { opportunityId, request },
    updatedAt: now,
    updatedBy: actor,
    version: lead.version + 1,
  };
  try {
    await leads.saveConversion(converted, lead, opportunity);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // A concurrent request made the same conversion: its answer is this one's.
    const winner = await leads.get(leadId);
    const repeated = winner && (await repeatedConversion(opportunities, winner, request));
    if (repeated) return repeated;
    if (winner && !isConvertible(winner.status)) throw notConvertible(winner);
    const taken = await opportunities
      .get(opportunityId)
      .catch((): Pick<Opportunity, 'id' | 'leadId'> => ({ id: opportunityId, leadId: null }));
    if (taken) throw takenOrInFlight(taken, leadId);
    throw new ConversionRaceError(error.message, error.issues);
  }
  return { outcome: 'created', lead: converted, opportunity };
}

/** `lead-<leadId>` when that is an id; else the request must name the opportunity. */
function defaultOpportunityId(leadId: string): string {
  const candidate = `lead-${leadId}`;
  if (!Id.safeParse(candidate).success)
    throw invalidField('opportunityId', `is required: lead-${leadId} would be longer than an id may be (64 characters)`);
  return candidate;
}

/**
 * The stored lead's answer to a repeat: the lead and its opportunity when it was converted
 * by this very request; a ConflictError when it was converted otherwise or is closed;
 * undefined while it may still be converted.
 */
async function repeatedConversion(
  opportunities: OpportunityRepository,
  lead: Lead,
  request: string,
): Promise<LeadConversionResult | undefined> {
  if (lead.status === 'converted' && lead.conversion?.request === request && lead.opportunityId !== null) {
    const opportunity = await opportunities.get(lead.opportunityId);
    if (opportunity) return { outcome: 'unchanged', lead, opportunity };
    // A read outside the winner's transaction may see its lead before its deal: read again.
    throw new ConversionRaceError(`lead '${lead.id}' is being converted by a concurrent request`);
  }
  if (!isConvertible(lead.status)) throw notConvertible(lead);
  return undefined;
}

function notConvertible(lead: Lead): ConflictError {
  const message =
    lead.status === 'converted'
      ? `lead '${lead.id}' was converted already (to opportunity '${lead.opportunityId}'), by a different request`
      : `lead '${lead.id}' is closed-unqualified: reopen it before converting it`;
  return new ConflictError(message, [{ field: 'status', message }]);
}

/**
 * The deal id is taken: by a concurrent conversion of this same lead whose converted lead was
 * read before it was written (a race: read again), or by another deal (a conflict).
 */
function takenOrInFlight(existing: Pick<Opportunity, 'id' | 'leadId'>, leadId: string): ConflictError {
  if (existing.leadId === leadId) return new ConversionRaceError(`lead '${leadId}' is being converted by a concurrent request`);
  return opportunityTaken(existing.id);
}

function opportunityTaken(opportunityId: string): ConflictError {
  const message = `opportunity '${opportunityId}' exists already and was not made from this lead: name another opportunityId`;
  return new ConflictError(message, [{ field: 'opportunityId', message }]);
}

/** The request as canonical JSON (keys sorted), its opportunity id resolved: what makes two conversions the same. */
function fingerprintOf(opportunityId: string, input: ConvertLeadInput): string {
  return canonicalJson({ ...input, opportunityId });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
