/**
 * The batched recalculation against an in-memory store: it ends exactly where applying the
 * changes one by one ends, in a batched write, a batched read and one transaction per deal;
 * a conflict re-reads only its deal; a failure holds back only its deal, from that change on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LinkWrite } from '#core/linkage/linkage.js';
import { MAX_TRANSACTION_ITEMS, mergeLinkWrites, transactionItemsOf } from '#core/linkage/merge-link-writes.js';
import { groupPlans, recalculateBatch, type StreamChange } from '#core/linkage/recalculate-batch.js';
import { recalculateOpportunity } from '#core/linkage/recalculate-opportunity.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { ConflictError } from '#core/shared/errors.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';
import { commandArbitrary, interpret } from '../support/opportunity-history.js';
import { InMemoryDealLinks } from './in-memory-deal-links.js';

const noWait = async () => {};
const at = '2026-11-02T00:00:00.000Z';
const change = (before: Opportunity | undefined, after: Opportunity | undefined): StreamChange => ({ before, after, removedAt: at });

/** Random histories of a few deals, as stream changes, and where to cut them into batches. */
const historyArbitrary = fc.record({
  commands: fc.array(commandArbitrary(5, 3), { minLength: 1, maxLength: 40 }),
  cuts: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 40 }),
});

function changesOf(commands: Parameters<typeof interpret>[0]): StreamChange[] {
  const { writes } = interpret(commands, { deal: (i) => `deal${i}`, owner: (i) => `rep${i}` }, new Date('2026-11-01T08:00:00.000Z'));
  return writes.map(({ before, after }) => change(before, after));
}

function batchesOf<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0, cut = 0; start < items.length; cut++) {
    const size = cuts[cut % cuts.length]!;
    batches.push(items.slice(start, start + size));
    start += size;
  }
  return batches;
}

async function oneByOne(changes: readonly StreamChange[]): Promise<InMemoryDealLinks> {
  const store = new InMemoryDealLinks();
  for (const { before, after, removedAt } of changes) await recalculateOpportunity(store, before, after, removedAt, { backoff: noWait });
  return store;
}

