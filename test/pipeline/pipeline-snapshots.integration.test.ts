/**
 * As-at snapshots, time travel and the trend on DynamoDB Local, through the real API,
 * stream and snapshot handlers: a small company whose pipeline moves over five weeks.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';

let engine: EngineHarness;

const deal = (overrides: Record<string, unknown> = {}) => ({
  name: 'Deal',
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'prospecting',
  closeDate: '2026-03-20',
  amount: 1_000_000,
  ...overrides,
});

/** The company's figures per stage, as [stageId, amount, count] for the stages with deals. */
function stagesWithDeals(snapshot: { readonly byStage: ReadonlyArray<{ stageId: string; amount: number; count: number }> }) {
  return snapshot.byStage.filter((stage) => stage.count > 0).map((stage) => [stage.stageId, stage.amount, stage.count]);
}

beforeAll(async () => {
  engine = await startEngine('pipeline-snapshots', '2026-01-05T08:00:00.000Z');
  const setupAt = '2026-01-05T08:00:00.000Z';
  await engine.write('PUT', '/teams/company', { name: 'Acme Software Ltd', parentTeamId: null }, setupAt);
  await engine.write('PUT', '/teams/emea', { name: 'EMEA', parentTeamId: 'company' }, setupAt);
  await engine.write('PUT', '/teams/americas', { name: 'Americas', parentTeamId: 'company' }, setupAt);
  await engine.write('PUT', '/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'emea' }, setupAt);
  await engine.write('PUT', '/reps/erin', { name: 'Erin Kaur', email: 'erin@example.com', teamId: 'americas' }, setupAt);

  // Week 1: two deals open.
  await engine.write('PUT', '/opportunities/globex', deal({ name: 'Globex', amount: 3_000_000 }), '2026-01-06T10:00:00.000Z');
  await engine.write(
    'PUT',
    '/opportunities/initech',
    deal({ name: 'Initech', stageId: 'proposal-made', amount: 5_000_000, ownerId: 'erin' }),
    '2026-01-07T10:00:00.000Z',
  );
  // Week 2: Globex moves on and grows; a third deal.
  await engine.write(
    'PUT',
    '/opportunities/globex',
    deal({ name: 'Globex', stageId: 'negotiation', amount: 3_500_000 }),
    '2026-01-13T10:00:00.000Z',
  );
  await engine.write(
    'PUT',
    '/opportunities/hooli',
    deal({ name: 'Hooli', amount: 1_500_000, closeDate: '2026-02-10' }),
    '2026-01-14T10:00:00.000Z',
  );
  // Week 3: Initech is won; Hooli slips to March; Erin moves to EMEA.
  await engine.write(
    'PUT',
    '/opportunities/initech',
    deal({ name: 'Initech', stageId: 'closed-won', amount: 5_000_000, ownerId: 'erin' }),
    '2026-01-20T10:00:00.000Z',
  );
  await engine.write(
    'PUT',
    '/opportunities/hooli',
    deal({ name: 'Hooli', amount: 1_500_000, closeDate: '2026-03-02' }),
    '2026-01-21T10:00:00.000Z',
  );
  await engine.write('PUT', '/reps/erin', { name: 'Erin Kaur', email: 'erin@example.com', teamId: 'emea' }, '2026-01-22T10:00:00.000Z');
  // Week 4: Hooli is deleted; a deal for Erin.
  await engine.write('DELETE', '/opportunities/hooli', undefined, '2026-01-27T10:00:00.000Z');
  await engine.write(
    'PUT',
    '/opportunities/umbrella',
    deal({ name: 'Umbrella', ownerId: 'erin', amount: 2_000_000 }),
    '2026-01-28T10:00:00.000Z',
  );
  await engine.settle();
}, 120_000);

afterAll(async () => {
  await engine?.stop();
});

describe('as-at snapshots', () => {
  it('takes the instant the schedule fired for and catches up the missed weeks, with the figures of each instant', async () => {
    // Act: the weekly schedule fires on Monday 2 February; no earlier run ever happened.
    const results = await engine.scheduledRun('weekly', '2026-02-02T00:00:03.000Z');
    // Assess: the last eight Mondays are taken; each rebuilt as it stood then.
    expect(results.map((result) => result.asAt)).toEqual([
      '2025-12-15T00:00:00.000Z',
      '2025-12-22T00:00:00.000Z',
      '2025-12-29T00:00:00.000Z',
      '2026-01-05T00:00:00.000Z',
      '2026-01-12T00:00:00.000Z',
      '2026-01-19T00:00:00.000Z',
      '2026-01-26T00:00:00.000Z',
      '2026-02-02T00:00:00.000Z',
    ]);
    expect(results.every((result) => result.outcome === 'created')).toBe(true);
    expect(results.map((result) => result.openDeals)).toEqual([0, 0, 0, 0, 2, 3, 2, 2]);
  });

  it('changes nothing when run twice for the same instant', async () => {
    // Prepare: what the first run stored
    const store = new PipelineSnapshotStore(engine.table.dependencies(engine.clock));
    const before = await store.readInstant('2026-01-19T00:00:00.000Z');
    // Act
    engine.clock.advanceBy(60_000);
    const again = await engine.scheduledRun('weekly', '2026-02-02T00:05:00.000Z');
    // Assess: every instant unchanged, nothing written (takenAt kept)
    expect(again.map((result) => [result.outcome, result.scopesWritten, result.scopesDeleted])).toEqual(
      again.map(() => ['unchanged', 0, 0]),
    );
    expect(await store.readInstant('2026-01-19T00:00:00.000Z')).toEqual(before);
  });

  it('gives a snapshot taken late, after later changes, the figures it had on time', async () => {
    // Prepare: the week-3 snapshot as taken on time, then more movement after it
    const store = new PipelineSnapshotStore(engine.table.dependencies(engine.clock));
    const onTime = await store.readInstant('2026-01-19T00:00:00.000Z');
    await engine.write(
      'PUT',
      '/opportunities/globex',
      deal({ name: 'Globex', stageId: 'closed-lost', amount: 3_500_000 }),
      '2026-02-03T10:00:00.000Z',
    );
    await engine.write(
      'PUT',
      '/opportunities/umbrella',
      deal({ name: 'Umbrella', ownerId: 'dave', amount: 2_400_000 }),
      '2026-02-03T11:00:00.000Z',
    );
    await engine.settle();
    // Act: the instant is lost (an outage) and taken again a week later
    await engine.table.documentClient.send(
      new DeleteCommand({ TableName: engine.table.tableName, Key: { pk: 'SNAPSHOT#2026-01-19T00:00:00.000Z', sk: 'SCOPE#company' } }),
    );
    engine.clock.set('2026-02-09T00:00:01.000Z');
    const reply = await engine.api({ method: 'POST', path: '/pipeline/snapshots', body: { date: '2026-01-19' } });
    // Assess: the company scope is written back with the same figures; the others were equal
    expect(reply.status).toBe(200);
    expect(reply.body.snapshots).toEqual([
      { asAt: '2026-01-19T00:00:00.000Z', outcome: 'created', scopesWritten: 1, scopesDeleted: 0, openDeals: 3 },
    ]);
    const late = await store.readInstant('2026-01-19T00:00:00.000Z');
    expect(late.map(({ scope, snapshot }) => ({ scope, snapshot }))).toEqual(onTime.map(({ scope, snapshot }) => ({ scope, snapshot })));
  });

  it('keeps each scope of an instant: company, every team of the subtree, every rep, by the team of the instant', async () => {
    // Act
    const store = new PipelineSnapshotStore(engine.table.dependencies(engine.clock));
    const week2 = await store.readInstant('2026-01-19T00:00:00.000Z');
    // Assess: Erin was in Americas on 19 January (she moved to EMEA on the 22nd)
    expect(week2.map(({ scope }) => scope)).toEqual([
      { kind: 'company' },
      { kind: 'rep', repId: 'dave' },
      { kind: 'rep', repId: 'erin' },
      { kind: 'team', teamId: 'americas' },
      { kind: 'team', teamId: 'company' },
      { kind: 'team', teamId: 'emea' },
    ]);
    const company = week2.find(({ scope }) => scope.kind === 'company')!.snapshot;
    expect(company.total).toEqual({ amount: 10_000_000, expectedRevenue: 5_275_000, count: 3 });
    expect(stagesWithDeals(company)).toEqual([
      ['prospecting', 1_500_000, 1],
      ['proposal-made', 5_000_000, 1],
      ['negotiation', 3_500_000, 1],
    ]);
    expect(company.byTeam).toEqual([
      { teamId: 'americas', amount: 5_000_000, expectedRevenue: 2_500_000, count: 1 },
      { teamId: 'emea', amount: 5_000_000, expectedRevenue: 2_775_000, count: 2 },
    ]);
    expect(company.byCloseMonth.map((row) => [row.month, row.amount])).toEqual([
      ['2026-02', 1_500_000],
      ['2026-03', 8_500_000],
    ]);
  });
});

describe('time travel', () => {
  it('rebuilds the pipeline at any instant, equal to the snapshot of that instant', async () => {
    // Prepare
    const store = new PipelineSnapshotStore(engine.table.dependencies(engine.clock));
    for (const { scope, snapshot } of await store.readInstant('2026-01-26T00:00:00.000Z')) {
      const query = scope.kind === 'team' ? `&teamId=${scope.teamId}` : scope.kind === 'rep' ? `&repId=${scope.repId}` : '';
      // Act
      const reply = await engine.api({ method: 'GET', path: `/pipeline/as-at?at=2026-01-26T00:00:00.000Z${query}` });
      // Assess
      expect(reply.status).toBe(200);
      expect(reply.body, JSON.stringify(scope)).toEqual(snapshot);
    }
  });

  it('rebuilds an instant between snapshots, a change at exactly the instant counting as made', async () => {
    // Act
    const reply = await engine.api({ method: 'GET', path: '/pipeline/as-at?at=2026-01-13T10:00:00.000Z' });
    // Assess: Globex reached negotiation at 10:00:00.000
    expect(reply.status).toBe(200);
    expect(stagesWithDeals(reply.body)).toEqual([
      ['proposal-made', 5_000_000, 1],
      ['negotiation', 3_500_000, 1],
    ]);
  });

  it('answers zero figures for a rep with no deals then, 404 for an unknown rep, 422 for the future, 400 for a bad instant', async () => {
    const before = await engine.api({ method: 'GET', path: '/pipeline/as-at?at=2026-01-06&repId=erin' });
    const unknown = await engine.api({ method: 'GET', path: '/pipeline/as-at?at=2026-01-06&repId=nobody' });
    const future = await engine.api({ method: 'GET', path: '/pipeline/as-at?at=2030-01-01' });
    const malformed = await engine.api({ method: 'GET', path: '/pipeline/as-at?at=yesterday' });
    expect(before.status).toBe(200);
    expect(before.body.total).toEqual({ amount: 0, expectedRevenue: 0, count: 0 });
    expect(unknown.status).toBe(404);
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([{ field: 'at', message: 'must not be in the future' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toBe('application/problem+json');
    expect(malformed.body.errors[0].field).toBe('at');
  });
});

describe('the trend', () => {
  it('reads the weekly series of a team, zero where it had no deals, with the change per stage', async () => {
    // Act
    engine.clock.set('2026-02-09T12:00:00.000Z');
    const reply = await engine.api({ method: 'GET', path: '/pipeline/trend?series=weekly&last=4&teamId=americas' });
    // Assess: Americas held Initech (Erin's) until she moved to EMEA
    expect(reply.status).toBe(200);
    expect(
      reply.body.points.map((point: { asAt: string; taken: boolean; snapshot: { total: { amount: number } } | null }) => [
        point.asAt,
        point.taken,
        point.snapshot?.total.amount ?? null,
      ]),
    ).toEqual([
      ['2026-01-19T00:00:00.000Z', true, 5_000_000],
      ['2026-01-26T00:00:00.000Z', true, 0],
      ['2026-02-02T00:00:00.000Z', true, 0],
      ['2026-02-09T00:00:00.000Z', false, null],
    ]);
    expect(reply.body.changes).toHaveLength(2);
    expect(reply.body.changes[0].byStage.find((stage: { stageId: string }) => stage.stageId === 'proposal-made')).toMatchObject({
      amountFrom: 5_000_000,
      amountTo: 0,
      direction: 'shrunk',
    });
  });

  it('reads the monthly series by date range', async () => {
    // Prepare
    await engine.scheduledRun('monthly', '2026-02-09T13:00:00.000Z');
    engine.clock.set('2026-02-09T14:00:00.000Z');
    // Act
    const reply = await engine.api({ method: 'GET', path: '/pipeline/trend?series=monthly&from=2026-01-01&to=2026-02-28' });
    // Assess
    expect(reply.status).toBe(200);
    expect(
      reply.body.points.map((point: { asAt: string; snapshot: { total: { count: number } } }) => [point.asAt, point.snapshot.total.count]),
    ).toEqual([
      ['2026-01-01T00:00:00.000Z', 0],
      ['2026-02-01T00:00:00.000Z', 2],
    ]);
    expect(reply.body.changes[0].total).toMatchObject({ amountFrom: 0, amountTo: 5_500_000, direction: 'grown' });
  });
});

describe('the change between two dates', () => {
  it('reconciles the pipeline per stage: new, won, grown, moved, removed, reassigned', async () => {
    // Act
    const reply = await engine.api({ method: 'GET', path: '/pipeline/change?from=2026-01-12&to=2026-02-02&deals=true' });
    // Assess
    expect(reply.status).toBe(200);
    const { total, deals } = reply.body;
    expect(total.opening).toEqual({ amount: 8_000_000, count: 2 });
    expect(total.closing).toEqual({ amount: 5_500_000, count: 2 });
    expect(total.won).toEqual({ amount: 5_000_000, count: 1 });
    expect(total.new).toEqual({ amount: 2_000_000, count: 1 });
    expect(total.grown).toEqual({ amount: 500_000, count: 1 });
    expect(deals.map((row: { opportunityId: string; movement: string }) => [row.opportunityId, row.movement])).toEqual([
      ['globex', 'moved'],
      ['initech', 'won'],
      ['umbrella', 'new'],
    ]);
  });

  it('counts a deal that slipped out of the close window', async () => {
    // Act: the February pipeline between 19 and 26 January (Hooli slipped to March on the 21st)
    const reply = await engine.api({
      method: 'GET',
      path: '/pipeline/change?from=2026-01-19&to=2026-01-26&closeFrom=2026-02&closeTo=2026-02',
    });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.total.opening).toEqual({ amount: 1_500_000, count: 1 });
    expect(reply.body.total.slippedOut).toEqual({ amount: 1_500_000, count: 1 });
    expect(reply.body.total.closing).toEqual({ amount: 0, count: 0 });
  });
});
