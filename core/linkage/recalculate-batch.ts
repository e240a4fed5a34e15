/**
 * Recalculates what a batch of opportunity changes affects, for the stream, in as few round
 * trips as the batch allows.
 *
 * 1. Record the field history of every change, and the creation of every new deal (the
 *    change log time travel reads), in one batched write (idempotent by key);
 *    then, for each hard delete, keep the deal's last image as a tombstone (the first stays).
 * 2. Meanwhile, read the links of every deal of the batch, in every partition its changes
 *    touch, in one batched consistent read.
 * 3. Plan each deal's changes in order, each from the links the one before would write, so a
 *    chain of changes needs no re-read; an empty plan means already applied.
 * 4. Apply each deal's plans as one transaction (split only past the transaction item limit),
 *    conditioned on the versions read, with the totals and cells ADDed in it: exactly once in
 *    effect. With `mergeDealsUpTo`, the transactions of several deals go as one (a plan that
 *    is a single conditional put stays one); if that one fails, each of its deals is read
 *    again and applied alone, so one deal's conflict neither blocks nor double-counts another.
 * 5. If another writer changed a deal's link meanwhile, read that deal again and re-plan (bounded).
 *
 * The outcome is per change: a deal that fails fails from the change it could not apply to its
 * last one, so the stream redelivers them in order; the other deals are not held back. A
 * failed batched history write fails the deals it carried, whole; a failed batched read, every
 * deal (which one it failed for is unknown).
 */
import { fieldChangesOf } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import { streamDealCreationOf } from '../pipeline/deal-checkpoint.js';
import { ConflictError } from '../shared/errors.js';
import { getOrCreate } from '../shared/maps.js';
import type { DealLink } from './deal-link.js';
import type { DealLinkRepository, HistoryEntry } from './deal-link-repository.js';
import { type LinkWrite, type OpportunityChange, opportunityChangeOf, partitionsOf, planLinkage } from './linkage.js';
import { isSinglePut, MAX_TRANSACTION_ITEMS, mergeLinkWrites, transactionItemsOf } from './merge-link-writes.js';
import { type RepMonth, repMonthId, sameRepMonth } from './rep-month.js';

/** One stream record: the images, and when the stream says it was made (what dates a hard delete). */
export interface StreamChange {
  readonly before: Opportunity | undefined;
  readonly after: Opportunity | undefined;
  readonly removedAt: string;
}

/** 'applied': links or totals changed; 'unchanged': a replay or a duplicate; 'failed': to be redelivered. */
export type ChangeResult =
  | { readonly outcome: 'applied' | 'unchanged'; readonly attempts: number }
  | { readonly outcome: 'failed'; readonly error: unknown };

export interface RecalculateOptions {
  /** Reads and plans of one deal before its conflict is given up (the change then fails). */
  readonly maxAttempts?: number;
  /** Waits between attempts; injected so tests need not sleep. */
  readonly backoff?: (attempt: number) => Promise<void>;
  /**
   * Deals applied side by side.
   * @default 10
   */
  readonly concurrency?: number;
  /**
   * Sends the transactions of several deals as one, up to this many items; 0 (the default)
   * applies each deal alone. A transaction of many items is not cheaper on every store.
   */
  readonly mergeDealsUpTo?: number;
}

/** The changes of one deal in the batch, in order, with their positions in it. */
interface DealChanges {
  readonly opportunityId: string;
  readonly positions: number[];
  readonly changes: OpportunityChange[];
  readonly streamChanges: StreamChange[];
}

/** A transaction to apply: the writes of changes `from` (inclusive) to `to` (exclusive) of a deal. */
interface PlannedGroup {
  readonly from: number;
  readonly to: number;
  readonly writes: LinkWrite[];
  /** Per change of the group, whether its own plan wrote anything. */
  readonly wrote: boolean[];
}

type Settled = Required<Omit<RecalculateOptions, 'mergeDealsUpTo'>> & { readonly mergeDealsUpTo: number };

