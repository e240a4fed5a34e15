import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, type StageConfiguration } from '#core/organisation/stage.js';
import {
  dealMovementsOf,
  type MovementFigures,
  type MovementInput,
  type MovementRow,
  pipelineMovementOf,
} from '#core/pipeline/pipeline-movement.js';
import type { DealState } from '#core/pipeline/pipeline-rebuild.js';
import { ValidationError } from '#core/shared/errors.js';

const FROM = '2026-12-01T00:00:00.000Z';
const TO = '2027-01-01T00:00:00.000Z';

function aState(overrides: Partial<DealState> = {}): DealState {
  return {
    opportunityId: 'opp-1',
    ownerId: 'dave',
    stageId: 'proposal-made',
    closeDate: '2027-01-20',
    amount: 1_000_000,
    probability: null,
    outcome: 'open',
    teamId: 'team-north',
    ...overrides,
  };
}

function statesOf(...states: DealState[]): Map<string, DealState> {
  return new Map(states.map((state) => [state.opportunityId, state]));
}

function movementInput(overrides: Partial<MovementInput> = {}): MovementInput {
  return {
    from: FROM,
    to: TO,
    statesFrom: new Map(),
    statesTo: new Map(),
    inScope: () => true,
    stagesFrom: DEFAULT_STAGES,
    stagesTo: DEFAULT_STAGES,
    ...overrides,
  };
}

const figures = (amount: number, count: number): MovementFigures => ({ amount, count });
const NONE = figures(0, 0);

/** The row's non-zero terms, so an example states every figure it expects and no other. */
function nonZero(row: MovementRow): Record<string, MovementFigures | string> {
  return Object.fromEntries(
    Object.entries(row).filter(
      ([term, value]) => term === 'direction' || (typeof value === 'object' && (value.amount !== 0 || value.count !== 0)),
    ),
  );
}

function stageRow(input: MovementInput, stageId: string): MovementRow {
  const row = pipelineMovementOf(input).byStage.find((stage) => stage.stageId === stageId);
  if (!row) throw new Error(`no row for ${stageId}`);
  return row;
}

