import { describe, expect, it } from 'vitest';
import type { FieldChange } from '#core/opportunities/field-history.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import {
  type DealRecord,
  dealsAwaitingStream,
  type PipelineHistory,
  pipelineSnapshotsAt,
  scopeSnapshotAt,
  stagesInForceAt,
  teamOfRepAt,
} from '#core/pipeline/pipeline-rebuild.js';
import type { PipelineSnapshotRepository, SnapshotWrite, StoredSnapshot } from '#core/pipeline/pipeline-snapshot-repository.js';
import { instantOfDate, lastSeriesInstants, seriesInstantAtOrBefore, snapshotInstantsBetween } from '#core/pipeline/snapshot-instants.js';
import { takePipelineSnapshots } from '#core/pipeline/take-pipeline-snapshots.js';
import { RetryLaterError, ValidationError } from '#core/shared/errors.js';
import { fixedClock } from '../support/fixed-clock.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';

const TEAMS = [
  { id: 'company', name: 'Company', parentTeamId: null },
  { id: 'emea', name: 'EMEA', parentTeamId: 'company' },
  { id: 'uk', name: 'UK', parentTeamId: 'emea' },
  { id: 'americas', name: 'Americas', parentTeamId: 'company' },
];

const change = (
  opportunityId: string,
  field: FieldChange['field'],
  oldValue: FieldChange['oldValue'],
  newValue: FieldChange['newValue'],
  changedAt: string,
  version: number,
): FieldChange => ({
  opportunityId,
  field,
  oldValue,
  newValue,
  changedAt,
  version,
});

