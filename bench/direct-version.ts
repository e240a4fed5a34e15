/**
 * The opportunity version a bulk integration writes straight into the table for a body of
 * the mix: exactly what PUT /opportunities/{id} would store for it (put-opportunity.ts
 * steps 4 to 6), without the API's reads and checks. The stream then sees the records it
 * would see from the API, so the stream's own rate can be measured apart from the API's.
 */

import type { Opportunity } from '#core/opportunities/opportunity.js';
import { OpportunityInput } from '#core/opportunities/opportunity.js';
import { type OpportunityContent, opportunityContentOf } from '#core/opportunities/opportunity-content.js';
import type { Stage } from '#core/organisation/stage.js';
import type { OpportunityBody } from './write-mix.js';

export interface DirectWrite {
  readonly opportunityId: string;
  readonly body: OpportunityBody;
  /** The stored opportunity, a soft-deleted one too (its version continues); undefined for a create. */
  readonly stored: Opportunity | undefined;
  /** The stage configuration in force. */
  readonly stages: readonly Stage[];
  readonly now: Date;
  /** The integration's service user. */
  readonly updatedBy: string;
}

/** Version + 1 with updatedAt = now; undefined when the body changes nothing (PUT would write nothing). */
export function directVersionOf({ opportunityId, body, stored, stages, now, updatedBy }: DirectWrite): Opportunity | undefined {
  const input = OpportunityInput.parse(body);
  const stage = stages.find((candidate) => candidate.id === input.stageId);
  if (!stage) throw new Error(`stage '${input.stageId}' is not in the stage configuration`);
  const content = opportunityContentOf(
    opportunityId,
    input,
    stage.outcome,
    input.createdAt ?? stored?.createdAt ?? now.toISOString(),
    stored?.leadId ?? null,
  );
  if (stored && !stored.deleted && sameContent(stored, content)) return undefined;
  return { ...content, version: (stored?.version ?? 0) + 1, updatedAt: now.toISOString(), updatedBy, deleted: false };
}

function sameContent(stored: Opportunity, content: OpportunityContent): boolean {
  return (Object.keys(content) as (keyof OpportunityContent)[]).every(
    (field) => JSON.stringify(stored[field]) === JSON.stringify(content[field]),
  );
}
