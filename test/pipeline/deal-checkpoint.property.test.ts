/**
 * The nearest-checkpoint rebuild equals the full rebuild, for random histories: a
 * checkpoint at S (taken from the full rebuild) moved forward or backward to T with only
 * the change log in between gives the same deals, and the same snapshots, as the full
 * rebuild at T; and the same per-deal states at both ends of a change report.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChangeLog, dealAsCreated, dealCheckpointAt, dealRecordsFromCheckpoint } from '#core/pipeline/deal-checkpoint.js';
import { CHANGE_LOG_SETTLED_MS, chooseCheckpoint } from '#core/pipeline/history-at.js';
import { dealStatesAt, type PipelineHistory, pipelineSnapshotsAt, STREAM_MAX_RECORD_AGE_MS } from '#core/pipeline/pipeline-rebuild.js';
import { type GeneratedHistory, generatedHistoryArbitrary, instantArbitrary, OWNERS } from './deal-history-arbitrary.js';

const TEAMS = [
  { id: 'company', name: 'Company', parentTeamId: null },
  { id: 'emea', name: 'EMEA', parentTeamId: 'company' },
];
const CONTEXT: Omit<PipelineHistory, 'deals'> = {
  stageVersions: [],
  repVersions: OWNERS.map((repId, index) => ({
    repId,
    version: 1,
    updatedAt: '2025-01-01T00:00:00.000Z',
    teamId: index === 0 ? 'company' : 'emea',
  })),
  teams: TEAMS,
};

/** The log between two instants, as the change log store reads it. */
function logBetween({ creations, changes }: ChangeLog, after: string, upTo: string): ChangeLog {
  const inRange = (instant: string) => Date.parse(instant) > Date.parse(after) && Date.parse(instant) <= Date.parse(upTo);
  return { creations: creations.filter((deal) => inRange(deal.createdAt)), changes: changes.filter((change) => inRange(change.changedAt)) };
}

function fastHistory(generated: GeneratedHistory, checkpointAt: string, instants: readonly string[]): PipelineHistory {
  const checkpoint = { asAt: checkpointAt, deals: dealCheckpointAt(generated.deals, checkpointAt) };
  const times = [checkpointAt, ...instants].sort();
  const deals = dealRecordsFromCheckpoint(checkpoint, logBetween(generated.log, times[0] ?? '', times[times.length - 1] ?? ''), instants);
  if (!deals) throw new Error('the log did not fit the checkpoint');
  return { ...CONTEXT, deals };
}

const plain = <V>(map: Map<string, Map<string, V>>) => [...map].map(([instant, states]) => [instant, [...states].sort()]);

