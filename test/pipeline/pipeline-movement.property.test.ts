import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, type StageConfiguration } from '#core/organisation/stage.js';
import {
  type CloseWindow,
  dealMovementsOf,
  type MovementInput,
  type MovementRow,
  pipelineMovementOf,
} from '#core/pipeline/pipeline-movement.js';
import type { DealState } from '#core/pipeline/pipeline-rebuild.js';
import { addMonths } from '#core/shared/period.js';

const FROM = '2026-12-01T00:00:00.000Z';
const TO = '2027-01-01T00:00:00.000Z';

/** A later configuration: one stage renamed, one retired, one added, so stage rows come from both and from neither. */
const REWORKED: StageConfiguration = {
  stages: [
    { id: 'discovery', name: 'Discovery', probability: 10, outcome: 'open' },
    { id: 'proposal-made', name: 'Proposal', probability: 50, outcome: 'open' },
    { id: 'negotiation', name: 'Negotiation', probability: 75, outcome: 'open' },
    { id: 'closed-won', name: 'Closed Won', probability: 100, outcome: 'won' },
    { id: 'closed-lost', name: 'Closed Lost', probability: 0, outcome: 'lost' },
  ],
};
const STAGE_IDS = [
  'prospecting',
  'investigation',
  'proposal-made',
  'negotiation',
  'discovery',
  'closed-won',
  'closed-lost',
  'legacy-a',
  'legacy-b',
];
const OWNERS = ['dave', 'erin', 'zoe'];
const FIRST_MONTH = '2026-10';
const monthArbitrary = fc.integer({ min: 0, max: 7 }).map((offset) => addMonths(FIRST_MONTH, offset));

interface GeneratedState {
  readonly stageId: string;
  readonly ownerId: string;
  readonly closeMonth: string;
  readonly amount: number;
}

const stateArbitrary: fc.Arbitrary<GeneratedState> = fc.record({
  stageId: fc.constantFrom(...STAGE_IDS),
  ownerId: fc.constantFrom(...OWNERS),
  closeMonth: monthArbitrary,
  amount: fc.integer({ min: 0, max: 1e11 }),
});

/** A deal at each instant, absent (not created yet or deleted) when undefined; often unchanged between the two. */
const dealArbitrary = fc.oneof(
  fc.record({ from: fc.option(stateArbitrary, { nil: undefined }), to: fc.option(stateArbitrary, { nil: undefined }) }),
  stateArbitrary.chain((from) =>
    fc
      .record({
        amount: fc.option(fc.integer({ min: 0, max: 1e11 }), { nil: undefined }),
        closeMonth: fc.option(monthArbitrary, { nil: undefined }),
      })
      .map(({ amount, closeMonth }) => ({
        from,
        to: { ...from, amount: amount ?? from.amount, closeMonth: closeMonth ?? from.closeMonth },
      })),
  ),
);

const windowArbitrary: fc.Arbitrary<CloseWindow | undefined> = fc.option(
  fc
    .record({ fromMonth: monthArbitrary, toMonth: monthArbitrary }, { requiredKeys: [] })
    .map((window) =>
      window.fromMonth !== undefined && window.toMonth !== undefined && window.fromMonth > window.toMonth
        ? { fromMonth: window.toMonth, toMonth: window.fromMonth }
        : window,
    ),
  { nil: undefined },
);

const scenarioArbitrary = fc.record({
  deals: fc.array(dealArbitrary, { maxLength: 30 }),
  scopeOwners: fc.subarray(OWNERS),
  closeWindow: windowArbitrary,
  stagesFrom: fc.constantFrom(DEFAULT_STAGES, REWORKED),
  stagesTo: fc.constantFrom(DEFAULT_STAGES, REWORKED),
});

type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer S> ? S : never;

function dealStateOf(opportunityId: string, generated: GeneratedState, stages: StageConfiguration): DealState {
  const outcome = stages.stages.find((stage) => stage.id === generated.stageId)?.outcome ?? 'open';
  return {
    opportunityId,
    ownerId: generated.ownerId,
    stageId: generated.stageId,
    closeDate: `${generated.closeMonth}-15`,
    amount: generated.amount,
    probability: null,
    outcome,
    teamId: undefined,
  };
}

