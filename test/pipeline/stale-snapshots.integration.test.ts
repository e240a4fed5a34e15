/**
 * Past snapshots an import made stale, on DynamoDB Local: the import marks them, the
 * snapshot function's retake run takes them again and clears the mark, and a mark made
 * while a retake runs survives it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { StaleSnapshotsStore } from '#functions/pipeline/stale-snapshots-store.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';

let engine: EngineHarness;
let mark: StaleSnapshotsStore;

const SETUP_AT = '2016-01-04T09:00:00.000Z';
const deal = { name: 'Acme renewal', account: 'Acme', ownerId: 'dave', stageId: 'prospecting', closeDate: '2016-06-30', amount: 1_000_000 };
const companyOpenDeals = async (asAt: string) => {
  const stored = await new PipelineSnapshotStore(engine.table.dependencies(engine.clock)).readInstant(asAt);
  return stored.find(({ scope }) => scope.kind === 'company')?.snapshot.total.count ?? 0;
};

beforeAll(async () => {
  engine = await startEngine('stale-snapshots', SETUP_AT);
  mark = new StaleSnapshotsStore(engine.table.dependencies(engine.clock));
  await engine.write('PUT', '/teams/company', { name: 'Company', parentTeamId: null }, SETUP_AT);
  await engine.write('PUT', '/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'company' }, SETUP_AT);
  await engine.write('PUT', '/opportunities/acme', deal, '2016-01-05T09:00:00.000Z');
  await engine.scheduledRun('weekly', '2016-03-21T00:00:00.000Z');
  await engine.scheduledRun('monthly', '2016-03-21T00:00:00.000Z');
});
afterAll(() => engine?.stop());

describe('stale snapshots after an import', () => {
  it('are marked by the import, retaken by the next retake run, and the mark is cleared', async () => {
    // Prepare: the February snapshot holds Acme alone.
    expect(await companyOpenDeals('2016-02-01T00:00:00.000Z')).toBe(1);

    // Act: import a deal created in January, then the retake run.
    engine.clock.set('2016-03-22T10:00:00.000Z');
    const reply = await engine.api({
      method: 'POST',
      path: '/imports/opportunities',
      body: { opportunities: [{ id: 'globex', ...deal, name: 'Globex', createdAt: '2016-01-12T09:00:00Z' }], history: [] },
    });
    const markAfterImport = await mark.read();
    const retaken = await engine.staleRetake('2016-03-22T10:30:00.000Z');

    // Assess
    expect(reply.body.snapshotsStaleFrom).toBe('2016-01-12T09:00:00Z');
    expect(markAfterImport).toEqual({ from: '2016-01-12T09:00:00.000Z', marks: 1 });
    // Every instant of both series from the mark to now: the ten Mondays 18 Jan – 21 Mar, and 1 Mar (1 Feb is a Monday).
    expect(retaken.map((result) => result.asAt)).toContain('2016-01-18T00:00:00.000Z');
    expect(retaken.map((result) => result.asAt)).toContain('2016-03-01T00:00:00.000Z');
    expect(retaken).toHaveLength(11);
    expect(retaken.every((result) => result.outcome === 'revised' || result.outcome === 'created')).toBe(true);
    expect(await companyOpenDeals('2016-02-01T00:00:00.000Z')).toBe(2);
    expect(await mark.read()).toBeNull();
  });

  it('a retake with nothing marked reads the mark and does nothing else', async () => {
    expect(await engine.staleRetake('2016-03-22T11:30:00.000Z')).toEqual([]);
  });

  it('a re-import of the same rows marks nothing (it writes nothing)', async () => {
    const reply = await engine.api({
      method: 'POST',
      path: '/imports/opportunities',
      body: { opportunities: [{ id: 'globex', ...deal, name: 'Globex', createdAt: '2016-01-12T09:00:00Z' }], history: [] },
    });
    expect(reply.body.opportunities).toMatchObject({ accepted: 0, unchanged: 1 });
    expect(await mark.read()).toBeNull();
  });
});

describe('the stale mark', () => {
  it('keeps the earliest instant and counts every mark; a retake clears only the mark it read', async () => {
    // Act
    await mark.markStaleFrom('2016-02-01T00:00:00Z');
    await mark.markStaleFrom('2016-03-01T00:00:00.000Z');
    const seenByRetake = await mark.read();
    await mark.markStaleFrom('2016-01-15T12:00:00.000Z');
    const clearedStale = await mark.clear(seenByRetake!);
    const afterStaleClear = await mark.read();
    const clearedCurrent = await mark.clear(afterStaleClear!);

    // Assess
    expect(seenByRetake).toEqual({ from: '2016-02-01T00:00:00.000Z', marks: 2 });
    expect(clearedStale).toBe(false);
    expect(afterStaleClear).toEqual({ from: '2016-01-15T12:00:00.000Z', marks: 3 });
    expect(clearedCurrent).toBe(true);
    expect(await mark.read()).toBeNull();
  });

  it('concurrent marks lose none: the earliest instant wins and each is counted', async () => {
    const instants = Array.from(
      { length: 8 },
      (_, index) => `2016-0${1 + (index % 5)}-${String(10 + index).padStart(2, '0')}T00:00:00.000Z`,
    );

    await Promise.all(instants.map((instant) => mark.markStaleFrom(instant)));

    expect(await mark.read()).toEqual({ from: [...instants].sort()[0], marks: 8 });
    await mark.clear((await mark.read())!);
  });
});
