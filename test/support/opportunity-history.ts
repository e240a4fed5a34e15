import fc from 'fast-check';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { anOpportunity } from './opportunity-factory.js';

/** One write of a random history of opportunity writes. */
export type Command =
  | {
      readonly kind: 'upsert';
      readonly deal: number;
      readonly ownerIndex: number;
      readonly stageIndex: number;
      readonly closeDateIndex: number;
      readonly amount: number;
      readonly probability: number | null;
    }
  | { readonly kind: 'stage'; readonly deal: number; readonly stageIndex: number }
  | { readonly kind: 'amount'; readonly deal: number; readonly amount: number }
  | { readonly kind: 'closeDate'; readonly deal: number; readonly closeDateIndex: number }
  | { readonly kind: 'owner'; readonly deal: number; readonly ownerIndex: number }
  | { readonly kind: 'softDelete'; readonly deal: number }
  | { readonly kind: 'hardDelete'; readonly deal: number };

/** Close dates spanning month and year boundaries, so close-date moves relink across months. */
export const CLOSE_DATES = ['2026-11-20', '2026-11-30', '2026-12-01', '2026-12-31', '2027-01-01', '2027-02-14'] as const;
const STAGES = DEFAULT_STAGES.stages;

export function commandArbitrary(deals: number, owners: number): fc.Arbitrary<Command> {
  const deal = fc.integer({ min: 0, max: deals - 1 });
  const ownerIndex = fc.integer({ min: 0, max: owners - 1 });
  const stageIndex = fc.integer({ min: 0, max: STAGES.length - 1 });
  const closeDateIndex = fc.integer({ min: 0, max: CLOSE_DATES.length - 1 });
  const amount = fc.integer({ min: 0, max: 50_000_000 });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('upsert' as const),
        deal,
        ownerIndex,
        stageIndex,
        closeDateIndex,
        amount,
        probability: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('stage' as const), deal, stageIndex }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('amount' as const), deal, amount }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('closeDate' as const), deal, closeDateIndex }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('owner' as const), deal, ownerIndex }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('softDelete' as const), deal }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('hardDelete' as const), deal }) },
  );
}

export interface DealHistory {
  /** The item as it stands at the end; undefined after a hard delete. */
  current: Opportunity | undefined;
  /** Versions since the deal was last created or revived: what its quality counters follow. */
  versionsSinceCreation: Opportunity[];
  /** Hard-deleted deals are never written again (a re-created item would restart at version 1). */
  gone: boolean;
}

export interface Write {
  readonly before: Opportunity | undefined;
  readonly after: Opportunity | undefined;
}

/**
 * Interprets commands the way the API would write the items: versions +1 per change,
 * soft deletes kept with `deleted: true`, a change that changes nothing writes nothing.
 */
export function interpret(
  commands: readonly Command[],
  ids: { deal: (index: number) => string; owner: (index: number) => string },
  startAt: Date,
) {
  const deals = new Map<number, DealHistory>();
  const writes: Write[] = [];
  let clock = startAt.getTime();
  for (const command of commands) {
    clock += 7 * 60_000 + (command.deal + 1) * 1_000;
    const at = new Date(clock).toISOString();
    const history = deals.get(command.deal) ?? { current: undefined, versionsSinceCreation: [], gone: false };
    deals.set(command.deal, history);
    if (history.gone) continue;
    const before = history.current;
    const live = before && !before.deleted ? before : undefined;
    let after: Opportunity | undefined;
    switch (command.kind) {
      case 'upsert': {
        const stage = STAGES[command.stageIndex]!;
        const fields = {
          ownerId: ids.owner(command.ownerIndex),
          stageId: stage.id,
          stageOutcome: stage.outcome,
          closeDate: CLOSE_DATES[command.closeDateIndex]!,
          amount: command.amount,
          probability: command.probability,
        };
        after = before
          ? { ...before, ...fields, deleted: false, version: before.version + 1, updatedAt: at }
          : anOpportunity({ id: ids.deal(command.deal), ...fields, createdAt: at, updatedAt: at, version: 1 });
        break;
      }
      case 'stage': {
        const stage = STAGES[command.stageIndex]!;
        if (live) after = { ...live, stageId: stage.id, stageOutcome: stage.outcome, version: live.version + 1, updatedAt: at };
        break;
      }
      case 'amount':
        if (live) after = { ...live, amount: command.amount, version: live.version + 1, updatedAt: at };
        break;
      case 'closeDate':
        if (live) after = { ...live, closeDate: CLOSE_DATES[command.closeDateIndex]!, version: live.version + 1, updatedAt: at };
        break;
      case 'owner':
        if (live) after = { ...live, ownerId: ids.owner(command.ownerIndex), version: live.version + 1, updatedAt: at };
        break;
      case 'softDelete':
        if (live) after = { ...live, deleted: true, version: live.version + 1, updatedAt: at };
        break;
      case 'hardDelete':
        if (before) {
          writes.push({ before, after: undefined });
          history.current = undefined;
          history.gone = true;
        }
        continue;
    }
    if (!after || (before && sameContent(before, after))) continue;
    writes.push({ before, after });
    history.current = after;
    if (!live && !after.deleted) history.versionsSinceCreation = [after];
    else if (!after.deleted) history.versionsSinceCreation.push(after);
  }
  return { deals, writes };
}

function sameContent(a: Opportunity, b: Opportunity): boolean {
  const strip = ({ version: _v, updatedAt: _u, ...rest }: Opportunity) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

/** A small seeded generator, so a failing run replays exactly from fast-check's seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}