function inputOf(scenario: Scenario): MovementInput {
  const statesFrom = new Map<string, DealState>();
  const statesTo = new Map<string, DealState>();
  scenario.deals.forEach(({ from, to }, index) => {
    const id = `opp-${index}`;
    if (from) statesFrom.set(id, dealStateOf(id, from, scenario.stagesFrom));
    if (to) statesTo.set(id, dealStateOf(id, to, scenario.stagesTo));
  });
  const inScope = new Set(scenario.scopeOwners);
  return {
    from: FROM,
    to: TO,
    statesFrom,
    statesTo,
    inScope: (deal) => inScope.has(deal.ownerId),
    ...(scenario.closeWindow ? { closeWindow: scenario.closeWindow } : {}),
    stagesFrom: scenario.stagesFrom,
    stagesTo: scenario.stagesTo,
  };
}

/** The open pipeline at one instant by stage, straight from the definition, without the module. */
function pipelineByStage(states: ReadonlyMap<string, DealState>, input: MovementInput): Map<string, { amount: number; count: number }> {
  const { fromMonth, toMonth } = input.closeWindow ?? {};
  const byStage = new Map<string, { amount: number; count: number }>();
  for (const deal of states.values()) {
    const month = deal.closeDate.slice(0, 7);
    if (deal.outcome !== 'open' || !input.inScope(deal) || (fromMonth && month < fromMonth) || (toMonth && month > toMonth)) continue;
    const figures = byStage.get(deal.stageId) ?? { amount: 0, count: 0 };
    byStage.set(deal.stageId, { amount: figures.amount + deal.amount, count: figures.count + 1 });
  }
  return byStage;
}

/** The right-hand side of the balance, every term written out. */
function balanced(row: MovementRow, figure: 'amount' | 'count'): number {
  const r = (term: keyof MovementRow): number => (row[term] as { amount: number; count: number })[figure];
  const amountOnly = figure === 'amount' ? r('grown') - r('shrunk') : 0;
  return (
    r('opening') +
    r('new') +
    r('reopened') +
    r('pulledIn') +
    r('slippedIn') +
    r('reassignedIn') +
    r('movedIn') +
    amountOnly -
    r('movedOut') -
    r('won') -
    r('lost') -
    r('removed') -
    r('slippedOut') -
    r('pulledOut') -
    r('reassignedOut')
  );
}

const sum = (rows: readonly MovementRow[], term: keyof MovementRow, figure: 'amount' | 'count'): number =>
  rows.reduce((total, row) => total + (row[term] as { amount: number; count: number })[figure], 0);

