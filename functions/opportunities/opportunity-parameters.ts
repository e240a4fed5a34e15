/** Path and query parameters of the opportunity routes (strict: an unknown one is a 400). */
import * as z from 'zod';
import { CalendarDate, Id } from '#core/shared/common-schemas.js';
import { AsOf, pageParameters } from '../api/common-parameters.js';

export const OpportunityIdParams = z.strictObject({ opportunityId: Id });

export const ListOpportunitiesQuery = z
  .strictObject({
    ownerId: Id.optional().meta({ description: "the deals' owner; the caller when absent" }),
    from: CalendarDate.optional().meta({ description: 'first close date included' }),
    to: CalendarDate.optional().meta({ description: 'last close date included' }),
    ...pageParameters,
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before from',
  });

export const ReadOpportunityQuery = z.strictObject({ asOf: AsOf.optional() });