describe('the nearest-checkpoint rebuild', () => {
  it('equals the full rebuild at T, from a checkpoint at any S before or after', () => {
    fc.assert(
      fc.property(generatedHistoryArbitrary(), instantArbitrary, instantArbitrary, (generated, checkpointAt, at) => {
        const full: PipelineHistory = { ...CONTEXT, deals: generated.deals };
        const fast = fastHistory(generated, checkpointAt, [at]);
        expect(plain(dealStatesAt(fast, [at]))).toEqual(plain(dealStatesAt(full, [at])));
        expect(pipelineSnapshotsAt(fast, [at])).toEqual(pipelineSnapshotsAt(full, [at]));
        // A checkpoint taken from the moved states is the full rebuild's checkpoint at T.
        expect(dealCheckpointAt(fast.deals, at)).toEqual(dealCheckpointAt(generated.deals, at));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the full rebuild states at both ends of a change, and at every instant between', () => {
    fc.assert(
      fc.property(
        generatedHistoryArbitrary(),
        instantArbitrary,
        fc.array(instantArbitrary, { minLength: 2, maxLength: 4 }),
        (generated, checkpointAt, instants) => {
          const full: PipelineHistory = { ...CONTEXT, deals: generated.deals };
          const fast = fastHistory(generated, checkpointAt, instants);
          expect(plain(dealStatesAt(fast, instants))).toEqual(plain(dealStatesAt(full, instants)));
          expect(pipelineSnapshotsAt(fast, instants)).toEqual(pipelineSnapshotsAt(full, instants));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rebuilds the state at creation by undoing the whole history (the upgrade and imports)', () => {
    fc.assert(
      fc.property(generatedHistoryArbitrary(), (generated) => {
        const created = generated.deals.map(({ current, history }) => dealAsCreated(current, history));
        expect(created).toEqual(generated.log.creations);
      }),
    );
  });

  it('refuses a log that does not fit the checkpoint: a change of a deal it does not know', () => {
    const checkpoint = { asAt: '2026-01-01T01:00:00.000Z', deals: [] };
    const log: ChangeLog = {
      creations: [],
      changes: [{ opportunityId: 'ghost', field: 'amount', oldValue: 1, newValue: 2, changedAt: '2026-01-01T02:00:00.000Z', version: 2 }],
    };
    expect(dealRecordsFromCheckpoint(checkpoint, log, ['2026-01-01T03:00:00.000Z'])).toBeUndefined();
    expect(dealRecordsFromCheckpoint(checkpoint, log, ['2026-01-01T00:30:00.000Z'])).toEqual([]);
  });
});

describe('the checkpoint chosen', () => {
  const now = new Date('2026-06-01T00:00:00.000Z');
  const checkpoints = ['2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', '2026-05-31T12:00:00.000Z'];

  it('is the one with the least log between it and the instants, backward or forward', () => {
    expect(chooseCheckpoint(checkpoints, ['2026-04-10T00:00:00.000Z'], { staleFrom: null, now })).toBe('2026-04-01T00:00:00.000Z');
    expect(chooseCheckpoint(checkpoints, ['2026-04-25T00:00:00.000Z'], { staleFrom: null, now })).toBe('2026-05-01T00:00:00.000Z');
    expect(chooseCheckpoint(checkpoints, ['2026-03-01T00:00:00.000Z'], { staleFrom: null, now })).toBe('2026-04-01T00:00:00.000Z');
  });

  it('is none at or after a stale mark', () => {
    expect(chooseCheckpoint(checkpoints, ['2026-04-25T00:00:00.000Z'], { staleFrom: '2026-04-15T00:00:00.000Z', now })).toBe(
      '2026-04-01T00:00:00.000Z',
    );
    expect(chooseCheckpoint(checkpoints, ['2026-04-25T00:00:00.000Z'], { staleFrom: '2026-03-15T00:00:00.000Z', now })).toBeUndefined();
  });

  it('is none while the stream may still be recording changes up to the checkpoint or the instant (the last 65 minutes)', () => {
    expect(CHANGE_LOG_SETTLED_MS).toBe(65 * 60 * 1000);
    expect(STREAM_MAX_RECORD_AGE_MS).toBe(3_600_000);
    // Settled up to 2026-05-31T22:55:00.000Z: a checkpoint at 23:00 is not usable yet.
    const recent = ['2026-05-01T00:00:00.000Z', '2026-05-31T23:00:00.000Z'];
    expect(chooseCheckpoint(recent, ['2026-05-31T22:55:00.000Z'], { staleFrom: null, now })).toBe('2026-05-01T00:00:00.000Z');
    expect(chooseCheckpoint(recent, ['2026-05-31T22:55:00.001Z'], { staleFrom: null, now })).toBeUndefined();
    expect(chooseCheckpoint(recent, ['2026-04-10T00:00:00.000Z', '2026-05-31T23:30:00.000Z'], { staleFrom: null, now })).toBeUndefined();
    expect(chooseCheckpoint(['2026-05-31T23:00:00.000Z'], ['2026-05-30T00:00:00.000Z'], { staleFrom: null, now })).toBeUndefined();
    // Twelve hours old is settled: the checkpoint of the same day is the nearest.
    expect(chooseCheckpoint(checkpoints, ['2026-05-31T00:00:00.000Z'], { staleFrom: null, now })).toBe('2026-05-31T12:00:00.000Z');
    expect(chooseCheckpoint(checkpoints, ['2026-05-31T20:00:00.000Z'], { staleFrom: null, now })).toBe('2026-05-31T12:00:00.000Z');
  });
});
