import type { Opportunity } from '#core/opportunities/opportunity.js';
import { MAX_AMOUNT_MINOR } from '#core/shared/common-schemas.js';

/** An opportunity as stored, with every field filled; override what the test is about. */
export function anOpportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id: 'opp-1',
    name: 'Acme renewal',
    account: 'Acme',
    ownerId: 'dave',
    stageId: 'proposal-made',
    stageOutcome: 'open',
    closeDate: '2016-02-10',
    amount: 4_000_000,
    probability: null,
    productLines: [],
    createdAt: '2016-01-05T09:00:00.000Z',
    updatedAt: '2016-01-05T09:00:00.000Z',
    campaignId: null,
    campaign: null,
    contactName: null,
    leadId: null,
    leadSource: null,
    customerType: null,
    goNoGoDate: null,
    closePlan: null,
    discountRationale: null,
    priority: false,
    version: 1,
    deleted: false,
    ...overrides,
  };
}

/** The next version of a deal: version + 1, dated `updatedAt`, with the given changes. */
export function nextVersion(opportunity: Opportunity, updatedAt: string, changes: Partial<Opportunity> = {}): Opportunity {
  return { ...opportunity, ...changes, version: opportunity.version + 1, updatedAt };
}

/**
 * An opportunity as the API stored it before product lines were capped in sum: two lines
 * at the cap, their sum (past it) as the amount. Invalid to read strictly.
 */
export function anOverCapOpportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return anOpportunity({
    amount: 2 * MAX_AMOUNT_MINOR,
    productLines: [
      { productFamily: 'A', amount: MAX_AMOUNT_MINOR },
      { productFamily: 'B', amount: MAX_AMOUNT_MINOR },
    ],
    ...overrides,
  });
}
