/**
 * The forecast routes on DynamoDB Local, through the real API handler and stream: a small
 * organisation (company ─ uk: Dave and Erin, Mia managing the UK) with deals, targets and
 * stored rates, and every figure of the forecast checked by hand; the configured fallback
 * before the first refresh; the period and parameter checks; the same seed, the same answer;
 * who may read what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LearnedRates, ScopeBacktest, StageRates } from '#core/forecasts/forecast-model.js';
import { BacktestStore } from '#functions/forecasts/backtest-store.js';
import { LearnedRatesStore } from '#functions/forecasts/learned-rates-store.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';

const SETUP_AT = '2026-11-02T09:00:00.000Z';
const NOW = '2026-11-20T12:00:00.000Z';

let engine: EngineHarness;
let dave: ApiCall;
let mia: ApiCall;

const deal = (ownerId: string, stageId: string, closeDate: string, amount: number, probability: number | null = null) => ({
  name: `${ownerId} ${stageId} ${closeDate}`,
  account: 'Acme',
  ownerId,
  stageId,
  closeDate,
  amount,
  probability,
});

function stage(
  stageId: string,
  configuredProbability: number,
  winRate: number,
  closedWithin: [number, number, number],
  median: number | null,
): StageRates {
  return {
    stageId,
    configuredProbability,
    win: { observations: 100, won: Math.round(winRate * 100) },
    onTime: { observations: 50, closedWithin: closedWithin.map((rate) => Math.round(rate * 50)) as [number, number, number] },
    winRate,
    winRateSource: 'stage',
    closedWithin,
    closedWithinSource: 'stage',
    medianDaysInStage: median,
    cells: [],
  };
}

const RATES: LearnedRates = {
  learnedAt: '2026-11-01T02:15:00.000Z',
  minObservations: 30,
  stages: [
    stage('prospecting', 10, 0.1, [0.4, 0.6, 0.8], null),
    stage('proposal-made', 50, 0.5, [1, 1, 1], null),
    stage('negotiation', 75, 0.8, [0.5, 0.75, 1], 10),
  ],
  averageSalesCycleDays: null,
  closedDeals: 400,
};

beforeAll(async () => {
  engine = await startEngine('forecast-routes', SETUP_AT);
  dave = apiClientOf(engine.handler, { as: { repId: 'dave', role: 'rep' } });
  mia = apiClientOf(engine.handler, { as: { repId: 'mia', role: 'manager' } });
  const rep = (name: string, teamId: string) => ({ name, email: `${name.toLowerCase()}@example.com`, teamId });
  const setup: [string, unknown][] = [
    ['/teams/company', { name: 'Acme', parentTeamId: null }],
    ['/teams/uk', { name: 'UK', parentTeamId: 'company' }],
    ['/reps/mia', rep('Mia', 'uk')],
    ['/reps/dave', rep('Dave', 'uk')],
    ['/reps/erin', rep('Erin', 'uk')],
    ['/opportunities/dave-won', deal('dave', 'closed-won', '2026-11-10', 9_000_000)],
    ['/opportunities/dave-open', deal('dave', 'proposal-made', '2026-11-25', 2_000_000)],
    ['/opportunities/erin-open', deal('erin', 'negotiation', '2026-11-28', 1_000_000, 60)],
    ['/opportunities/erin-dec', deal('erin', 'prospecting', '2026-12-15', 4_000_000)],
    ['/opportunities/erin-lost', deal('erin', 'closed-lost', '2026-11-05', 500_000)],
  ];
  for (const [path, body] of setup) await engine.write('PUT', path, body, SETUP_AT);
  await engine.write('PUT', '/targets', { ownerType: 'rep', ownerId: 'dave', amounts: { '2026-11': 10_000_000 } }, SETUP_AT);
  await engine.write(
    'PUT',
    '/targets',
    { ownerType: 'rep', ownerId: 'erin', amounts: { '2026-11': 5_000_000, '2026-12': 3_000_000 } },
    SETUP_AT,
  );
  await engine.write('PUT', '/targets', { ownerType: 'team', ownerId: 'company', amounts: { '2026-11': 20_000_000 } }, SETUP_AT);
  await engine.settle();
  engine.clock.set(NOW);
});
afterAll(() => engine?.stop());

const get = async (call: ApiCall, path: string) => call({ method: 'GET', path });

describe('before the first refresh', () => {
  it('the rates are every open stage at its configured probability, closing on time', async () => {
    const reply = await get(engine.api, '/forecasts/rates');
    expect(reply.status).toBe(200);
    expect(reply.body.learnedAt).toBeNull();
    expect(reply.body.stages.map((rates: StageRates) => [rates.stageId, rates.winRate, rates.winRateSource, rates.closedWithin])).toEqual([
      ['prospecting', 0.1, 'configured', [1, 1, 1]],
      ['investigation', 0.2, 'configured', [1, 1, 1]],
      ['proposal-made', 0.5, 'configured', [1, 1, 1]],
      ['negotiation', 0.75, 'configured', [1, 1, 1]],
    ]);
  });

  it("a team's forecast uses them: calibrated = slip-adjusted = the stages' configured probabilities", async () => {
    const reply = await get(mia, '/forecasts?period=2026-11&teamId=uk');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      ratesLearnedAt: null,
      wonSoFar: 9_000_000,
      openDeals: 2,
      pipeline: 3_000_000,
      // Erin's deal overrides its stage's 75 % with 60 %: the engine's figure follows the deal, the calibrated one the stage.
      expected: { stageProbability: 1_600_000, calibrated: 1_750_000, slipAdjusted: 1_750_000 },
    });
  });

  it('the backtest is empty', async () => {
    const reply = await get(dave, '/forecasts/backtest?repId=dave');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      scope: { kind: 'rep', repId: 'dave' },
      computedAt: null,
      months: [],
      summary: {
        scoredMonths: 0,
        brierScore: null,
        calibration: [],
        errors: Object.fromEntries(
          ['stageProbability', 'calibrated', 'slipAdjusted', 'p50'].map((figure) => [
            figure,
            { meanAbsoluteError: 0, bias: 0, weightedAbsolutePercentageError: null },
          ]),
        ),
      },
    });
  });
});

describe('with stored rates', () => {
  beforeAll(async () => {
    await new LearnedRatesStore(engine.table.dependencies(engine.clock)).write(RATES);
  });

  it('the rates route reads them back', async () => {
    expect((await get(dave, '/forecasts/rates')).body).toEqual(RATES);
  });

  it("a rep's month: 90,000 won of 100,000, one open 20,000 deal at 50 % that cannot slip: P(reach) = 0.5", async () => {
    const reply = await get(dave, '/forecasts?period=2026-11&repId=dave');
    expect(reply.status).toBe(200);
    const body = reply.body;
    expect(body).toMatchObject({
      scope: { kind: 'rep', repId: 'dave' },
      name: 'Dave',
      period: { kind: 'month', label: '2026-11', months: ['2026-11'] },
      asAt: NOW,
      ratesLearnedAt: RATES.learnedAt,
      target: 10_000_000,
      wonSoFar: 9_000_000,
      openDeals: 1,
      pipeline: 2_000_000,
      expected: { stageProbability: 1_000_000, calibrated: 1_000_000, slipAdjusted: 1_000_000 },
      projectedWon: { stageProbability: 10_000_000, calibrated: 10_000_000, slipAdjusted: 10_000_000 },
      atRisk: [],
    });
    expect(body.simulation).toMatchObject({ draws: 10_000, seed: 1, p10: 9_000_000, p90: 11_000_000 });
    expect(Math.abs(body.simulation.probabilityOfReachingTarget - 0.5)).toBeLessThanOrEqual(3 * Math.sqrt(0.25 / 10_000));
  });

  it("a team's month: its target the sum of its reps' (none of its own); Erin's deal slips with 0.5 and has stayed in its stage too long", async () => {
    const reply = await get(mia, '/forecasts?period=2026-11&teamId=uk');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      name: 'UK',
      target: 15_000_000,
      wonSoFar: 9_000_000,
      openDeals: 2,
      // 1,000,000 + 1,000,000 x 60 %; 1,000,000 + 1,000,000 x 0.8; 1,000,000 + 800,000 x 0.5.
      expected: { stageProbability: 1_600_000, calibrated: 1_800_000, slipAdjusted: 1_400_000 },
      // 9,000,000 + 2,000,000 + 1,000,000 at most: 15,000,000 cannot be reached.
      simulation: { probabilityOfReachingTarget: 0, p90: 12_000_000 },
      atRisk: [
        {
          opportunityId: 'erin-open',
          ownerId: 'erin',
          stageId: 'negotiation',
          amount: 1_000_000,
          winRate: 0.8,
          closeInPeriod: 0.5,
          revenueAtRisk: 400_000,
          // Unchanged since 2 Nov 09:00: 18 whole days by 20 Nov 12:00, the stage's median is 10.
          reasons: [{ kind: 'stale-stage', daysSinceStageChange: 18, medianDaysInStage: 10 }],
        },
      ],
    });
  });

  it("a quarter: each deal's chance to close by the quarter's end, the target summed over its months", async () => {
    const reply = await get(mia, '/forecasts?period=2026-Q4&teamId=uk&atRisk=5');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      period: { kind: 'quarter', label: '2026-Q4', months: ['2026-10', '2026-11', '2026-12'] },
      target: 18_000_000,
      wonSoFar: 9_000_000,
      openDeals: 3,
      // Dave's due in November: closedWithin[1] = 1; Erin's November deal 0.75; her December one (the last month) 0.4.
      expected: { stageProbability: 2_000_000, calibrated: 2_200_000, slipAdjusted: 1_760_000 },
    });
    expect(
      reply.body.atRisk.map((deal: { opportunityId: string; revenueAtRisk: number }) => [deal.opportunityId, deal.revenueAtRisk]),
    ).toEqual([
      ['erin-dec', 240_000],
      ['erin-open', 200_000],
    ]);
    expect(reply.body.atRisk[0].reasons).toEqual([{ kind: 'low-on-time-rate', closeInPeriod: 0.4 }]);
  });

  it("the company's: its own target where set, its name", async () => {
    const reply = await get(engine.api, '/forecasts?period=2026-11');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ scope: { kind: 'company' }, name: 'Acme', target: 20_000_000, wonSoFar: 9_000_000, openDeals: 2 });
  });

  it('the current month when no period is given', async () => {
    const reply = await get(dave, '/forecasts?repId=dave');
    expect(reply.body.period).toEqual({ kind: 'month', label: '2026-11', months: ['2026-11'] });
  });

  it('the same seed gives the same answer; the expected figures do not depend on the seed', async () => {
    const path = '/forecasts?period=2026-Q4&teamId=uk&seed=42&draws=20000';
    const first = await get(mia, path);
    const second = await get(mia, path);
    expect(second.body).toEqual(first.body);
    expect(first.body.simulation).toMatchObject({ seed: 42, draws: 20_000 });
    const other = await get(mia, '/forecasts?period=2026-Q4&teamId=uk&seed=43&draws=20000');
    expect(other.body.expected).toEqual(first.body.expected);
  });

  it('a stored backtest is read back for its scope', async () => {
    const backtest: ScopeBacktest = {
      scope: { kind: 'team', teamId: 'uk' },
      computedAt: '2026-11-20T02:15:00.000Z',
      months: [],
      summary: {
        scoredMonths: 0,
        brierScore: null,
        calibration: [],
        errors: Object.fromEntries(
          ['stageProbability', 'calibrated', 'slipAdjusted', 'p50'].map((figure) => [
            figure,
            { meanAbsoluteError: 1, bias: -1, weightedAbsolutePercentageError: 0.1 },
          ]),
        ) as unknown as ScopeBacktest['summary']['errors'],
      },
    };
    await new BacktestStore(engine.table.dependencies(engine.clock)).writeAll([backtest]);
    expect((await get(mia, '/forecasts/backtest?teamId=uk')).body).toEqual(backtest);
  });
});

describe('the checks', () => {
  it.each([
    ['/forecasts?period=2026-FY', 'period'],
    ['/forecasts?period=2026-13', 'period'],
    ['/forecasts?draws=9999', 'draws'],
    ['/forecasts?draws=100001', 'draws'],
    ['/forecasts?seed=-1', 'seed'],
    ['/forecasts?seed=2147483648', 'seed'],
    ['/forecasts?atRisk=51', 'atRisk'],
    ['/forecasts?repId=dave&teamId=uk', 'teamId'],
    ['/forecasts?month=2026-11', 'month'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const reply = await get(engine.api, path);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('a rep reads their own forecast, not another rep’s (404 as if unknown) nor the company’s (403)', async () => {
    expect((await get(dave, '/forecasts?period=2026-11&repId=erin')).status).toBe(404);
    expect((await get(dave, '/forecasts?period=2026-11&repId=nobody')).status).toBe(404);
    expect((await get(dave, '/forecasts?period=2026-11')).status).toBe(403);
    expect((await get(dave, '/forecasts?period=2026-11&teamId=uk')).status).toBe(403);
    expect((await get(dave, '/forecasts/backtest?repId=erin')).status).toBe(404);
  });

  it("a manager reads their team's and its reps' forecasts, not the company's", async () => {
    expect((await get(mia, '/forecasts?period=2026-11&repId=erin')).status).toBe(200);
    expect((await get(mia, '/forecasts?period=2026-11')).status).toBe(403);
    expect((await get(mia, '/forecasts/backtest')).status).toBe(403);
    expect((await get(engine.api, '/forecasts?period=2026-11&teamId=nowhere')).status).toBe(404);
  });
});
