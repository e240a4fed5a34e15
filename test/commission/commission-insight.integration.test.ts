/**
 * Commission insight on DynamoDB Local, through the real API and stream: Dave's February
 * moves (deals won, changed, reassigned, moved out and back, deleted; a kicker; a stage
 * that becomes a won one; a target), the rep month read after each write as the record
 * stood then, and "why did my commission change" between any two of those instants,
 * which must give exactly those records at both ends and lines summing to the change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { DAVE_BANDS, major } from '../support/record-factories.js';

const MONTH = '2026-02';
const SETUP_AT = '2026-02-01T08:00:00.000Z';
const END = '2026-02-15T12:00:00.000Z';
const VERBAL = { id: 'verbal', name: 'Verbal', probability: 90, outcome: 'open' as const };

let engine: EngineHarness;
type Figures = { earned: number; pipelineCommission: number; totalPotential: number };
/** The commission record as the rep month read gave it right after each write. */
const recorded = new Map<string, Figures>();

const deal = (overrides: Record<string, unknown>) => ({
  account: 'Acme',
  ownerId: 'dave',
  stageId: 'prospecting',
  closeDate: '2026-02-20',
  ...overrides,
});
const lines = (hardware: number, services: number) => [
  { productFamily: 'hardware', amount: major(hardware) },
  { productFamily: 'services', amount: major(services) },
];

async function recordAt(at: string): Promise<void> {
  await engine.settle();
  engine.clock.set(at);
  const reply = await engine.api({ method: 'GET', path: `/reps/dave/months/${MONTH}` });
  expect(reply.status).toBe(200);
  const { earned, pipelineCommission, totalPotential } = (reply.body as { commissionRecord: Figures }).commissionRecord;
  recorded.set(at, { earned, pipelineCommission, totalPotential });
}

async function step(at: string, method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
  await engine.write(method, path, body, at);
  await recordAt(at);
}