describe('pipelineMovementOf: deals in the pipeline at both instants', () => {
  it('reports a same-stage amount change as grown or shrunk, and an unchanged deal in neither', () => {
    // Prepare
    const input = movementInput({
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-1', amount: 1_000_000 }),
        aState({ opportunityId: 'opp-2', amount: 2_000_000 }),
        aState({ opportunityId: 'opp-3', amount: 500_000 }),
      ),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-1', amount: 1_250_000 }),
        aState({ opportunityId: 'opp-2', amount: 1_500_000 }),
        aState({ opportunityId: 'opp-3', amount: 500_000 }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess: 3,500,000 + 250,000 - 500,000 = 3,250,000
    const expected = {
      opening: figures(3_500_000, 3),
      grown: figures(250_000, 1),
      shrunk: figures(500_000, 1),
      closing: figures(3_250_000, 3),
      direction: 'shrunk',
    };
    expect(nonZero(stageRow(input, 'proposal-made'))).toEqual(expected);
    expect(nonZero(movement.total)).toEqual(expected);
  });

  it('moves a deal that changed stage out of the old stage at its old amount and into the new one at its new amount; the total sees only the growth', () => {
    // Prepare
    const input = movementInput({
      statesFrom: statesOf(aState({ stageId: 'proposal-made', amount: 1_000_000 })),
      statesTo: statesOf(aState({ stageId: 'negotiation', amount: 1_200_000 })),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(nonZero(stageRow(input, 'proposal-made'))).toEqual({
      opening: figures(1_000_000, 1),
      movedOut: figures(1_000_000, 1),
      direction: 'shrunk',
    });
    expect(nonZero(stageRow(input, 'negotiation'))).toEqual({
      movedIn: figures(1_200_000, 1),
      closing: figures(1_200_000, 1),
      direction: 'grown',
    });
    expect(nonZero(movement.total)).toEqual({
      opening: figures(1_000_000, 1),
      grown: figures(200_000, 1),
      closing: figures(1_200_000, 1),
      direction: 'grown',
    });
  });

  it('reports close months moved later or earlier inside the window as slipped or pulled forward, outside the balance', () => {
    // Prepare
    const input = movementInput({
      closeWindow: { fromMonth: '2027-01', toMonth: '2027-03' },
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-1', closeDate: '2027-01-31' }),
        aState({ opportunityId: 'opp-2', closeDate: '2027-03-01', stageId: 'negotiation' }),
      ),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-1', closeDate: '2027-02-01', amount: 900_000 }),
        aState({ opportunityId: 'opp-2', closeDate: '2027-01-15', stageId: 'prospecting' }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess: slipped at the amount at `to`, in the stage at `to`
    expect(nonZero(stageRow(input, 'proposal-made'))).toEqual({
      opening: figures(1_000_000, 1),
      shrunk: figures(100_000, 1),
      closing: figures(900_000, 1),
      slipped: figures(900_000, 1),
      direction: 'shrunk',
    });
    expect(stageRow(input, 'prospecting').pulledForward).toEqual(figures(1_000_000, 1));
    expect(stageRow(input, 'negotiation').pulledForward).toEqual(NONE);
    expect(movement.total.slipped).toEqual(figures(900_000, 1));
    expect(movement.total.pulledForward).toEqual(figures(1_000_000, 1));
  });
});

describe('pipelineMovementOf: deals leaving the pipeline', () => {
  it('takes won, lost and removed deals out at their amount and stage at `from`', () => {
    // Prepare
    const input = movementInput({
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-won', stageId: 'negotiation', amount: 3_000_000 }),
        aState({ opportunityId: 'opp-lost', stageId: 'prospecting', amount: 700_000 }),
        aState({ opportunityId: 'opp-deleted', stageId: 'prospecting', amount: 400_000 }),
      ),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-won', stageId: 'closed-won', outcome: 'won', amount: 3_100_000 }),
        aState({ opportunityId: 'opp-lost', stageId: 'closed-lost', outcome: 'lost', amount: 0 }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(nonZero(stageRow(input, 'negotiation'))).toEqual({
      opening: figures(3_000_000, 1),
      won: figures(3_000_000, 1),
      direction: 'shrunk',
    });
    expect(nonZero(stageRow(input, 'prospecting'))).toEqual({
      opening: figures(1_100_000, 2),
      lost: figures(700_000, 1),
      removed: figures(400_000, 1),
      direction: 'shrunk',
    });
    expect(nonZero(movement.total)).toEqual({
      opening: figures(4_100_000, 3),
      won: figures(3_000_000, 1),
      lost: figures(700_000, 1),
      removed: figures(400_000, 1),
      direction: 'shrunk',
    });
  });

  it('takes out a still-open deal whose close month left the window: slipped out after it, pulled out before it', () => {
    // Prepare
    const input = movementInput({
      closeWindow: { fromMonth: '2027-01', toMonth: '2027-03' },
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-1', closeDate: '2027-03-31' }),
        aState({ opportunityId: 'opp-2', closeDate: '2027-01-01', amount: 600_000 }),
      ),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-1', closeDate: '2027-04-01' }),
        aState({ opportunityId: 'opp-2', closeDate: '2026-12-31', amount: 600_000 }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(nonZero(movement.total)).toEqual({
      opening: figures(1_600_000, 2),
      slippedOut: figures(1_000_000, 1),
      pulledOut: figures(600_000, 1),
      direction: 'shrunk',
    });
  });

  it('takes out a still-open deal whose owner left the scope', () => {
    // Prepare
    const input = movementInput({
      inScope: (deal) => deal.teamId === 'team-north',
      statesFrom: statesOf(aState({ ownerId: 'dave', teamId: 'team-north' })),
      statesTo: statesOf(aState({ ownerId: 'erin', teamId: 'team-south', amount: 2_000_000 })),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(nonZero(movement.total)).toEqual({ opening: figures(1_000_000, 1), reassignedOut: figures(1_000_000, 1), direction: 'shrunk' });
  });
});

describe('pipelineMovementOf: deals joining the pipeline', () => {
  it('adds new and reopened deals at their amount and stage at `to`', () => {
    // Prepare
    const input = movementInput({
      statesFrom: statesOf(aState({ opportunityId: 'opp-reopened', stageId: 'closed-lost', outcome: 'lost', amount: 0 })),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-reopened', stageId: 'investigation', amount: 800_000 }),
        aState({ opportunityId: 'opp-new', stageId: 'prospecting', amount: 250_000 }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(nonZero(stageRow(input, 'prospecting'))).toEqual({ new: figures(250_000, 1), closing: figures(250_000, 1), direction: 'grown' });
    expect(nonZero(stageRow(input, 'investigation'))).toEqual({
      reopened: figures(800_000, 1),
      closing: figures(800_000, 1),
      direction: 'grown',
    });
    expect(nonZero(movement.total)).toEqual({
      new: figures(250_000, 1),
      reopened: figures(800_000, 1),
      closing: figures(1_050_000, 2),
      direction: 'grown',
    });
  });

  it('adds a deal whose close month came into the window: pulled in from after it, slipped in from before it', () => {
    // Prepare
    const input = movementInput({
      closeWindow: { fromMonth: '2027-01', toMonth: '2027-01' },
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-1', closeDate: '2027-02-01' }),
        aState({ opportunityId: 'opp-2', closeDate: '2026-12-31', amount: 300_000 }),
      ),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-1', closeDate: '2027-01-31', amount: 1_100_000 }),
        aState({ opportunityId: 'opp-2', closeDate: '2027-01-01', amount: 300_000 }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess: at the amount at `to`
    expect(nonZero(movement.total)).toEqual({
      pulledIn: figures(1_100_000, 1),
      slippedIn: figures(300_000, 1),
      closing: figures(1_400_000, 2),
      direction: 'grown',
    });
  });

  it('adds a deal whose owner came into the scope', () => {
    // Prepare
    const input = movementInput({
      inScope: (deal) => deal.ownerId === 'dave',
      statesFrom: statesOf(aState({ ownerId: 'erin' })),
      statesTo: statesOf(aState({ ownerId: 'dave' })),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(nonZero(movement.total)).toEqual({ reassignedIn: figures(1_000_000, 1), closing: figures(1_000_000, 1), direction: 'grown' });
  });

  it('leaves out deals in the pipeline at neither instant', () => {
    // Prepare: won before `from`, out of scope at both, outside the window at both
    const input = movementInput({
      closeWindow: { toMonth: '2027-01' },
      inScope: (deal) => deal.ownerId !== 'erin',
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-1', outcome: 'won', stageId: 'closed-won' }),
        aState({ opportunityId: 'opp-2', ownerId: 'erin' }),
        aState({ opportunityId: 'opp-3', closeDate: '2027-05-01' }),
      ),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-1', outcome: 'won', stageId: 'closed-won' }),
        aState({ opportunityId: 'opp-2', ownerId: 'erin', amount: 5 }),
        aState({ opportunityId: 'opp-3', closeDate: '2027-06-01' }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    const deals = dealMovementsOf(input);
    // Assess
    expect(nonZero(movement.total)).toEqual({ direction: 'unchanged' });
    expect(deals).toEqual([]);
  });
});

describe('pipelineMovementOf: precedence when several reasons apply', () => {
  it('counts a closed outcome before a reassignment or a close month outside the window, and a reassignment before the window', () => {
    // Prepare: opp-1 won by a rep now out of scope, closing after the window; opp-2 reassigned and slipped past the window
    const input = movementInput({
      closeWindow: { toMonth: '2027-01' },
      inScope: (deal) => deal.ownerId === 'dave',
      statesFrom: statesOf(aState({ opportunityId: 'opp-1' }), aState({ opportunityId: 'opp-2', amount: 200_000 })),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-1', ownerId: 'erin', stageId: 'closed-won', outcome: 'won', closeDate: '2027-02-10' }),
        aState({ opportunityId: 'opp-2', ownerId: 'erin', closeDate: '2027-03-01', amount: 200_000 }),
      ),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(nonZero(movement.total)).toEqual({
      opening: figures(1_200_000, 2),
      won: figures(1_000_000, 1),
      reassignedOut: figures(200_000, 1),
      direction: 'shrunk',
    });
  });

  it('counts a reopened deal as reopened, not reassigned in or pulled in, when it was also out of scope and outside the window', () => {
    // Prepare
    const input = movementInput({
      closeWindow: { toMonth: '2027-01' },
      inScope: (deal) => deal.ownerId === 'dave',
      statesFrom: statesOf(aState({ ownerId: 'erin', stageId: 'closed-lost', outcome: 'lost', closeDate: '2027-04-01' })),
      statesTo: statesOf(aState({ ownerId: 'dave', closeDate: '2027-01-15' })),
    });
    // Act
    const [deal] = dealMovementsOf(input);
    // Assess
    expect(deal?.movement).toBe('reopened');
  });

  it('counts a deal reassigned into the scope and into the window as reassigned in', () => {
    // Prepare
    const input = movementInput({
      closeWindow: { toMonth: '2027-01' },
      inScope: (deal) => deal.ownerId === 'dave',
      statesFrom: statesOf(aState({ ownerId: 'erin', closeDate: '2027-04-01' })),
      statesTo: statesOf(aState({ ownerId: 'dave', closeDate: '2027-01-15' })),
    });
    // Act
    const [deal] = dealMovementsOf(input);
    // Assess
    expect(deal?.movement).toBe('reassignedIn');
  });
});

describe('pipelineMovementOf: stages', () => {
  const RENAMED: StageConfiguration = {
    stages: [
      { id: 'discovery', name: 'Discovery', probability: 10, outcome: 'open' },
      { id: 'proposal-made', name: 'Proposal', probability: 50, outcome: 'open' },
      { id: 'closed-won', name: 'Closed Won', probability: 100, outcome: 'won' },
      { id: 'closed-lost', name: 'Closed Lost', probability: 0, outcome: 'lost' },
    ],
  };

  it('lists the open stages at `to`, then open stages only at `from`, then unknown stages by id; names from `to` first', () => {
    // Prepare
    const input = movementInput({
      stagesFrom: DEFAULT_STAGES,
      stagesTo: RENAMED,
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-1', stageId: 'legacy-z' }),
        aState({ opportunityId: 'opp-2', stageId: 'legacy-a' }),
      ),
      statesTo: statesOf(aState({ opportunityId: 'opp-1', stageId: 'legacy-z' })),
    });
    // Act
    const movement = pipelineMovementOf(input);
    // Assess
    expect(movement.byStage.map(({ stageId, name, configured }) => [stageId, name, configured])).toEqual([
      ['discovery', 'Discovery', true],
      ['proposal-made', 'Proposal', true],
      ['prospecting', 'Prospecting', true],
      ['investigation', 'Investigation', true],
      ['negotiation', 'Negotiation', true],
      ['legacy-a', 'legacy-a', false],
      ['legacy-z', 'legacy-z', false],
    ]);
    expect(nonZero(stageRow(input, 'legacy-a'))).toEqual({
      opening: figures(1_000_000, 1),
      removed: figures(1_000_000, 1),
      direction: 'shrunk',
    });
    expect(nonZero(stageRow(input, 'discovery'))).toEqual({ direction: 'unchanged' });
  });

  it('echoes the instants and the close window', () => {
    // Act
    const withWindow = pipelineMovementOf(movementInput({ closeWindow: { fromMonth: '2027-01' } }));
    const without = pipelineMovementOf(movementInput());
    // Assess
    expect([withWindow.from, withWindow.to, withWindow.closeWindow]).toEqual([FROM, TO, { fromMonth: '2027-01' }]);
    expect(without.closeWindow).toBeNull();
  });
});

describe('dealMovementsOf', () => {
  it('gives each deal in the pipeline at either instant with its stages, amounts and close months, by id', () => {
    // Prepare
    const input = movementInput({
      statesFrom: statesOf(
        aState({ opportunityId: 'opp-b', stageId: 'negotiation', closeDate: '2027-01-20' }),
        aState({ opportunityId: 'opp-a', amount: 300_000 }),
      ),
      statesTo: statesOf(
        aState({ opportunityId: 'opp-b', stageId: 'closed-won', outcome: 'won', closeDate: '2026-12-24', amount: 1_050_000 }),
        aState({ opportunityId: 'opp-a', closeDate: '2027-02-05', amount: 300_000 }),
        aState({ opportunityId: 'opp-c', stageId: 'prospecting', amount: 90_000 }),
      ),
    });
    // Act
    const deals = dealMovementsOf(input);
    // Assess
    expect(deals).toEqual([
      {
        opportunityId: 'opp-a',
        movement: 'unchanged',
        stageFrom: 'proposal-made',
        stageTo: 'proposal-made',
        amountFrom: 300_000,
        amountTo: 300_000,
        closeMonthFrom: '2027-01',
        closeMonthTo: '2027-02',
        closeMonthShift: 'slipped',
      },
      {
        opportunityId: 'opp-b',
        movement: 'won',
        stageFrom: 'negotiation',
        stageTo: 'closed-won',
        amountFrom: 1_000_000,
        amountTo: 1_050_000,
        closeMonthFrom: '2027-01',
        closeMonthTo: '2026-12',
        closeMonthShift: null,
      },
      {
        opportunityId: 'opp-c',
        movement: 'new',
        stageFrom: null,
        stageTo: 'prospecting',
        amountFrom: null,
        amountTo: 90_000,
        closeMonthFrom: null,
        closeMonthTo: '2027-01',
        closeMonthShift: null,
      },
    ]);
  });

  it('rejects `to` not after `from`, instants without a zone and a reversed or malformed close window', () => {
    // Act
    const attempts = [
      movementInput({ to: FROM }),
      movementInput({ from: '2026-12-01T00:00:00' }),
      movementInput({ closeWindow: { fromMonth: '2027-03', toMonth: '2027-01' } }),
      movementInput({ closeWindow: { toMonth: '2027-13' } }),
    ].map((input) => {
      try {
        pipelineMovementOf(input);
        return undefined;
      } catch (error) {
        return error instanceof ValidationError ? error.issues.map((issue) => issue.field) : error;
      }
    });
    // Assess
    expect(attempts).toEqual([['to'], ['from'], ['closeWindow.toMonth'], ['closeWindow.toMonth']]);
  });
});