/** Field history entries per batched write: DynamoDB's BatchWriteItem takes 25. */
const HISTORY_ENTRIES_PER_CALL = 25;

/** The outcome of every change, in the order given. Throws nothing a change can fail of. */
export async function recalculateBatch(
  repository: DealLinkRepository,
  changes: readonly StreamChange[],
  options: RecalculateOptions = {},
): Promise<ChangeResult[]> {
  const settled: Settled = {
    maxAttempts: options.maxAttempts ?? 6,
    backoff: options.backoff ?? defaultBackoff,
    concurrency: options.concurrency ?? 10,
    mergeDealsUpTo: options.mergeDealsUpTo ?? 0,
  };
  const results: ChangeResult[] = new Array(changes.length);
  const all = dealsOf(changes);
  // The read needs nothing of the history: both at once, one round trip off every batch.
  const [deals, read] = await Promise.all([
    recordHistory(repository, all, settled.concurrency, results),
    repository.readLinks(all.map(partitionsRequestOf)).then(
      (links) => ({ links }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if ('error' in read) {
    // One read for every deal: which deal it failed for is unknown, so they all come again.
    for (const deal of deals) failFrom(deal, 0, read.error, results);
    return results;
  }
  const stored = read.links;
  await applyDeals(repository, deals, stored, settled, results);
  return results;
}

/**
 * The plans of a deal's successive changes, each planned from the links the ones before it
 * would write (starting from `stored`, by repMonthId): what applying them one by one, each
 * after a fresh read, would write.
 */
export function planChanges(changes: readonly OpportunityChange[], stored: ReadonlyMap<string, DealLink>): LinkWrite[][] {
  const links = new Map(stored);
  return changes.map((change) => {
    const plan = planLinkage(change, (repMonth) => links.get(repMonthId(repMonth)));
    for (const write of plan) links.set(repMonthId(write.repMonth), write.link);
    return plan;
  });
}

/**
 * A deal's plans in as few transactions as the item limit allows: successive plans merged
 * while they fit. A single plan past the limit stays alone (the store refuses it).
 */
export function groupPlans(plans: readonly (readonly LinkWrite[])[]): PlannedGroup[] {
  const groups: PlannedGroup[] = [];
  let from = 0;
  for (let to = 1; to <= plans.length; to++) {
    const next = to < plans.length ? mergeLinkWrites(plans.slice(from, to + 1)) : undefined;
    if (next && transactionItemsOf(next) <= MAX_TRANSACTION_ITEMS) continue;
    const members = plans.slice(from, to);
    groups.push({ from, to, writes: mergeLinkWrites(members), wrote: members.map((plan) => plan.length > 0) });
    from = to;
  }
  return groups;
}

/**
 * The field history of every change, in batched writes of 25 entries; then the tombstones of
 * hard deletes. A deal whose history or tombstone could not be written fails whole (the
 * deals that shared its failed write with it too), and is left out of what is returned.
 */
async function recordHistory(
  repository: DealLinkRepository,
  deals: readonly DealChanges[],
  concurrency: number,
  results: ChangeResult[],
): Promise<DealChanges[]> {
  const failed = new Map<DealChanges, unknown>();
  const entries = deals.flatMap((deal) =>
    deal.streamChanges.flatMap(({ before, after, removedAt }): { deal: DealChanges; entry: HistoryEntry }[] => {
      const creation = streamDealCreationOf(before, after);
      return [
        ...(creation ? [{ deal, entry: { creation } }] : []),
        ...fieldChangesOf(before, after, removalInstant(before, removedAt)).map((change) => ({ deal, entry: { change } })),
      ];
    }),
  );
  const calls: (typeof entries)[] = [];
  for (let start = 0; start < entries.length; start += HISTORY_ENTRIES_PER_CALL)
    calls.push(entries.slice(start, start + HISTORY_ENTRIES_PER_CALL));
  await forEach(calls, concurrency, async (call) => {
    try {
      await repository.putHistory(call.map(({ entry }) => entry));
    } catch (error) {
      for (const { deal } of call) failed.set(deal, error);
    }
  });
  // After the history: a stored tombstone means the deal's history is complete.
  await forEach(
    deals.filter((deal) => !failed.has(deal)),
    concurrency,
    async (deal) => {
      try {
        for (const { before, after, removedAt } of deal.streamChanges) {
          const removed = removedOpportunityOf(before, after, removalInstant(before, removedAt));
          if (removed) await repository.putRemovedOpportunity(removed);
        }
      } catch (error) {
        failed.set(deal, error);
      }
    },
  );
  for (const [deal, error] of failed) failFrom(deal, 0, error, results);
  return deals.filter((deal) => !failed.has(deal));
}

async function applyDeals(
  repository: DealLinkRepository,
  deals: readonly DealChanges[],
  stored: ReadonlyMap<string, ReadonlyMap<string, DealLink>>,
  options: Settled,
  results: ChangeResult[],
): Promise<void> {
  const alone: DealChanges[] = [];
  const mergeable: { deal: DealChanges; group: PlannedGroup }[] = [];
  // Each deal planned once from the batch's read; a deal applied alone starts from its plan.
  const planned = new Map<DealChanges, PlannedGroup[]>();
  for (const deal of deals) {
    const groups = groupPlans(planChanges(deal.changes, stored.get(deal.opportunityId) ?? new Map()));
    planned.set(deal, groups);
    const [only] = groups;
    const small = groups.length === 1 && only && !isSinglePut(only.writes) && transactionItemsOf(only.writes) > 0;
    if (options.mergeDealsUpTo > 0 && small) mergeable.push({ deal, group: only });
    else alone.push(deal);
  }
  const packs: (typeof mergeable)[] = [];
  for (const pack of packsOf(mergeable, options.mergeDealsUpTo)) {
    if (pack.length > 1) packs.push(pack);
    else alone.push(...pack.map(({ deal }) => deal));
  }
  const retry: DealChanges[] = [];
  await Promise.all([
    forEach(alone, options.concurrency, (deal) =>
      applyDeal(repository, deal, stored.get(deal.opportunityId) ?? new Map(), options, results, planned.get(deal)),
    ),
    forEach(packs, options.concurrency, async (pack) => {
      try {
        await repository.applyLinkWrites(pack.flatMap(({ group }) => group.writes));
        for (const { deal, group } of pack) settle(deal, group, 1, results);
      } catch {
        // Which deal lost is unknown, and nothing of the pack was written: each alone, read afresh.
        retry.push(...pack.map(({ deal }) => deal));
      }
    }),
  ]);
  if (retry.length === 0) return;
  let fresh: ReadonlyMap<string, ReadonlyMap<string, DealLink>>;
  try {
    fresh = await repository.readLinks(retry.map(partitionsRequestOf));
  } catch (error) {
    for (const deal of retry) failFrom(deal, 0, error, results);
    return;
  }
  await forEach(retry, options.concurrency, (deal) =>
    applyDeal(repository, deal, fresh.get(deal.opportunityId) ?? new Map(), options, results),
  );
}

/**
 * One deal's changes, group by group; on a lost race, its links read again and the rest
 * re-planned. `planned`: the groups already planned from `stored`, for the first attempt.
 */
async function applyDeal(
  repository: DealLinkRepository,
  deal: DealChanges,
  stored: ReadonlyMap<string, DealLink>,
  { maxAttempts, backoff }: Settled,
  results: ChangeResult[],
  planned?: readonly PlannedGroup[],
): Promise<void> {
  let links = stored;
  let done = 0;
  for (let attempt = 1; ; attempt++) {
    const pending = deal.changes.slice(done);
    const groups = attempt === 1 && planned ? planned : groupPlans(planChanges(pending, links));
    try {
      for (const group of groups) {
        if (group.writes.length > 0) await repository.applyLinkWrites(group.writes);
        settle(deal, { ...group, from: done + group.from, to: done + group.to }, attempt, results);
      }
      return;
    } catch (error) {
      done = deal.positions.findIndex((position) => results[position] === undefined);
      if (!(error instanceof ConflictError) || attempt >= maxAttempts) return failFrom(deal, done, error, results);
      await backoff(attempt);
      try {
        const reread = await repository.readLinks([
          { opportunityId: deal.opportunityId, partitions: partitionsOfAll(deal.changes.slice(done)) },
        ]);
        links = reread.get(deal.opportunityId) ?? new Map();
      } catch (readError) {
        return failFrom(deal, done, readError, results);
      }
    }
  }
}

/** The deal's change at `from` and every one behind it fail: the stream redelivers them, in order. */
function failFrom(deal: DealChanges, from: number, error: unknown, results: ChangeResult[]): void {
  for (const position of deal.positions.slice(from)) results[position] = { outcome: 'failed', error };
}

function settle(deal: DealChanges, group: PlannedGroup, attempts: number, results: ChangeResult[]): void {
  for (let index = group.from; index < group.to; index++) {
    results[deal.positions[index] as number] = { outcome: group.wrote[index - group.from] ? 'applied' : 'unchanged', attempts };
  }
}

/** Deals' single transactions packed, in order, while their items fit in `limit`. */
function packsOf<T extends { group: PlannedGroup }>(entries: readonly T[], limit: number): T[][] {
  const packs: T[][] = [];
  let current: T[] = [];
  for (const entry of entries) {
    const candidate = [...current, entry];
    if (current.length > 0 && transactionItemsOf(candidate.flatMap(({ group }) => group.writes)) > Math.min(limit, MAX_TRANSACTION_ITEMS)) {
      packs.push(current);
      current = [entry];
    } else current = candidate;
  }
  if (current.length > 0) packs.push(current);
  return packs;
}

function dealsOf(changes: readonly StreamChange[]): DealChanges[] {
  const deals = new Map<string, DealChanges>();
  for (const [position, { before, after, removedAt }] of changes.entries()) {
    const change = opportunityChangeOf(before, after);
    const deal = getOrCreate(
      deals,
      change.opportunityId,
      (): DealChanges => ({
        opportunityId: change.opportunityId,
        positions: [],
        changes: [],
        streamChanges: [],
      }),
    );
    deal.positions.push(position);
    deal.changes.push(change);
    deal.streamChanges.push({ before, after, removedAt });
  }
  return [...deals.values()];
}

function partitionsRequestOf(deal: DealChanges): { opportunityId: string; partitions: RepMonth[] } {
  return { opportunityId: deal.opportunityId, partitions: partitionsOfAll(deal.changes) };
}

/** Every partition a deal's changes touch, once. */
function partitionsOfAll(changes: readonly OpportunityChange[]): RepMonth[] {
  const partitions: RepMonth[] = [];
  for (const partition of changes.flatMap(partitionsOf)) {
    if (!partitions.some((known) => sameRepMonth(known, partition))) partitions.push(partition);
  }
  return partitions;
}

/**
 * The instant of a removal, never before the version it removes: the stream dates a removal
 * by its record, in whole seconds (whole minutes on DynamoDB Local), and that version may
 * have been written later within the same second.
 */
export function removalInstant(before: Opportunity | undefined, removedAt: string): string {
  return before && Date.parse(before.updatedAt) > Date.parse(removedAt) ? before.updatedAt : removedAt;
}

/**
 * What a hard delete leaves of a deal: its last image, deleted by one more version dated at
 * the removal (as a soft delete would have been). An image already soft-deleted is kept as
 * it was: its delete is already in the history, and its past before the delete still counts.
 * Undefined for anything but a removal.
 */
export function removedOpportunityOf(
  before: Opportunity | undefined,
  after: Opportunity | undefined,
  removedAt: string,
): Opportunity | undefined {
  if (!before || after) return undefined;
  return before.deleted ? before : { ...before, deleted: true, version: before.version + 1, updatedAt: removedAt };
}

/** Runs `work` on every item, at most `concurrency` at once. */
async function forEach<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function defaultBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * 20 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
