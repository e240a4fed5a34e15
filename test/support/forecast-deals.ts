/**
 * Hand-built deals for the forecast tests: a deal as created plus its changes in order,
 * turned into what the table keeps (the current item and the field history, one version
 * per change instant).
 */
import type { FieldChange, FieldValue, TrackedField } from '#core/opportunities/field-history.js';
import type { DealRecord, PipelineHistory } from '#core/pipeline/pipeline-rebuild.js';

export interface DealStart {
  readonly id: string;
  readonly createdAt: string;
  readonly stageId: string;
  readonly closeDate: string;
  readonly amount?: number;
  readonly ownerId?: string;
  readonly probability?: number | null;
}

/** Changes at one instant: field -> new value. */
export interface DealStep {
  readonly at: string;
  readonly set: Partial<Record<TrackedField, FieldValue>>;
}

export function dealRecordOf(start: DealStart, steps: readonly DealStep[] = []): DealRecord {
  const state: Record<TrackedField, FieldValue> = {
    stageId: start.stageId,
    closeDate: start.closeDate,
    amount: start.amount ?? 100_000,
    probability: start.probability ?? null,
    ownerId: start.ownerId ?? 'rep-1',
    deleted: false,
  };
  const history: FieldChange[] = [];
  steps.forEach((step, index) => {
    for (const [field, newValue] of Object.entries(step.set) as [TrackedField, FieldValue][]) {
      history.push({ opportunityId: start.id, field, oldValue: state[field], newValue, changedAt: step.at, version: index + 2 });
      state[field] = newValue;
    }
  });
  return {
    current: {
      id: start.id,
      stageId: state.stageId as string,
      closeDate: state.closeDate as string,
      amount: state.amount as number,
      probability: state.probability as number | null,
      ownerId: state.ownerId as string,
      deleted: state.deleted as boolean,
      createdAt: start.createdAt,
      updatedAt: steps.at(-1)?.at ?? start.createdAt,
      version: steps.length + 1,
    },
    history,
    appliedVersion: steps.length + 1,
  };
}

/** A history of these deals: default stages, every rep in `teamId` from the start. */
export function historyOfDeals(deals: readonly DealRecord[], overrides: Partial<PipelineHistory> = {}): PipelineHistory {
  const reps = [...new Set(deals.map((deal) => deal.current.ownerId))];
  return {
    deals,
    stageVersions: [],
    repVersions: reps.map((repId) => ({ repId, version: 1, updatedAt: '2020-01-01T00:00:00.000Z', teamId: 'team-1' })),
    teams: [{ id: 'team-1', name: 'Sales', parentTeamId: null }],
    ...overrides,
  };
}