/** Two deals: Globex (dave, UK) proposal → negotiation on 10 Feb; Hooli (erin) won on 20 Feb. */
function aHistory(): PipelineHistory {
  const globex = anOpportunity({
    id: 'globex',
    ownerId: 'dave',
    stageId: 'proposal-made',
    amount: 3_000_000,
    closeDate: '2026-03-20',
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
  });
  const hooli = anOpportunity({
    id: 'hooli',
    ownerId: 'erin',
    stageId: 'prospecting',
    amount: 1_000_000,
    closeDate: '2026-02-25',
    createdAt: '2026-01-06T09:00:00.000Z',
    updatedAt: '2026-01-06T09:00:00.000Z',
  });
  const deals: DealRecord[] = [
    {
      current: nextVersion(globex, '2026-02-10T10:00:00.000Z', { stageId: 'negotiation' }),
      history: [change('globex', 'stageId', 'proposal-made', 'negotiation', '2026-02-10T10:00:00.000Z', 2)],
      appliedVersion: 2,
    },
    {
      current: nextVersion(hooli, '2026-02-20T10:00:00.000Z', { stageId: 'closed-won', stageOutcome: 'won' }),
      history: [change('hooli', 'stageId', 'prospecting', 'closed-won', '2026-02-20T10:00:00.000Z', 2)],
      appliedVersion: 2,
    },
  ];
  return {
    deals,
    stageVersions: [],
    repVersions: [
      { repId: 'dave', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', teamId: 'uk' },
      { repId: 'erin', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', teamId: 'americas' },
      { repId: 'erin', version: 2, updatedAt: '2026-02-15T00:00:00.000Z', teamId: 'uk' },
    ],
    teams: TEAMS,
  };
}

describe('stagesInForceAt', () => {
  const custom = (probability: number) =>
    DEFAULT_STAGES.stages.map((stage) => (stage.id === 'negotiation' ? { ...stage, probability } : stage));

  it('takes the latest version at or before the instant, else the default before the first version', () => {
    // Prepare
    const versions = [
      { version: 1, updatedAt: '2026-02-01T00:00:00.000Z', stages: custom(80) },
      { version: 2, updatedAt: '2026-03-01T00:00:00.000Z', stages: custom(90) },
    ];
    // Act / Assess
    expect(stagesInForceAt(versions, '2026-01-31T23:59:59.999Z')).toEqual(DEFAULT_STAGES);
    expect(stagesInForceAt(versions, '2026-02-01T00:00:00.000Z').stages.find((stage) => stage.id === 'negotiation')?.probability).toBe(80);
    expect(stagesInForceAt(versions, '2026-06-01T00:00:00.000Z').stages.find((stage) => stage.id === 'negotiation')?.probability).toBe(90);
  });

  it('uses the oldest recorded version when the records start after version 1', () => {
    expect(
      stagesInForceAt([{ version: 4, updatedAt: '2026-03-01T00:00:00.000Z', stages: custom(90) }], '2026-01-01T00:00:00.000Z').stages.find(
        (stage) => stage.id === 'negotiation',
      )?.probability,
    ).toBe(90);
  });
});

describe('teamOfRepAt', () => {
  it("gives each rep's team at the instant, and the first known team before the rep was recorded", () => {
    const { repVersions } = aHistory();
    expect(teamOfRepAt(repVersions, '2026-02-14T23:59:59.999Z')('erin')).toBe('americas');
    expect(teamOfRepAt(repVersions, '2026-02-15T00:00:00.000Z')('erin')).toBe('uk');
    expect(teamOfRepAt(repVersions, '2025-06-01T00:00:00.000Z')('erin')).toBe('americas');
    expect(teamOfRepAt(repVersions, '2026-02-15T00:00:00.000Z')('nobody')).toBeUndefined();
  });
});

describe('dealsAwaitingStream', () => {
  const now = new Date('2026-02-21T00:00:00.000Z');
  const deal = (appliedVersion: number | null, history: FieldChange[] = [], updatedAt = '2026-02-20T23:00:00.000Z'): DealRecord => ({
    current: anOpportunity({ id: 'globex', version: 3, createdAt: '2026-01-05T09:00:00.000Z', updatedAt }),
    history,
    appliedVersion,
  });

  it('waits for a deal changed after the instant whose latest version neither links nor history carry', () => {
    expect(dealsAwaitingStream([deal(2)], '2026-02-01T00:00:00.000Z', now)).toEqual(['globex']);
  });

  it('does not wait when the links or the history carry the version, the change is before the instant, or older than the stream can still be late', () => {
    expect(dealsAwaitingStream([deal(3)], '2026-02-01T00:00:00.000Z', now)).toEqual([]);
    expect(
      dealsAwaitingStream(
        [deal(null, [change('globex', 'deleted', false, true, '2026-02-20T23:00:00.000Z', 3)])],
        '2026-02-01T00:00:00.000Z',
        now,
      ),
    ).toEqual([]);
    expect(dealsAwaitingStream([deal(2)], '2026-02-20T23:00:00.000Z', now)).toEqual([]);
    // Settled 65 minutes before now (maximum record age, function timeout, clock skew): then processed or in the failure queue.
    expect(dealsAwaitingStream([deal(null, [], '2026-02-20T22:54:59.999Z')], '2026-02-01T00:00:00.000Z', now)).toEqual([]);
    expect(dealsAwaitingStream([deal(null, [], '2026-02-20T22:55:00.000Z')], '2026-02-01T00:00:00.000Z', now)).toEqual(['globex']);
  });
});

describe('pipelineSnapshotsAt', () => {
  it('rebuilds every scope at each instant: the company, each team of the subtree by the team of the instant, each rep', () => {
    // Act
    const snapshots = pipelineSnapshotsAt(aHistory(), ['2026-02-01T00:00:00.000Z', '2026-02-16T00:00:00.000Z']);
    // Assess: on 1 Feb erin was in Americas; on 16 Feb in UK, and Globex in negotiation
    const keysAt = (instant: string) => snapshots.get(instant)!.map(({ scope }) => JSON.stringify(scope));
    expect(keysAt('2026-02-01T00:00:00.000Z')).toEqual([
      '{"kind":"company"}',
      '{"kind":"rep","repId":"dave"}',
      '{"kind":"rep","repId":"erin"}',
      '{"kind":"team","teamId":"americas"}',
      '{"kind":"team","teamId":"company"}',
      '{"kind":"team","teamId":"emea"}',
      '{"kind":"team","teamId":"uk"}',
    ]);
    const uk = snapshots.get('2026-02-16T00:00:00.000Z')!.find(({ scope }) => scope.kind === 'team' && scope.teamId === 'uk')!.snapshot;
    expect(uk.total).toEqual({ amount: 4_000_000, expectedRevenue: 2_350_000, count: 2 });
    expect(snapshots.get('2026-02-16T00:00:00.000Z')!.some(({ scope }) => scope.kind === 'team' && scope.teamId === 'americas')).toBe(
      false,
    );
  });

  it('leaves closed deals out and gives a scope with no open deal zero figures', () => {
    const afterWin = scopeSnapshotAt(aHistory(), { kind: 'rep', repId: 'erin' }, '2026-02-20T10:00:00.000Z');
    expect(afterWin.total).toEqual({ amount: 0, expectedRevenue: 0, count: 0 });
    expect(afterWin.byStage.map((stage) => stage.stageId)).toEqual(['prospecting', 'investigation', 'proposal-made', 'negotiation']);
  });
});

describe('snapshot instants', () => {
  const at = (text: string) => new Date(text);

  it('files a run under the instant of its series at or before it', () => {
    expect(seriesInstantAtOrBefore('monthly', at('2026-03-01T00:00:03.000Z'))).toEqual(at('2026-03-01T00:00:00.000Z'));
    expect(seriesInstantAtOrBefore('weekly', at('2026-03-01T00:00:03.000Z'))).toEqual(at('2026-02-23T00:00:00.000Z'));
    expect(lastSeriesInstants('monthly', 3, at('2026-01-15T12:00:00.000Z'))).toEqual([
      at('2025-11-01T00:00:00.000Z'),
      at('2025-12-01T00:00:00.000Z'),
      at('2026-01-01T00:00:00.000Z'),
    ]);
    expect(snapshotInstantsBetween(at('2026-02-27T00:00:00.000Z'), at('2026-03-09T00:00:00.000Z'))).toEqual([
      at('2026-03-01T00:00:00.000Z'),
      at('2026-03-02T00:00:00.000Z'),
      at('2026-03-09T00:00:00.000Z'),
    ]);
  });

  it('refuses a date that is not one', () => {
    expect(instantOfDate('2026-02-28')).toEqual(at('2026-02-28T00:00:00.000Z'));
    expect(() => instantOfDate('2026-02-30')).toThrow(ValidationError);
  });
});

describe('takePipelineSnapshots', () => {
  /** An in-memory snapshot store: enough to see what a run writes. */
  function memoryStore(): PipelineSnapshotRepository & { writes: SnapshotWrite[] } {
    const stored = new Map<string, StoredSnapshot[]>();
    const writes: SnapshotWrite[] = [];
    return {
      writes,
      readInstant: async (asAt) => stored.get(asAt) ?? [],
      write: async (write) => {
        writes.push(write);
        const kept = (stored.get(write.asAt) ?? []).filter(
          ({ scope }) =>
            !write.deletes.some((gone) => JSON.stringify(gone) === JSON.stringify(scope)) &&
            !write.puts.some((put) => JSON.stringify(put.scope) === JSON.stringify(scope)),
        );
        stored.set(write.asAt, [...kept, ...write.puts.map((put) => ({ ...put, takenAt: write.takenAt }))]);
      },
      readSeries: async () => [],
    };
  }

  it('writes an instant once, nothing when run again, and revises what a backfill changed', async () => {
    // Prepare
    const history = aHistory();
    const snapshots = memoryStore();
    const ports = { history: { read: async () => history }, snapshots, clock: fixedClock('2026-03-01T00:00:00.000Z') };
    // Act
    const first = await takePipelineSnapshots(ports, [new Date('2026-02-16T00:00:00.000Z')]);
    const second = await takePipelineSnapshots(ports, [new Date('2026-02-16T00:00:00.000Z')]);
    (history.deals as DealRecord[]).pop();
    const revised = await takePipelineSnapshots(ports, [new Date('2026-02-16T00:00:00.000Z')]);
    // Assess
    expect(first.map((result) => result.outcome)).toEqual(['created']);
    expect(second).toEqual([{ asAt: '2026-02-16T00:00:00.000Z', outcome: 'unchanged', scopesWritten: 0, scopesDeleted: 0, openDeals: 2 }]);
    expect(snapshots.writes).toHaveLength(2);
    expect(revised[0]).toMatchObject({ outcome: 'revised', scopesDeleted: 1, openDeals: 1 });
  });

  it('refuses an instant in the future, and waits while the stream has not recorded a later change', async () => {
    const history = aHistory();
    const lagging = { ...history, deals: history.deals.map((deal) => ({ ...deal, appliedVersion: 1, history: [] })) };
    const ports = { history: { read: async () => lagging }, snapshots: memoryStore(), clock: fixedClock('2026-02-20T10:00:01.000Z') };
    await expect(takePipelineSnapshots(ports, [new Date('2026-03-01T00:00:00.000Z')])).rejects.toThrow(ValidationError);
    await expect(takePipelineSnapshots(ports, [new Date('2026-02-16T00:00:00.000Z')])).rejects.toThrow(RetryLaterError);
  });
});
