/** Deal links, month totals and cells in memory, with DynamoDB's transaction rules, for the core tests of the recalculation. */
import type { DealLink } from '#core/linkage/deal-link.js';
import type { DealLinkRepository, DealPartitions, HistoryEntry } from '#core/linkage/deal-link-repository.js';
import type { LinkWrite } from '#core/linkage/linkage.js';
import { MAX_TRANSACTION_ITEMS, monthChangesOf, transactionItemsOf } from '#core/linkage/merge-link-writes.js';
import { repMonthId } from '#core/linkage/rep-month.js';
import type { FieldChange } from '#core/opportunities/field-history.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import type { CheckpointDeal } from '#core/pipeline/deal-checkpoint.js';
import { type Counters, withoutZeros } from '#core/shared/counters.js';
import { ConflictError } from '#core/shared/errors.js';

export type Call = 'readLinks' | 'applyLinkWrites' | 'putHistory' | 'putRemovedOpportunity';

export class InMemoryDealLinks implements DealLinkRepository {
  readonly links = new Map<string, DealLink>();
  readonly totals = new Map<string, Counters>();
  /** The month records' rev: one per change of their totals. */
  readonly revs = new Map<string, number>();
  readonly cells = new Map<string, Counters>();
  readonly history = new Map<string, FieldChange>();
  readonly creations = new Map<string, CheckpointDeal>();
  readonly removed = new Map<string, Opportunity>();
  readonly calls: { call: Call; size: number }[] = [];
  /** Runs before a call does anything: throw to make it fail. */
  fault: (call: Call, subject: readonly unknown[]) => void | Promise<void> = () => {};

  async readLinks(requests: readonly DealPartitions[]): Promise<Map<string, Map<string, DealLink>>> {
    await this.before('readLinks', requests);
    const found = new Map<string, Map<string, DealLink>>();
    for (const { opportunityId, partitions } of requests) {
      for (const partition of partitions) {
        const link = this.links.get(linkKey(opportunityId, repMonthId(partition)));
        if (!link) continue;
        const links = found.get(opportunityId) ?? new Map<string, DealLink>();
        links.set(repMonthId(link), link);
        found.set(opportunityId, links);
      }
    }
    return found;
  }

  /** As a DynamoDB transaction: every condition holds or nothing is written; an item at most once; at most 100. */
  async applyLinkWrites(writes: readonly LinkWrite[]): Promise<void> {
    await this.before('applyLinkWrites', writes);
    const keys = writes.map((write) => linkKey(write.link.opportunityId, repMonthId(write.repMonth)));
    if (new Set(keys).size !== keys.length) throw new Error('a transaction touches a link twice');
    if (transactionItemsOf(writes) > MAX_TRANSACTION_ITEMS) throw new Error('a transaction past 100 items');
    for (const [index, write] of writes.entries()) {
      if ((this.links.get(keys[index]!)?.version ?? null) !== write.expectedVersion) throw new ConflictError('lost a race');
    }
    for (const [index, write] of writes.entries()) {
      this.links.set(keys[index]!, write.link);
      const changes = monthChangesOf(write);
      if (changes > 0) {
        const month = repMonthId(write.repMonth);
        this.totals.set(month, add(this.totals.get(month) ?? {}, write.delta));
        this.revs.set(month, (this.revs.get(month) ?? 0) + changes);
      }
      for (const [cell, delta] of write.conversionDelta) this.cells.set(cell, add(this.cells.get(cell) ?? {}, delta));
    }
  }

  async putHistory(entries: readonly HistoryEntry[]): Promise<void> {
    await this.before('putHistory', entries);
    for (const entry of entries) {
      if ('creation' in entry) this.creations.set(entry.creation.opportunityId, entry.creation);
      else this.history.set(`${entry.change.opportunityId}|${entry.change.field}|${entry.change.version}`, entry.change);
    }
  }

  async putRemovedOpportunity(opportunity: Opportunity): Promise<void> {
    await this.before('putRemovedOpportunity', [opportunity]);
    if (!this.removed.has(opportunity.id)) this.removed.set(opportunity.id, opportunity);
  }

  /** Everything stored, zeros left out (ADDing to 0 and not writing read alike). */
  state() {
    const nonZero = (map: Map<string, Counters>) =>
      new Map(
        [...map]
          .map(([key, counters]) => [key, withoutZeros(counters)] as const)
          .filter(([, counters]) => Object.keys(counters).length > 0),
      );
    return {
      links: new Map(this.links),
      totals: nonZero(this.totals),
      revs: new Map(this.revs),
      cells: nonZero(this.cells),
      history: new Map(this.history),
      removed: new Map(this.removed),
    };
  }

  count(call: Call): number {
    return this.calls.filter((entry) => entry.call === call).length;
  }

  private async before(call: Call, subject: readonly unknown[]): Promise<void> {
    this.calls.push({ call, size: subject.length });
    await this.fault(call, subject);
  }
}

function linkKey(opportunityId: string, repMonth: string): string {
  return `${opportunityId}|${repMonth}`;
}

function add(a: Counters, b: Counters): Counters {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}
