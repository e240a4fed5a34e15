/**
 * Which counters a lead and a deal contribute, and to which cell. A cell is one owner's
 * month (`<month>#<rep>`); the store keeps lead cells and deal cells as separate items, so
 * the API's lead writes and the stream's deal writes never contend for one item.
 *
 * A contribution is a pure function of one record's state, so the counters stay exact the
 * way the month totals do: every write ADDs (its contribution after) − (its contribution
 * before), in the same transaction as the state it moved from, conditioned on that state's
 * version. A replay finds the version applied and adds nothing; the sum over all records of
 * their contributions is what a from-scratch recompute (reconcile) gives.
 */
import { addCellCounters, type CellCounters, type Counters } from '../shared/counters.js';
import { instantOf } from '../shared/instant.js';
import { monthOfInstant } from '../shared/period.js';
import { dealCampaignPart, dealCounterKey, funnelCounterKey, leadCounterKey } from './counter-keys.js';

/** The key of one owner's month among the cells. */
export function cellKey(month: string, repId: string): string {
  return `${month}#${repId}`;
}

export function cellOfKey(key: string): { readonly month: string; readonly repId: string } {
  const separator = key.indexOf('#');
  return { month: key.slice(0, separator), repId: key.slice(separator + 1) };
}

/** The fields of a lead its counters follow (a Lead has them all). */
export interface CountedLead {
  readonly ownerId: string;
  readonly source: string;
  readonly campaignId: string | null;
  readonly status: string;
  readonly createdAt: string;
  readonly convertedAt: string | null;
}

/** What one lead contributes: its creation month's counters, and a conversion in its conversion month. */
export function leadContributionOf(lead: CountedLead | undefined): CellCounters {
  if (!lead) return new Map();
  const created = instantOf(lead.createdAt);
  const key = (counter: Parameters<typeof leadCounterKey>[0]) => leadCounterKey(counter, lead.source, lead.campaignId);
  const cohort: Record<string, number> = { [key('created')]: 1, [key(`status.${lead.status}`)]: 1 };
  let cells: CellCounters = new Map([[cellKey(monthOfInstant(created), lead.ownerId), cohort]]);
  if (lead.convertedAt !== null) {
    const converted = instantOf(lead.convertedAt);
    cohort[key('converted')] = 1;
    cohort[key('convertSeconds')] = secondsBetween(created, converted);
    cells = addCellCounters(cells, new Map([[cellKey(monthOfInstant(converted), lead.ownerId), { [key('convertedInMonth')]: 1 }]]));
  }
  return withoutZeroCounters(cells);
}

/** One entry of a deal into a stage: the stages a deal went through, oldest first. */
export interface StageVisit {
  readonly stageId: string;
  readonly at: string;
}

/** The fields of a deal's current link its counters follow. */
export interface CountedDeal {
  /** A deleted deal, or a link the deal left, counts nowhere. */
  readonly live: boolean;
  readonly repId: string;
  readonly stageOutcome: 'open' | 'won' | 'lost';
  readonly amount: number;
  readonly createdAt: string;
  /** When the deal closed (won or lost); null while open. */
  readonly closedAt: string | null;
  /** The lead the deal was converted from; null for every other deal. */
  readonly leadId: string | null;
  readonly leadSource: string | null;
  readonly campaignId: string | null;
  /** The campaign as free text, kept from before campaigns were records. */
  readonly campaign: string | null;
  readonly stagePath: readonly StageVisit[];
}

/**
 * What one deal contributes: its outcome counters in the month it was created, and its
 * funnel counters in the month it first entered each stage. "Reached a later stage" means
 * entered it at some point after first entering this one (from the field history, in time
 * order; a report shows only the stages after it in the configuration's order). Days in a
 * stage count finished stays only: a deal still in the stage has not finished it.
 */
export function dealContributionOf(deal: CountedDeal | undefined): CellCounters {
  if (!deal?.live) return new Map();
  const created = instantOf(deal.createdAt);
  const origin = deal.leadId === null ? 'other' : 'lead';
  const campaign = dealCampaignPart(deal.campaignId, deal.campaign);
  const key = (counter: Parameters<typeof dealCounterKey>[0]) => dealCounterKey(counter, origin, deal.leadSource, campaign);
  const outcome: Record<string, number> = { [key('count')]: 1 };
  if (deal.stageOutcome === 'open') {
    outcome[key('open')] = 1;
    outcome[key('openAmount')] = deal.amount;
  } else {
    outcome[key(deal.stageOutcome)] = 1;
    if (deal.stageOutcome === 'won') outcome[key('wonAmount')] = deal.amount;
    if (deal.closedAt !== null) outcome[key('closeSeconds')] = secondsBetween(created, instantOf(deal.closedAt));
  }
  let cells: CellCounters = new Map([[cellKey(monthOfInstant(created), deal.repId), outcome]]);
  for (const [month, counters] of funnelOf(deal)) cells = addCellCounters(cells, new Map([[cellKey(month, deal.repId), counters]]));
  return withoutZeroCounters(cells);
}

/**
 * The cells with no zero counter (a zero amount, a conversion within the second): a
 * contribution equals the same counters summed from scratch, which never hold zeros.
 */
function withoutZeroCounters(cells: CellCounters): CellCounters {
  return addCellCounters(new Map(), cells);
}

/** The funnel counters of one deal, by the month it first entered each stage. */
function funnelOf(deal: CountedDeal): Map<string, Counters> {
  const byMonth = new Map<string, Record<string, number>>();
  const path = deal.stagePath;
  const firstIndex = new Map<string, number>();
  path.forEach((visit, index) => {
    if (!firstIndex.has(visit.stageId)) firstIndex.set(visit.stageId, index);
  });
  for (const [stageId, first] of firstIndex) {
    const firstVisit = path[first] as StageVisit;
    const month = monthOfInstant(instantOf(firstVisit.at));
    const counters = byMonth.get(month) ?? {};
    byMonth.set(month, counters);
    const add = (name: string, value: number) => {
      if (value !== 0) counters[name] = (counters[name] ?? 0) + value;
    };
    add(funnelCounterKey('reached', stageId), 1);
    const later = new Set(path.slice(first + 1).map((visit) => visit.stageId));
    later.delete(stageId);
    for (const laterStageId of later) add(funnelCounterKey('then', stageId, laterStageId), 1);
    if (deal.stageOutcome === 'won') add(funnelCounterKey('won', stageId), 1);
    path.forEach((visit, index) => {
      const next = path[index + 1];
      if (visit.stageId !== stageId || next === undefined) return;
      add(funnelCounterKey('stageSeconds', stageId), secondsBetween(instantOf(visit.at), instantOf(next.at)));
      add(funnelCounterKey('stageExits', stageId), 1);
    });
  }
  return byMonth;
}

/** Whole seconds from one instant to another, never negative (a clock skew is not a negative stay). */
function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}

/** At most this many stage entries are kept per deal; later ones still move the deal, but not its funnel. */
export const MAX_STAGE_VISITS = 100;

/** The stage path after one change: a new entry when the stage changed. */
export function nextStagePath(path: readonly StageVisit[], stageBefore: string, stageAfter: string, at: string): readonly StageVisit[] {
  if (stageBefore === stageAfter || path.length >= MAX_STAGE_VISITS) return path;
  return [...path, { stageId: stageAfter, at }];
}
