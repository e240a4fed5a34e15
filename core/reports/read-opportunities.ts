/**
 * Reads of opportunities.
 *
 * One opportunity, with its pipeline quality metrics as of now or `asOf`:
 * 1. Read it; unknown or soft-deleted is NotFoundError.
 * 2. Read its link in its owner's month, where the stream keeps its quality counters.
 * 3. If the link reflects this version, the metrics come from its counters. Otherwise the
 *    stream has not caught up yet and the answer says `qualityPending: true`: the counters
 *    are the link's carried one step to this version (exact when it is one version behind),
 *    or, with no live link in this month yet, derived from the opportunity alone.
 *
 * A stored deal that fails the schema answers, to whoever may see it, the conflict that
 * says so (replace it with PUT or DELETE it); to anyone else it is not found.
 *
 * A rep's opportunities by close date: one page of the owner index, invalid deals skipped
 * and listed in `skipped`.
 */

import type { DealLink, QualityCounters } from '../linkage/deal-link.js';
import { initialQualityCounters, nextQualityCounters, type QualityMetrics, qualityMetricsAt } from '../linkage/quality-counters.js';
import { repMonthOf } from '../linkage/rep-month.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import type { OpportunityListPage, OpportunityRepository, OwnerCloseDateRange } from '../opportunities/opportunity-repository.js';
import { type AccessContext, canSeeRep, opportunityNotFound, requireSeeOpportunity } from '../organisation/access-policy.js';
import type { Clock } from '../shared/clock.js';
import { InvalidStoredRecordError } from '../shared/errors.js';
import type { PageRequest } from '../shared/page.js';
import type { RepMonthRepository } from './rep-month-repository.js';

export interface OpportunityWithQuality {
  readonly opportunity: Opportunity;
  readonly quality: QualityMetrics & { readonly asOf: string; readonly createdAt: string };
  /** True while the stream has not yet processed this version of the deal. */
  readonly qualityPending: boolean;
}

export interface ReadOpportunityPorts {
  readonly opportunities: OpportunityRepository;
  readonly repMonths: RepMonthRepository;
  readonly clock: Clock;
}

export async function readOpportunity(
  { opportunities, repMonths, clock }: ReadOpportunityPorts,
  access: AccessContext,
  opportunityId: string,
  asOf?: Date,
): Promise<OpportunityWithQuality> {
  const opportunity = await opportunities.get(opportunityId).catch((error: unknown) => {
    if (error instanceof InvalidStoredRecordError) {
      const stored = error.record as Opportunity;
      if (stored.deleted) throw opportunityNotFound(opportunityId);
      requireSeeOpportunity(access, stored);
    }
    throw error;
  });
  if (!opportunity || opportunity.deleted) throw opportunityNotFound(opportunityId);
  requireSeeOpportunity(access, opportunity);
  const link = await repMonths.dealLink(repMonthOf(opportunity), opportunityId);
  const current = link?.live && link.version === opportunity.version;
  const counters = current ? link.quality : provisionalCounters(link, opportunity);
  const at = asOf ?? clock.now();
  return {
    opportunity,
    quality: { ...qualityMetricsAt(counters, at), asOf: at.toISOString(), createdAt: counters.createdAt },
    qualityPending: !current,
  };
}

function provisionalCounters(link: DealLink | undefined, opportunity: Opportunity): QualityCounters {
  if (!link?.live) return initialQualityCounters(opportunity);
  const linked = {
    createdAt: link.quality.createdAt,
    updatedAt: opportunity.updatedAt,
    stageId: link.stageId,
    stageOutcome: link.stageOutcome,
    closeDate: link.closeDate,
  };
  return nextQualityCounters(link.quality, linked, opportunity);
}

/** Another rep's deals are not refused but filtered: none of them is listed. */
export async function listOpportunities(
  opportunities: OpportunityRepository,
  access: AccessContext,
  range: OwnerCloseDateRange,
  page: PageRequest,
): Promise<OpportunityListPage> {
  if (!canSeeRep(access, range.ownerId)) return { items: [], nextCursor: null };
  return opportunities.listByOwner(range, page);
}
