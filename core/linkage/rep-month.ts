import type { Opportunity } from '../opportunities/opportunity.js';

/** The owner-month an opportunity belongs to: its owner, and the month of its close date. */
export interface RepMonth {
  readonly repId: string;
  readonly month: string;
}

/** The linkage key: an opportunity belongs to its owner's records for the month of its close date. */
export function repMonthOf(opportunity: Pick<Opportunity, 'ownerId' | 'closeDate'>): RepMonth {
  return { repId: opportunity.ownerId, month: opportunity.closeDate.slice(0, 7) };
}

export function sameRepMonth(a: RepMonth, b: RepMonth): boolean {
  return a.repId === b.repId && a.month === b.month;
}

/** A stable string id of an owner-month, for maps and sets. */
export function repMonthId({ repId, month }: RepMonth): string {
  return `${repId}|${month}`;
}