beforeAll(async () => {
  engine = await startEngine('commission-insight', SETUP_AT);
  await engine.write('PUT', '/teams/company', { name: 'Acme Software Ltd', parentTeamId: null }, SETUP_AT);
  await engine.write('PUT', '/teams/emea', { name: 'EMEA', parentTeamId: 'company' }, SETUP_AT);
  await engine.write('PUT', '/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'emea' }, SETUP_AT);
  await engine.write('PUT', '/reps/erin', { name: 'Erin Kaur', email: 'erin@example.com', teamId: 'emea' }, SETUP_AT);
  await engine.write('PUT', '/commission-levels', { repId: 'dave', fromMonth: '2026-01', bands: DAVE_BANDS }, SETUP_AT);
  await engine.write(
    'PUT',
    '/commission-levels',
    { repId: 'dave', productFamily: 'services', fromMonth: '2026-01', bands: [{ from: 0, to: null, ratePercent: 5 }] },
    SETUP_AT,
  );
  await step(SETUP_AT, 'PUT', '/stages', { stages: [...DEFAULT_STAGES.stages, VERBAL] });

  await step(
    '2026-02-02T10:00:00.000Z',
    'PUT',
    '/opportunities/globex',
    deal({ name: 'Globex', stageId: 'negotiation', amount: major(40_000) }),
  );
  await step(
    '2026-02-03T10:00:00.000Z',
    'PUT',
    '/opportunities/initech',
    deal({ name: 'Initech', stageId: 'closed-won', closeDate: '2026-02-10', productLines: lines(20_000, 10_000) }),
  );
  await step('2026-02-04T10:00:00.000Z', 'PUT', '/opportunities/umbrella', deal({ name: 'Umbrella', amount: major(5_000) }));
  await step(
    '2026-02-05T10:00:00.000Z',
    'PUT',
    '/opportunities/globex',
    deal({ name: 'Globex', stageId: 'closed-won', amount: major(40_000) }),
  );
  await step(
    '2026-02-06T10:00:00.000Z',
    'PUT',
    '/opportunities/initech',
    deal({ name: 'Initech', stageId: 'closed-won', closeDate: '2026-02-10', productLines: lines(40_000, 20_000) }),
  );
  await step(
    '2026-02-07T10:00:00.000Z',
    'PUT',
    '/opportunities/hooli',
    deal({ name: 'Hooli', stageId: 'verbal', amount: major(20_000), closeDate: '2026-02-25' }),
  );
  await step(
    '2026-02-08T10:00:00.000Z',
    'PUT',
    '/opportunities/globex',
    deal({ name: 'Globex', stageId: 'closed-won', amount: major(40_000), ownerId: 'erin' }),
  );
  await step(
    '2026-02-09T10:00:00.000Z',
    'PUT',
    '/opportunities/hooli',
    deal({ name: 'Hooli', stageId: 'verbal', amount: major(20_000), closeDate: '2026-03-05' }),
  );
  await step('2026-02-10T10:00:00.000Z', 'PUT', '/commission-levels', {
    repId: 'dave',
    fromMonth: MONTH,
    toMonth: MONTH,
    bands: [{ from: 0, to: null, ratePercent: 10 }],
  });
  await step('2026-02-11T10:00:00.000Z', 'PUT', '/stages', { stages: [...DEFAULT_STAGES.stages, { ...VERBAL, outcome: 'won' }] });
  await step(
    '2026-02-12T10:00:00.000Z',
    'PUT',
    '/opportunities/hooli',
    deal({ name: 'Hooli', stageId: 'verbal', amount: major(20_000), closeDate: '2026-02-26' }),
  );
  await step('2026-02-13T10:00:00.000Z', 'PUT', '/targets', { ownerType: 'rep', ownerId: 'dave', amounts: { [MONTH]: major(150_000) } });
  await step('2026-02-14T10:00:00.000Z', 'DELETE', '/opportunities/umbrella');
  await recordAt(END);
}, 180_000);

afterAll(async () => {
  await engine?.stop();
});

async function change(from: string, to?: string) {
  engine.clock.set(END);
  const query = to === undefined ? `from=${from}` : `from=${from}&to=${to}`;
  return engine.api({ method: 'GET', path: `/reps/dave/months/${MONTH}/commission/change?${query}` });
}

interface ChangeBody extends Record<string, unknown> {
  before: Figures;
  after: Figures;
  change: Figures;
  lines: Array<Figures & { kind: string; deal: { opportunityId: string } | null; detail: string }>;
}

describe('why did my commission change, through the API', () => {
  it('between recorded instants (each with the next, the first and the last): exactly the rep month read at each, lines summing to the change', async () => {
    const instants = [...recorded.keys()];
    const last = instants.length - 1;
    for (const [i, from] of instants.entries()) {
      const later = instants.filter((_to, j) => j > i && (j === i + 1 || j === last || i === 0));
      for (const to of later) {
        const reply = await change(from, to);
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        const body = reply.body as ChangeBody;
        expect(body.before, `before at ${from}`).toEqual(recorded.get(from));
        expect(body.after, `after at ${to}`).toEqual(recorded.get(to));
        for (const key of ['earned', 'pipelineCommission', 'totalPotential'] as const) {
          expect(body.lines.reduce((sum, line) => sum + line[key], 0)).toBe(body.change[key]);
          expect(body.change[key]).toBe(body.after[key] - body.before[key]);
        }
      }
    }
  }, 180_000);

  it('the whole month, line by line', async () => {
    const reply = await change('2026-02-01');
    const body = reply.body as ChangeBody;
    expect(body.after).toEqual(recorded.get(END));
    // At setup: the levels of February set (general, then services) are listed at 0 (no deals yet); the stage added moves nothing and is left out.
    expect(body.lines.map((line) => [line.kind, line.deal?.opportunityId ?? null])).toEqual([
      ['levels-changed', null],
      ['levels-changed', null],
      ['created', 'globex'],
      ['created', 'initech'],
      ['created', 'umbrella'],
      ['won', 'globex'],
      ['amount-changed', 'initech'],
      ['created', 'hooli'],
      ['reassigned-out', 'globex'],
      ['moved-out', 'hooli'],
      ['levels-changed', null],
      ['moved-in', 'hooli'],
      ['target-changed', null],
      ['deleted', 'umbrella'],
    ]);
  });

  it('problem+json naming the field: to before from, to in the future', async () => {
    const backwards = await change('2026-02-10', '2026-02-05');
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(backwards.body)).toContain('"to"');
    const future = await change('2026-02-10', '2026-03-01');
    expect(future.status).toBe(422);
    expect(JSON.stringify(future.body)).toContain('"to"');
    const bad = await engine.api({ method: 'GET', path: `/reps/dave/months/${MONTH}/commission/change?from=yesterday` });
    expect(bad.status).toBe(400);
  });
});

describe('the next sale, through the API', () => {
  it('per pool, from the month as it stands', async () => {
    engine.clock.set(END);
    const reply = await engine.api({ method: 'GET', path: `/reps/dave/months/${MONTH}/commission/next-sale` });
    expect(reply.status).toBe(200);
    const body = reply.body as { pools: Array<Record<string, unknown>> };
    // Won now: Initech (hardware 40,000 general pool; services 20,000) and Hooli (verbal, now a won stage: 20,000 general).
    expect(body.pools).toEqual([
      {
        productFamily: null,
        pooledFamilies: ['hardware'],
        wonRevenue: major(60_000),
        band: { from: 0, to: null, ratePercent: 10 },
        marginalRatePercent: 10,
        revenueToNextBand: null,
        nextBand: null,
        capped: false,
      },
      {
        productFamily: 'services',
        pooledFamilies: [],
        wonRevenue: major(20_000),
        band: { from: 0, to: null, ratePercent: 5 },
        marginalRatePercent: 5,
        revenueToNextBand: null,
        nextBand: null,
        capped: false,
      },
    ]);
  });
});
