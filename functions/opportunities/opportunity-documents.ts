/**
 * Responses of the opportunity routes, for the OpenAPI document. Each mirrors a core result
 * type; the `sameShape` checks at the bottom make the compiler fail if one drifts from it.
 */
import * as z from 'zod';
import { TRACKED_FIELDS } from '#core/opportunities/field-history.js';
import { Opportunity } from '#core/opportunities/opportunity.js';
import type { OpportunityHistory } from '#core/opportunities/opportunity-history.js';
import type { OpportunityWithQuality } from '#core/reports/read-opportunities.js';
import { Id } from '#core/shared/common-schemas.js';
import { pageOf, SkippedItemsDocument } from '../api/common-documents.js';
import type { SameShape } from '../api/same-shape.js';

export const OpportunityDocument = Opportunity.meta({ id: 'Opportunity' });

export const OpportunityPage = pageOf(OpportunityDocument, 'OpportunityPage')
  .extend({ skipped: SkippedItemsDocument.optional() })
  .meta({ id: 'OpportunityPage' });

const QualityMetricsDocument = z.object({
  closeMonthExtensions: z.number().int(),
  daysSinceLastStageChange: z.number().int(),
  daysOpen: z.number().int(),
  lastStageChangeAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  asOf: z.string(),
  createdAt: z.string(),
});

export const OpportunityWithQualityDocument = z
  .object({
    opportunity: OpportunityDocument,
    quality: QualityMetricsDocument,
    qualityPending: z.boolean().meta({ description: 'the stream has not processed this version yet' }),
  })
  .meta({ id: 'OpportunityWithQuality' });

const FieldValueDocument = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const OpportunityHistoryDocument = z
  .object({
    opportunityId: Id,
    changes: z.array(
      z.object({
        opportunityId: Id,
        field: z.enum(TRACKED_FIELDS),
        oldValue: FieldValueDocument,
        newValue: FieldValueDocument,
        changedAt: z.string(),
        version: z.number().int().positive().meta({ description: 'the version the change produced' }),
        changedBy: Id.optional().meta({
          description: 'the rep whose request made it; absent when not known (imported, older, or a hard delete)',
        }),
      }),
    ),
  })
  .meta({ id: 'OpportunityHistory' });

const shapesMatch: [
  SameShape<OpportunityWithQuality, z.infer<typeof OpportunityWithQualityDocument>>,
  SameShape<OpportunityHistory, z.infer<typeof OpportunityHistoryDocument>>,
] = [true, true];
void shapesMatch;