describe('pipelineMovementOf over random pairs of deal states (property)', () => {
  it('balances every stage and the total exactly, for amounts and counts', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        // Prepare
        const input = inputOf(scenario);
        // Act
        const movement = pipelineMovementOf(input);
        // Assess
        for (const row of [movement.total, ...movement.byStage]) {
          expect(row.closing.amount).toBe(balanced(row, 'amount'));
          expect(row.closing.count).toBe(balanced(row, 'count'));
          const delta = row.closing.amount - row.opening.amount;
          expect(row.direction).toBe(delta > 0 ? 'grown' : delta < 0 ? 'shrunk' : 'unchanged');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('opens and closes each stage with the open pipeline in scope and window at each instant, and the total with their sum', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        // Prepare
        const input = inputOf(scenario);
        const opening = pipelineByStage(input.statesFrom, input);
        const closing = pipelineByStage(input.statesTo, input);
        // Act
        const movement = pipelineMovementOf(input);
        // Assess: every stage with deals has a row, every row the definition's figures
        const rows = new Map(movement.byStage.map((row) => [row.stageId, row]));
        for (const stageId of [...opening.keys(), ...closing.keys()]) expect(rows.has(stageId)).toBe(true);
        for (const row of movement.byStage) {
          expect(row.opening).toEqual(opening.get(row.stageId) ?? { amount: 0, count: 0 });
          expect(row.closing).toEqual(closing.get(row.stageId) ?? { amount: 0, count: 0 });
        }
        for (const term of [
          'opening',
          'closing',
          'new',
          'reopened',
          'pulledIn',
          'slippedIn',
          'reassignedIn',
          'won',
          'lost',
          'removed',
          'slippedOut',
          'pulledOut',
          'reassignedOut',
          'slipped',
          'pulledForward',
        ] as const) {
          expect([term, movement.total[term].amount, movement.total[term].count]).toEqual([
            term,
            sum(movement.byStage, term, 'amount'),
            sum(movement.byStage, term, 'count'),
          ]);
        }
        // A stage move is no movement of the whole pipeline.
        expect([movement.total.movedIn, movement.total.movedOut]).toEqual([
          { amount: 0, count: 0 },
          { amount: 0, count: 0 },
        ]);
        expect(sum(movement.byStage, 'movedIn', 'count')).toBe(sum(movement.byStage, 'movedOut', 'count'));
      }),
      { numRuns: 500 },
    );
  });

  it('lists the configured open stages first, in order, and classifies each deal in the pipeline at either instant once', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        // Prepare
        const input = inputOf(scenario);
        const openTo = input.stagesTo.stages.filter((stage) => stage.outcome === 'open').map((stage) => stage.id);
        const openFromOnly = input.stagesFrom.stages
          .filter((stage) => stage.outcome === 'open' && !openTo.includes(stage.id))
          .map((stage) => stage.id);
        const inPipelineIds = (states: ReadonlyMap<string, DealState>): string[] =>
          [...states.values()]
            .filter((deal) => {
              const month = deal.closeDate.slice(0, 7);
              const { fromMonth, toMonth } = input.closeWindow ?? {};
              return deal.outcome === 'open' && input.inScope(deal) && !(fromMonth && month < fromMonth) && !(toMonth && month > toMonth);
            })
            .map((deal) => deal.opportunityId);
        const expectedIds = [...new Set([...inPipelineIds(input.statesFrom), ...inPipelineIds(input.statesTo)])].sort();
        // Act
        const movement = pipelineMovementOf(input);
        const deals = dealMovementsOf(input);
        // Assess
        const stageIds = movement.byStage.map((row) => row.stageId);
        expect(stageIds.slice(0, openTo.length + openFromOnly.length)).toEqual([...openTo, ...openFromOnly]);
        expect(new Set(stageIds).size).toBe(stageIds.length);
        expect(deals.map((deal) => deal.opportunityId)).toEqual(expectedIds);
      }),
      { numRuns: 300 },
    );
  });

  it('gives each deal a movement its two states bear out (the reason, not only the balance)', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        // Prepare
        const input = inputOf(scenario);
        const { fromMonth, toMonth } = input.closeWindow ?? {};
        const afterWindow = (month: string): boolean => toMonth !== undefined && month > toMonth;
        const beforeWindow = (month: string): boolean => fromMonth !== undefined && month < fromMonth;
        const openInScope = (deal: DealState | undefined): boolean => deal !== undefined && deal.outcome === 'open' && input.inScope(deal);
        // Act
        const deals = dealMovementsOf(input);
        // Assess
        for (const { opportunityId, movement, closeMonthShift } of deals) {
          const from = input.statesFrom.get(opportunityId);
          const to = input.statesTo.get(opportunityId);
          const fromMonthOf = from?.closeDate.slice(0, 7) ?? '';
          const toMonthOf = to?.closeDate.slice(0, 7) ?? '';
          const bornOut: Record<typeof movement, boolean> = {
            grown: from !== undefined && to !== undefined && from.stageId === to.stageId && to.amount > from.amount,
            shrunk: from !== undefined && to !== undefined && from.stageId === to.stageId && to.amount < from.amount,
            unchanged: from !== undefined && to !== undefined && from.stageId === to.stageId && to.amount === from.amount,
            moved: from !== undefined && to !== undefined && from.stageId !== to.stageId,
            removed: to === undefined,
            won: to?.outcome === 'won',
            lost: to?.outcome === 'lost',
            reassignedOut: to?.outcome === 'open' && !input.inScope(to),
            slippedOut: openInScope(to) && afterWindow(toMonthOf),
            pulledOut: openInScope(to) && beforeWindow(toMonthOf),
            new: from === undefined,
            reopened: from !== undefined && from.outcome !== 'open',
            reassignedIn: from?.outcome === 'open' && !input.inScope(from),
            pulledIn: openInScope(from) && afterWindow(fromMonthOf),
            slippedIn: openInScope(from) && beforeWindow(fromMonthOf),
          };
          expect([opportunityId, movement, bornOut[movement]]).toEqual([opportunityId, movement, true]);
          const expectedShift =
            !['grown', 'shrunk', 'unchanged', 'moved'].includes(movement) || fromMonthOf === toMonthOf
              ? null
              : toMonthOf > fromMonthOf
                ? 'slipped'
                : 'pulledForward';
          expect(closeMonthShift).toBe(expectedShift);
        }
      }),
      { numRuns: 300 },
    );
  });
});
