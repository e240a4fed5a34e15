/** Path and query parameters of the lead routes (strict: an unknown one is a 400). */
import * as z from 'zod';
import { LeadStatus } from '#core/leads/lead.js';
import { Id } from '#core/shared/common-schemas.js';
import { pageParameters } from '../api/common-parameters.js';

export const LeadIdParams = z.strictObject({ leadId: Id });

export const ListLeadsQuery = z.strictObject({
  ownerId: Id.optional().meta({ description: "only this rep's leads (a rep's list is always their own)" }),
  campaignId: Id.optional().meta({ description: "only this campaign's leads" }),
  status: LeadStatus.optional().meta({ description: 'only leads in this status' }),
  ...pageParameters,
});
