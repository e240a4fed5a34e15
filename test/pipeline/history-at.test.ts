/**
 * readHistoryAt's fast path carries what its reads left out: the invalid stored items of the
 * context (stage versions, reps, teams) and of the change log, so an answer from the
 * nearest checkpoint says what it could not read, as one from the full scan does.
 */
import { describe, expect, it } from 'vitest';
import type { CheckpointDeal } from '#core/pipeline/deal-checkpoint.js';
import { readHistoryAt } from '#core/pipeline/history-at.js';
import type { PipelineRebuildRepository } from '#core/pipeline/pipeline-rebuild-repository.js';
import type { TimeTravelRepositories } from '#core/pipeline/time-travel-repositories.js';

const CHECKPOINT = '2026-01-01T00:00:00.000Z';
const AT = '2026-01-20T00:00:00.000Z';
const deal: CheckpointDeal = {
  opportunityId: 'deal-1',
  ownerId: 'ann',
  stageId: 'proposal',
  closeDate: '2026-02-15',
  amount: 10_000,
  probability: null,
  deleted: false,
  createdAt: '2025-12-01T00:00:00.000Z',
};
const noScan: PipelineRebuildRepository = {
  read: async () => {
    throw new Error('the fast path must not scan');
  },
};

function timeTravel(skipped: { context: boolean; log: boolean }): TimeTravelRepositories {
  return {
    checkpoints: { instants: async () => [CHECKPOINT], read: async () => [deal], write: async () => undefined },
    changeLog: {
      isComplete: async () => true,
      read: async () => ({
        creations: [],
        changes: [],
        ...(skipped.log ? { skipped: [{ kind: 'field history', id: 'deal-9', reason: 'newValue: expected string' }] } : {}),
      }),
    },
    context: {
      read: async () => ({
        stageVersions: [],
        repVersions: [],
        teams: [],
        ...(skipped.context ? { skipped: [{ kind: 'rep', id: 'rep-9', reason: 'name: required' }] } : {}),
      }),
    },
    staleSnapshots: { read: async () => null },
  };
}

const clock = { now: () => new Date('2026-03-01T00:00:00.000Z') };

describe('the history read from the nearest checkpoint', () => {
  it('lists the items the context and the change log left out', async () => {
    const { history, path } = await readHistoryAt({ history: noScan, clock, timeTravel: timeTravel({ context: true, log: true }) }, [AT]);
    expect(path).toBe('checkpoint');
    expect(history.deals.map((record) => record.current.id)).toEqual(['deal-1']);
    expect(history.skipped?.map(({ kind, id }) => `${kind} ${id}`)).toEqual(['rep rep-9', 'field history deal-9']);
  });

  it('has no skipped list when nothing was left out', async () => {
    const { history } = await readHistoryAt({ history: noScan, clock, timeTravel: timeTravel({ context: false, log: false }) }, [AT]);
    expect(history.skipped).toBeUndefined();
  });
});
