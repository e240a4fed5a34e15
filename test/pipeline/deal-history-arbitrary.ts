/**
 * Random deal histories as the table keeps them: each deal's current item (or the
 * tombstone of a hard delete) and field history, as the stream writes them, and the
 * change log (creations and changes) the fast path reads.
 */
import fc from 'fast-check';
import type { FieldChange } from '#core/opportunities/field-history.js';
import type { ChangeLog, CheckpointDeal } from '#core/pipeline/deal-checkpoint.js';
import type { DealRecord } from '#core/pipeline/pipeline-rebuild.js';

export const HISTORY_START = Date.parse('2026-01-01T00:00:00.000Z');
/** Minutes the histories span. */
export const HISTORY_MINUTES = 400;

const STAGES = ['prospecting', 'investigation', 'proposal-made', 'negotiation', 'closed-won', 'closed-lost'] as const;
export const OWNERS = ['ann', 'bob', 'cid'] as const;

type Step =
  | { readonly kind: 'stage'; readonly value: number }
  | { readonly kind: 'amount'; readonly value: number }
  | { readonly kind: 'closeDate'; readonly value: number }
  | { readonly kind: 'owner'; readonly value: number }
  | { readonly kind: 'probability'; readonly value: number | null }
  | { readonly kind: 'delete' }
  | { readonly kind: 'undelete' }
  | { readonly kind: 'hardDelete' };

interface DealPlan {
  readonly createdAfter: number;
  readonly initial: { readonly stage: number; readonly amount: number; readonly owner: number };
  /** Minutes after the previous step (0: the same instant, a later version). */
  readonly steps: readonly { readonly after: number; readonly step: Step }[];
}

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('stage' as const), value: fc.nat(STAGES.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 50_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('closeDate' as const), value: fc.nat(11) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('owner' as const), value: fc.nat(OWNERS.length - 1) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('probability' as const), value: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'undelete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'hardDelete' as const }) },
);

const dealPlanArbitrary: fc.Arbitrary<DealPlan> = fc.record({
  createdAfter: fc.nat(HISTORY_MINUTES / 2),
  initial: fc.record({ stage: fc.nat(3), amount: fc.integer({ min: 0, max: 50_000 }), owner: fc.nat(OWNERS.length - 1) }),
  steps: fc.array(fc.record({ after: fc.nat(20), step: stepArbitrary }), { maxLength: 12 }),
});

export interface GeneratedHistory {
  /** The records the full rebuild reads (every change: the earliest instant is before all). */
  readonly deals: DealRecord[];
  readonly log: ChangeLog;
  /** Deals hard deleted: stored as a tombstone rather than a live item. */
  readonly removed: ReadonlySet<string>;
}

const minute = (offset: number): string => new Date(HISTORY_START + offset * 60_000).toISOString();

function historyOf(plans: readonly DealPlan[]): GeneratedHistory {
  const deals: DealRecord[] = [];
  const creations: CheckpointDeal[] = [];
  const changes: FieldChange[] = [];
  const removedIds = new Set<string>();
  plans.forEach((plan, index) => {
    const id = `deal-${index}`;
    let time = plan.createdAfter;
    const createdAt = minute(time);
    const state = {
      ownerId: OWNERS[plan.initial.owner] as string,
      stageId: STAGES[plan.initial.stage] as string,
      closeDate: '2026-03-31',
      amount: plan.initial.amount,
      probability: null as number | null,
      deleted: false,
    };
    creations.push({ opportunityId: id, ...state, createdAt });
    let version = 1;
    let updatedAt = createdAt;
    let removed = false;
    const record = (field: FieldChange['field'], newValue: FieldChange['newValue']) => {
      const oldValue = state[field];
      if (oldValue === newValue) return;
      version += 1;
      updatedAt = minute(time);
      changes.push({ opportunityId: id, field, oldValue, newValue, changedAt: updatedAt, version });
      (state as Record<string, unknown>)[field] = newValue;
    };
    for (const { after, step } of plan.steps) {
      if (removed) break;
      time += after;
      switch (step.kind) {
        case 'stage':
          record('stageId', STAGES[step.value] as string);
          break;
        case 'amount':
          record('amount', step.value);
          break;
        case 'closeDate':
          record('closeDate', `2026-${String(step.value + 1).padStart(2, '0')}-28`);
          break;
        case 'owner':
          record('ownerId', OWNERS[step.value] as string);
          break;
        case 'probability':
          record('probability', step.value);
          break;
        case 'delete':
          record('deleted', true);
          break;
        case 'undelete':
          record('deleted', false);
          break;
        case 'hardDelete':
          // A tombstone: the last image, deleted by one more version (none if already deleted).
          record('deleted', true);
          removed = true;
          removedIds.add(id);
          break;
      }
    }
    deals.push({
      current: { id, ...state, createdAt, updatedAt, version },
      history: changes.filter((change) => change.opportunityId === id),
      appliedVersion: version,
    });
  });
  return { deals, log: { creations, changes }, removed: removedIds };
}

export const generatedHistoryArbitrary = (maxDeals = 6): fc.Arbitrary<GeneratedHistory> =>
  fc.array(dealPlanArbitrary, { minLength: 1, maxLength: maxDeals }).map(historyOf);

/** An instant of the history's span, on a whole minute (so it often equals a change's instant). */
export const instantArbitrary: fc.Arbitrary<string> = fc.integer({ min: -5, max: HISTORY_MINUTES + 50 }).map(minute);
