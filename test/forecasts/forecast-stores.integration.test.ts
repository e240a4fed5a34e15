/**
 * The forecasts' stores on DynamoDB Local: the learned rates (one item) and the backtest of
 * every scope (one item each, replaced together).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredRates } from '#core/forecasts/configured-rates.js';
import type { BacktestSummary, LearnedRates, ScopeBacktest } from '#core/forecasts/forecast-model.js';
import type { Scope } from '#core/organisation/scope.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { BacktestStore } from '#functions/forecasts/backtest-store.js';
import { LearnedRatesStore } from '#functions/forecasts/learned-rates-store.js';
import { keys } from '#functions/store/keys.js';
import { CorruptItemError } from '#functions/store/stored-item.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('forecast-stores');
});
afterAll(() => table?.delete());

const learned: LearnedRates = {
  ...configuredRates(DEFAULT_STAGES),
  learnedAt: '2026-12-01T02:15:00.000Z',
  averageSalesCycleDays: 47,
  closedDeals: 812,
  stages: [
    {
      stageId: 'proposal-made',
      configuredProbability: 50,
      win: { observations: 240, won: 132 },
      onTime: { observations: 90, closedWithin: [63, 81, 88] },
      winRate: 0.55,
      winRateSource: 'stage',
      closedWithin: [0.7, 0.9, 88 / 90],
      closedWithinSource: 'stage',
      medianDaysInStage: 21,
      cells: [
        {
          stageId: 'proposal-made',
          extensions: '0',
          sinceStageChange: '0-30',
          win: { observations: 200, won: 112 },
          onTime: { observations: 70, closedWithin: [49, 63, 69] },
        },
        {
          stageId: 'proposal-made',
          extensions: '2+',
          sinceStageChange: '91+',
          win: { observations: 40, won: 20 },
          onTime: { observations: 20, closedWithin: [14, 18, 19] },
        },
      ],
    },
  ],
};

const error = { meanAbsoluteError: 0, bias: 0, weightedAbsolutePercentageError: null };
const summary: BacktestSummary = {
  scoredMonths: 1,
  brierScore: 0.09,
  calibration: [{ from: 0.7, to: 0.8, forecasts: 1, meanProbability: 0.7, observedRate: 1 }],
  errors: { stageProbability: error, calibrated: error, slipAdjusted: error, p50: error },
};
function backtestOf(scope: Scope, computedAt: string): ScopeBacktest {
  return {
    scope,
    computedAt,
    months: [
      {
        month: '2026-11',
        asAt: '2026-11-01T00:00:00.000Z',
        target: 10_000_000,
        wonAtStart: 0,
        projectedWon: { stageProbability: 9_000_000, calibrated: 8_000_000, slipAdjusted: 7_000_000 },
        p10: 5_000_000,
        p50: 7_000_000,
        p90: 11_000_000,
        probabilityOfReachingTarget: 0.7,
        actualWon: 10_500_000,
        reachedTarget: true,
      },
    ],
    summary,
    ...(scope.kind === 'rep' ? {} : { repMonths: summary }),
  };
}

describe('the learned rates store', () => {
  it('reads nothing before the first refresh, then the rates last written', async () => {
    const store = new LearnedRatesStore(table.dependencies());
    expect(await store.read()).toBeUndefined();

    await store.write(configuredRates(DEFAULT_STAGES));
    await store.write(learned);

    expect(await store.read()).toEqual(learned);
  });

  it('refuses a stored item that is not rates as a corrupt item, not a request error', async () => {
    const store = new LearnedRatesStore(table.dependencies());
    const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: keys.forecastRates() }));
    expect(Item?.data).toBeInstanceOf(Uint8Array);
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.forecastRates(), type: 'LearnedRates', data: new Uint8Array([1, 2, 3]) },
      }),
    );
    await expect(store.read()).rejects.toBeInstanceOf(CorruptItemError);
    await store.write(learned);
  });
});

describe('the backtest store', () => {
  const company: Scope = { kind: 'company' };
  const east: Scope = { kind: 'team', teamId: 'east' };
  const dave: Scope = { kind: 'rep', repId: 'dave' };
  const erin: Scope = { kind: 'rep', repId: 'erin' };

  it('reads each scope back; a second writeAll replaces them and removes the scopes it does not cover', async () => {
    const store = new BacktestStore(table.dependencies());
    expect(await store.read(company)).toBeUndefined();

    await store.writeAll([company, east, dave, erin].map((scope) => backtestOf(scope, '2026-12-01T02:15:00.000Z')));
    expect(await store.read(east)).toEqual(backtestOf(east, '2026-12-01T02:15:00.000Z'));
    expect(await store.read(erin)).toEqual(backtestOf(erin, '2026-12-01T02:15:00.000Z'));

    await store.writeAll([company, dave].map((scope) => backtestOf(scope, '2026-12-02T02:15:00.000Z')));

    expect(await store.read(company)).toEqual(backtestOf(company, '2026-12-02T02:15:00.000Z'));
    expect(await store.read(dave)).toEqual(backtestOf(dave, '2026-12-02T02:15:00.000Z'));
    expect(await store.read(east)).toBeUndefined();
    expect(await store.read(erin)).toBeUndefined();
  });

  it('writes and removes more scopes than one batch holds', async () => {
    const store = new BacktestStore(table.dependencies());
    const reps = Array.from({ length: 60 }, (_, index): Scope => ({ kind: 'rep', repId: `rep-${String(index).padStart(2, '0')}` }));
    await store.writeAll(reps.map((scope) => backtestOf(scope, '2026-12-03T02:15:00.000Z')));
    expect(await store.read({ kind: 'rep', repId: 'rep-59' })).toMatchObject({ computedAt: '2026-12-03T02:15:00.000Z' });

    await store.writeAll([backtestOf(company, '2026-12-04T02:15:00.000Z')]);

    expect(await store.read({ kind: 'rep', repId: 'rep-00' })).toBeUndefined();
    expect(await store.read({ kind: 'rep', repId: 'rep-59' })).toBeUndefined();
    expect(await store.read(company)).toMatchObject({ computedAt: '2026-12-04T02:15:00.000Z' });
  });
});
