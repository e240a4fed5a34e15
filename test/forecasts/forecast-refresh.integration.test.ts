/**
 * The forecast refresh end to end on DynamoDB Local: a generated history with known true
 * rates imported through POST /imports/opportunities and recorded by the real stream, the
 * refresh run by its scheduled handler, the results read through the API.
 *
 * Tolerances: 4 reps x 14 months x 18 deals = 1,008 deals, about 250 a stage, each seen at
 * 1-3 month starts: a stage's win rate has a standard error of at most 0.032 (at 0.5), so
 * ±0.10 is over 3 of them (and the history is seeded: the same every run). About 800 deals
 * are seen due in their month before any extension: on time 0.7, standard error 0.016,
 * ±0.06 is over 3.5 of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LearnedRates, RateCell, ScopeBacktest } from '#core/forecasts/forecast-model.js';
import type { ForecastRefreshSummary } from '#core/forecasts/refresh-forecasts.js';
import { addMonths } from '#core/shared/period.js';
import { createForecastRefreshHandler } from '#functions/forecasts/forecast-refresh-handler.js';
import { backtestCli } from '#local/backtest-cli.js';
import { silentLogger } from '../support/engine-harness.js';
import { type Engine, engineOnNewTable } from '../support/engine-on-table.js';
import { FORECAST_STAGES, type ForecastHistory, forecastHistoryOf } from '../support/forecast-history.js';

const NOW = '2026-12-02T12:00:00.000Z';
const REPS = ['rep-1', 'rep-2', 'rep-3', 'rep-4'];
const TEAM = 'team-sales';
const WIN_TOLERANCE = 0.1;
const ON_TIME_TOLERANCE = 0.06;
/** Each rep's monthly target: about what a rep wins in a month (18 deals of ~2,550 at ~0.45). */
const TARGET = 20_000_00;

let engine: Engine;
let generated: ForecastHistory;
let refresh: (event: unknown) => Promise<ForecastRefreshSummary>;

