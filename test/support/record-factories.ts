import type { Band, CommissionLevels } from '#core/commission/commission-levels.js';
import type { DealLink, QualityCounters } from '#core/linkage/deal-link.js';
import { GENERAL_FAMILY } from '#core/linkage/deal-link.js';
import type { QualityVersion } from '#core/linkage/quality-counters.js';
import { type RepMonthTotals, totalsOfLinks } from '#core/linkage/rep-month-totals.js';

/** Major units to minor units (cents), so examples read like the domain text. */
export const major = (amount: number): number => amount * 100;

/** Dave Apthorp, February 2016: 2 % to 50,000; 4 % to 75,000; 6 % above, no cap. */
export const DAVE_BANDS: readonly Band[] = [
  { from: 0, to: major(50_000), ratePercent: 2 },
  { from: major(50_000), to: major(75_000), ratePercent: 4 },
  { from: major(75_000), to: null, ratePercent: 6 },
];

export function generalLevels(bands: readonly Band[] | null, byFamily: Record<string, readonly Band[]> = {}): CommissionLevels {
  return { general: bands, byFamily };
}

const NO_QUALITY: QualityCounters = {
  createdAt: '2026-01-05T09:00:00.000Z',
  closeMonthExtensions: 0,
  lastStageChangeAt: null,
  closedAt: null,
};

let sequence = 0;

/** A live deal link in the default stages; override what the test is about. */
export function dealLink(overrides: Partial<DealLink> = {}): DealLink {
  sequence += 1;
  const amount = overrides.amount ?? major(1_000);
  return {
    opportunityId: `opp-${sequence}`,
    repId: 'rep-dave',
    month: '2026-02',
    version: 1,
    live: true,
    name: `Deal ${sequence}`,
    account: 'Acme',
    stageId: 'prospecting',
    stageOutcome: 'open',
    closeDate: '2026-02-20',
    amount,
    probability: null,
    familyAmounts: { [GENERAL_FAMILY]: amount },
    priority: false,
    quality: NO_QUALITY,
    ...overrides,
  };
}

export function totalsOf(...links: DealLink[]): RepMonthTotals {
  return totalsOfLinks(links);
}

/** One version of an opportunity as the quality counters see it. */
export function opportunityVersion(overrides: Partial<QualityVersion> = {}): QualityVersion {
  return {
    createdAt: '2026-02-01T10:00:00.000Z',
    updatedAt: '2026-02-01T10:00:00.000Z',
    stageId: 'prospecting',
    stageOutcome: 'open',
    closeDate: '2026-02-10',
    ...overrides,
  };
}