describe('recalculateBatch', () => {
  it('ends where the changes applied one by one end, whatever the batches, and a redelivered batch changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, fc.integer({ min: 0, max: 30 }), async ({ commands, cuts }, mergeDealsUpTo) => {
        const changes = changesOf(commands);
        const expected = (await oneByOne(changes)).state();

        const store = new InMemoryDealLinks();
        for (const batch of batchesOf(changes, cuts)) {
          const calls = store.calls.length;
          const results = await recalculateBatch(store, batch, { backoff: noWait, mergeDealsUpTo });
          expect(results.every((result) => result.outcome !== 'failed')).toBe(true);
          const made = store.calls.slice(calls);
          const deals = new Set(batch.map(({ before, after }) => (after ?? before)!.id)).size;
          // One read for the batch, at most one transaction per deal (no conflicts here).
          expect(made.filter(({ call }) => call === 'readLinks')).toHaveLength(1);
          expect(made.filter(({ call }) => call === 'applyLinkWrites').length).toBeLessThanOrEqual(deals);

          const before = store.state();
          const again = await recalculateBatch(store, batch, { backoff: noWait, mergeDealsUpTo });
          expect(again.every((result) => result.outcome === 'unchanged')).toBe(true);
          expect(store.state()).toEqual(before);
        }
        expect(store.state()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('writes the changes of one deal as one transaction, its rev counting each change', async () => {
    const created = anOpportunity({ id: 'chain', ownerId: 'kim', stageId: 'negotiation' });
    const won = nextVersion(created, '2016-02-01T09:00:00.000Z', { stageId: 'closed-won', stageOutcome: 'won' });
    const renamed = nextVersion(won, '2016-02-02T09:00:00.000Z', { name: 'Renamed' });
    const store = new InMemoryDealLinks();

    const results = await recalculateBatch(store, [change(undefined, created), change(created, won), change(won, renamed)]);

    expect(results).toEqual([1, 2, 3].map(() => ({ outcome: 'applied', attempts: 1 })));
    expect(store.calls.map(({ call }) => call)).toEqual(['putHistory', 'readLinks', 'applyLinkWrites']);
    expect([...store.links.values()]).toMatchObject([{ version: 3, name: 'Renamed', stageId: 'closed-won' }]);
    expect([...store.revs.values()]).toEqual([2]);
  });

  it('re-reads and re-plans only the deal that lost a race, and counts nothing twice', async () => {
    const store = new InMemoryDealLinks();
    const deals = ['a', 'b', 'c'].map((id) => anOpportunity({ id, ownerId: 'kim' }));
    const moved = deals.map((deal) => nextVersion(deal, '2016-02-01T09:00:00.000Z', { stageId: 'negotiation' }));
    await recalculateBatch(
      store,
      deals.map((deal) => change(undefined, deal)),
    );
    const reads = store.count('readLinks');
    // Another writer (a redelivery on another shard) applies b's move just before the batch's transaction for b.
    store.fault = async (call, writes) => {
      if (call !== 'applyLinkWrites' || !(writes as LinkWrite[]).some((write) => write.link.opportunityId === 'b')) return;
      store.fault = () => {};
      await recalculateOpportunity(store, deals[1], moved[1], at);
    };

    const results = await recalculateBatch(
      store,
      deals.map((deal, index) => change(deal, moved[index])),
      { backoff: noWait },
    );

    expect(results.map((result) => result.outcome)).toEqual(['applied', 'unchanged', 'applied']);
    expect(results[1]).toMatchObject({ attempts: 2 });
    // The batch's read, the other writer's, and b's again.
    expect(store.count('readLinks') - reads).toBe(3);
    expect(store.state()).toEqual(
      (await oneByOne([...deals.map((deal) => change(undefined, deal)), ...deals.map((deal, i) => change(deal, moved[i]))])).state(),
    );
  });

  it('fails a deal from the change it could not apply on, and goes on with the others', async () => {
    const store = new InMemoryDealLinks();
    const first = anOpportunity({ id: 'first', ownerId: 'kim' });
    const second = anOpportunity({ id: 'second', ownerId: 'kim' });
    const secondMoved = nextVersion(second, '2016-01-06T09:00:00.000Z', { closeDate: '2016-03-01' });
    const third = anOpportunity({ id: 'third', ownerId: 'kim' });
    const throttled = new Error('throttled');
    store.fault = (call, writes) => {
      if (call === 'applyLinkWrites' && (writes as LinkWrite[]).some((write) => write.link.opportunityId === 'second')) throw throttled;
    };

    const results = await recalculateBatch(store, [
      change(undefined, first),
      change(undefined, second),
      change(second, secondMoved),
      change(undefined, third),
    ]);

    expect(results).toEqual([
      { outcome: 'applied', attempts: 1 },
      { outcome: 'failed', error: throttled },
      { outcome: 'failed', error: throttled },
      { outcome: 'applied', attempts: 1 },
    ]);
  });

  it('fails the deals whose history write failed, whole, and no others', async () => {
    const store = new InMemoryDealLinks();
    // 26 deals, each created (a creation entry) and moved (a field change): 52 entries, in
    // three history writes of 25, 25 and 2; the second one (entries 25–49: the move of deal12
    // and both entries of deal13 to deal24) fails.
    const deals = Array.from({ length: 26 }, (_, i) => anOpportunity({ id: `deal${String(i).padStart(2, '0')}`, ownerId: 'kim' }));
    const changes = deals.flatMap((deal) => [
      change(undefined, deal),
      change(deal, nextVersion(deal, '2016-02-01T09:00:00.000Z', { stageId: 'negotiation' })),
    ]);
    let historyCalls = 0;
    store.fault = (call) => {
      if (call === 'putHistory' && ++historyCalls === 2) throw new Error('throttled');
    };

    const results = await recalculateBatch(store, changes, { concurrency: 1 });

    expect(results.map((result) => result.outcome)).toEqual([
      ...Array(24).fill('applied'),
      ...Array(26).fill('failed'),
      'applied',
      'applied',
    ]);
    expect(store.count('readLinks')).toBe(1);
  });

  it('merges the transactions of several deals; if that one loses a race, each deal is read again and applied alone', async () => {
    const store = new InMemoryDealLinks();
    const deals = ['a', 'b', 'c'].map((id) => anOpportunity({ id, ownerId: 'kim' }));
    let transactions = 0;
    store.fault = (call) => {
      if (call === 'applyLinkWrites' && ++transactions === 1) throw new ConflictError('injected');
    };

    const results = await recalculateBatch(
      store,
      deals.map((deal) => change(undefined, deal)),
      { mergeDealsUpTo: 25, backoff: noWait },
    );

    expect(results.map((result) => result.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(store.calls.map(({ call, size }) => `${call} ${size}`)).toEqual([
      'putHistory 3',
      'readLinks 3',
      'applyLinkWrites 3',
      'readLinks 3',
      'applyLinkWrites 1',
      'applyLinkWrites 1',
      'applyLinkWrites 1',
    ]);
    expect(store.state()).toEqual((await oneByOne(deals.map((deal) => change(undefined, deal)))).state());
  });
});

describe('groupPlans', () => {
  it('merges successive plans while they fit in a transaction, and no further', () => {
    const write = (version: number, cells: number): LinkWrite => ({
      repMonth: { repId: 'kim', month: '2016-01' },
      expectedVersion: version - 1 || null,
      link: { ...linkStub, version },
      delta: { 'count|prospecting': 1 },
      conversionDelta: new Map(Array.from({ length: cells }, (_, i) => [`${version}-${i}#kim`, { x: version }])),
    });
    // 32 items each: three fit in one transaction (92 items), a fourth would not.
    const plans = Array.from({ length: 5 }, (_, i) => [write(i + 1, 30)]);

    const groups = groupPlans(plans);

    expect(groups.map(({ from, to }) => [from, to])).toEqual([
      [0, 3],
      [3, 5],
    ]);
    for (const group of groups) expect(transactionItemsOf(group.writes)).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
    expect(mergeLinkWrites(plans.slice(0, 3))).toMatchObject([{ expectedVersion: null, link: { version: 3 }, monthChanges: 3 }]);
  });
});

const linkStub = {
  opportunityId: 'deal',
  repId: 'kim',
  month: '2016-01',
  version: 1,
  live: true,
  name: 'Deal',
  account: 'Acme',
  stageId: 'prospecting',
  stageOutcome: 'open' as const,
  closeDate: '2016-01-31',
  amount: 0,
  probability: null,
  familyAmounts: {},
  priority: false,
  quality: { createdAt: '2016-01-01T00:00:00.000Z', closeMonthExtensions: 0, lastStageChangeAt: null, closedAt: null },
};