beforeAll(async () => {
  generated = forecastHistoryOf({ seed: 14, reps: REPS, months: 14, dealsPerRepMonth: 18, now: NOW, teamId: TEAM });
  const setUpAt = new Date(Date.parse(generated.startsAt) - 86_400_000).toISOString();
  engine = await engineOnNewTable('forecast-refresh', setUpAt);
  await engine.put(`/teams/${TEAM}`, { name: 'Sales', parentTeamId: 'company' }, setUpAt);
  for (const repId of REPS) {
    await engine.put(`/reps/${repId}`, { name: repId, email: `${repId}@example.com`, teamId: TEAM }, setUpAt);
    const months = Array.from({ length: 14 }, (_, index) => addMonths(generated.startsAt.slice(0, 7), index));
    engine.clock.set(setUpAt);
    const reply = await engine.api({
      method: 'PUT',
      path: '/targets',
      body: { ownerType: 'rep', ownerId: repId, amounts: Object.fromEntries(months.map((month) => [month, TARGET])) },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  }
  // The import happens now; the stream records the deals' history and links.
  engine.clock.set(NOW);
  for (const body of smallerBodies(generated.importBodies)) {
    const reply = await engine.api({ method: 'POST', path: '/imports/opportunities', body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((reply.body as { opportunities: { rejected: number } }).opportunities.rejected).toBe(0);
  }
  await engine.settle();
  refresh = createForecastRefreshHandler({
    ...engine.table.dependencies(engine.clock),
    logger: silentLogger,
    scanSegments: 2,
    wait: () => engine.settle(),
  });
}, 120_000);

/** The generator's bodies in chunks of 100 deals (each with its history rows): shorter requests on a busy DynamoDB Local. */
function smallerBodies(bodies: ForecastHistory['importBodies']): ForecastHistory['importBodies'] {
  return bodies.flatMap((body) =>
    Array.from({ length: Math.ceil(body.opportunities.length / 100) }, (_, index) => {
      const opportunities = body.opportunities.slice(index * 100, (index + 1) * 100);
      const ids = new Set(opportunities.map((opportunity) => opportunity.id));
      return { opportunities, history: body.history.filter((row) => ids.has(row.opportunityId)) };
    }),
  );
}

afterAll(async () => {
  await engine?.stop();
});

async function get<T>(path: string): Promise<T> {
  const reply = await engine.api({ method: 'GET', path });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as T;
}

describe('the forecast refresh on generated history', () => {
  let summary: ForecastRefreshSummary;
  let rates: LearnedRates;
  let backtest: ScopeBacktest;

  beforeAll(async () => {
    summary = await refresh({ refresh: 'forecasts', time: NOW });
    [rates, backtest] = await Promise.all([get<LearnedRates>('/forecasts/rates'), get<ScopeBacktest>('/forecasts/backtest')]);
  }, 60_000);

  it('reads every deal once and backtests the 12 complete months before now for the company, the teams and the reps', () => {
    expect(summary.dealsRead).toBe(generated.history.deals.length);
    expect(summary.months).toEqual(Array.from({ length: 12 }, (_, index) => addMonths('2025-12', index)));
    // The company, its root team and the sales team, and the four reps.
    expect(summary.scopes).toBe(1 + 2 + REPS.length);
    expect(rates.learnedAt).toBe(NOW);
    expect(rates.closedDeals).toBe(summary.closedDeals);
  });

  it("learns each stage's win rate within ±0.10 of the generator's true rate", () => {
    for (const stageId of FORECAST_STAGES) {
      const stage = rates.stages.find((candidate) => candidate.stageId === stageId);
      expect(stage?.winRateSource, stageId).toBe('stage');
      expect(Math.abs((stage?.winRate ?? -1) - generated.trueRates.win[stageId]), stageId).toBeLessThanOrEqual(WIN_TOLERANCE);
    }
  });

  it('learns that a deal due this month before any extension closes in it with 1 - the slip rate (±0.06), and always within the next', () => {
    const cells = rates.stages.flatMap((stage) => stage.cells).filter((cell: RateCell) => cell.extensions === '0');
    const observations = cells.reduce((sum, cell) => sum + cell.onTime.observations, 0);
    const within = [0, 1, 2].map((k) => cells.reduce((sum, cell) => sum + (cell.onTime.closedWithin[k] ?? 0), 0) / observations);

    expect(observations).toBeGreaterThan(600);
    expect(Math.abs((within[0] ?? -1) - (1 - generated.trueRates.slip))).toBeLessThanOrEqual(ON_TIME_TOLERANCE);
    expect(within.slice(1)).toEqual([1, 1]);
  });

  it('backtests 12 months of the company with a finite Brier score and calibration bins that count every scored month', () => {
    expect(backtest.scope).toEqual({ kind: 'company' });
    expect(backtest.computedAt).toBe(NOW);
    expect(backtest.months.map((month) => month.month)).toEqual(summary.months);
    expect(backtest.months.every((month) => month.target === TARGET * REPS.length)).toBe(true);
    expect(backtest.summary.scoredMonths).toBe(12);
    expect(Number.isFinite(backtest.summary.brierScore)).toBe(true);
    expect(backtest.summary.brierScore).toBeGreaterThanOrEqual(0);
    expect(backtest.summary.brierScore).toBeLessThanOrEqual(1);
    expect(backtest.summary.calibration.reduce((sum, bin) => sum + bin.forecasts, 0)).toBe(backtest.summary.scoredMonths);
    // What was won each month is the generator's: the history closes the same deals whatever the forecast said.
    expect(backtest.months.some((month) => month.actualWon > 0)).toBe(true);
  });

  it('backtests a rep through the API too', async () => {
    const rep = await get<ScopeBacktest>('/forecasts/backtest?repId=rep-1');
    expect(rep.scope).toEqual({ kind: 'rep', repId: 'rep-1' });
    expect(rep.months).toHaveLength(12);
    expect(rep.summary.scoredMonths).toBe(12);
    expect(rep.summary.calibration.reduce((sum, bin) => sum + bin.forecasts, 0)).toBe(12);
  });

  it('writes the same figures when refreshed again with nothing changed', async () => {
    const again = await refresh({ refresh: 'forecasts', time: NOW });
    const [ratesAgain, backtestAgain] = await Promise.all([
      get<LearnedRates>('/forecasts/rates'),
      get<ScopeBacktest>('/forecasts/backtest'),
    ]);

    expect({ ...again, durations: undefined }).toEqual({ ...summary, durations: undefined });
    expect(ratesAgain).toEqual(rates);
    expect(backtestAgain).toEqual(backtest);
  }, 60_000);

  it("npm run backtest refreshes and prints the rates and the company's backtest; --no-refresh --rep prints what is stored for a rep", async () => {
    const cli = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await backtestCli(['--endpoint', engine.table.endpoint, '--table', engine.table.tableName, ...argv], {
        log: (line) => lines.push(line),
        clock: engine.clock,
      });
      return { code, lines };
    };

    const refreshed = await cli();
    const stored = await cli('--no-refresh', '--rep', 'rep-1');

    expect(refreshed.code).toBe(0);
    expect(refreshed.lines[0]).toMatch(
      /^forecasts refreshed 2026-12-02T12:00:00\.000Z: \d[\d,]* deals \(\d[\d,]* closed\), 12 months x 7 scopes backtested/,
    );
    expect(refreshed.lines).toContainEqual(expect.stringMatching(/^stage\s+configured\s+observed\s+won\s+win rate/));
    for (const stageId of FORECAST_STAGES)
      expect(refreshed.lines).toContainEqual(expect.stringMatching(new RegExp(`^${stageId}\\s+\\d+ %\\s+\\d+`)));
    expect(refreshed.lines).toContainEqual(expect.stringMatching(/^Backtest of the company, computed 2026-12-02T12:00:00\.000Z/));
    expect(refreshed.lines).toContainEqual(expect.stringMatching(/^Summary: 12 month\(s\) with a target scored; Brier score 0\.\d{4}/));
    expect(stored.code).toBe(0);
    expect(stored.lines.some((line) => line.startsWith('forecasts refreshed'))).toBe(false);
    expect(stored.lines).toContainEqual(expect.stringMatching(/^Backtest of rep rep-1, computed 2026-12-02T12:00:00\.000Z/));
    expect(stored.lines.filter((line) => /^20\d\d-\d\d\s/.test(line))).toHaveLength(12);
  }, 60_000);
});
