/**
 * Responses of the lead routes, for the OpenAPI document. The conversion's answer mirrors
 * its core result (checked at the bottom).
 */
import * as z from 'zod';
import type { LeadConversionResult } from '#core/leads/convert-lead.js';
import { Lead } from '#core/leads/lead.js';
import { pageOf } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';
import { OpportunityDocument } from '../opportunities/opportunity-documents.js';

export const LeadDocument = Lead.meta({ id: 'Lead' });
export const LeadPage = pageOf(LeadDocument, 'LeadPage');

export const LeadConversionDocument = z
  .object({
    lead: LeadDocument,
    opportunity: OpportunityDocument,
  })
  .meta({ id: 'LeadConversion' });

const shapesMatch: [SameShape<Omit<LeadConversionResult, 'outcome'>, z.infer<typeof LeadConversionDocument>>] = [true];
void shapesMatch;
