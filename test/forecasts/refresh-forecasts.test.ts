/**
 * The refresh's own rules, on in-memory ports: which months it backtests, how a scope's
 * target is rolled up, that the history is read once and both results are written, and
 * that it waits while the stream has not recorded a deal's latest change.
 */
import { describe, expect, it } from 'vitest';
import type { LearnedRates, ScopeBacktest } from '#core/forecasts/forecast-model.js';
import { backtestMonthsOf, type RefreshForecastsPorts, refreshForecasts, targetsOf } from '#core/forecasts/refresh-forecasts.js';
import type { PipelineHistory } from '#core/pipeline/pipeline-rebuild.js';
import { RetryLaterError } from '#core/shared/errors.js';
import { type TargetOwner, targetKey } from '#core/targets/target-repository.js';
import { forecastHistoryOf } from '#test/support/forecast-history.js';

const deal = (id: string, createdAt: string) => ({
  current: {
    id,
    ownerId: 'rep-1',
    stageId: 'prospecting',
    closeDate: '2026-12-15',
    amount: 100,
    probability: null,
    deleted: false,
    createdAt,
    updatedAt: createdAt,
    version: 1,
  },
  history: [],
  appliedVersion: 1,
});

describe('backtestMonthsOf', () => {
  it('is the complete months before now, at most 12, oldest first', () => {
    const history = { deals: [deal('a', '2024-03-10T00:00:00.000Z')] };
    expect(backtestMonthsOf(history, '2026-12-02T02:15:00.000Z')).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
  });

  it('starts at the month of the first deal, and is empty without deals or complete months', () => {
    expect(
      backtestMonthsOf(
        { deals: [deal('b', '2026-10-31T23:00:00.000Z'), deal('a', '2026-09-01T00:00:00.000Z')] },
        '2026-12-01T00:00:00.000Z',
      ),
    ).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(backtestMonthsOf({ deals: [] }, '2026-12-01T00:00:00.000Z')).toEqual([]);
    expect(backtestMonthsOf({ deals: [deal('a', '2026-12-01T00:00:00.000Z')] }, '2026-12-01T10:00:00.000Z')).toEqual([]);
  });
});

describe('targetsOf', () => {
  // company > emea > (uk: dave, erin), (de: frank); company > apac (no reps); gina placed in emea directly, moved from uk.
  const history: Pick<PipelineHistory, 'repVersions' | 'teams'> = {
    teams: [
      { id: 'company', name: 'Company', parentTeamId: null },
      { id: 'emea', name: 'EMEA', parentTeamId: 'company' },
      { id: 'uk', name: 'UK', parentTeamId: 'emea' },
      { id: 'de', name: 'DE', parentTeamId: 'emea' },
      { id: 'apac', name: 'APAC', parentTeamId: 'company' },
    ],
    repVersions: [
      { repId: 'dave', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', teamId: 'uk' },
      { repId: 'erin', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', teamId: 'uk' },
      { repId: 'frank', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', teamId: 'de' },
      { repId: 'gina', version: 2, updatedAt: '2026-06-01T00:00:00.000Z', teamId: 'emea' },
      { repId: 'gina', version: 1, updatedAt: '2026-01-01T00:00:00.000Z', teamId: 'uk' },
    ],
  };
  const stored = new Map<string, number>([
    [targetKey({ ownerType: 'rep', ownerId: 'dave' }, '2026-10'), 100],
    [targetKey({ ownerType: 'rep', ownerId: 'erin' }, '2026-10'), 200],
    [targetKey({ ownerType: 'rep', ownerId: 'frank' }, '2026-10'), 400],
    [targetKey({ ownerType: 'rep', ownerId: 'gina' }, '2026-10'), 800],
    [targetKey({ ownerType: 'team', ownerId: 'de' }, '2026-10'), 5_000],
    [targetKey({ ownerType: 'rep', ownerId: 'dave' }, '2026-11'), 10],
    [targetKey({ ownerType: 'team', ownerId: 'emea' }, '2026-11'), 9_000],
  ]);
  const reads: { owners: readonly TargetOwner[]; months: readonly string[] }[] = [];
  const targets = {
    generalTargets: async (owners: readonly TargetOwner[], months: readonly string[]) => {
      reads.push({ owners, months });
      return stored;
    },
  };

  it('reads every rep and team target of the months once', async () => {
    reads.length = 0;
    await targetsOf(targets, history, ['2026-10', '2026-11']);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.months).toEqual(['2026-10', '2026-11']);
    expect(reads[0]?.owners).toHaveLength(4 + 5);
  });

  it("gives a rep's own target, a team's own where set, else its members' (today's team) and child teams' summed; the company's its roots'", async () => {
    const targetOf = await targetsOf(targets, history, ['2026-10', '2026-11', '2026-12']);

    expect(targetOf({ kind: 'rep', repId: 'erin' }, '2026-10')).toBe(200);
    expect(targetOf({ kind: 'rep', repId: 'erin' }, '2026-11')).toBeNull();
    expect(targetOf({ kind: 'team', teamId: 'uk' }, '2026-10')).toBe(300);
    expect(targetOf({ kind: 'team', teamId: 'de' }, '2026-10')).toBe(5_000);
    // uk 300 + de's own 5,000 + gina 800 (moved to emea).
    expect(targetOf({ kind: 'team', teamId: 'emea' }, '2026-10')).toBe(6_100);
    expect(targetOf({ kind: 'company' }, '2026-10')).toBe(6_100);
    expect(targetOf({ kind: 'team', teamId: 'apac' }, '2026-10')).toBeNull();
    // A team's own target for November replaces its members' for November only.
    expect(targetOf({ kind: 'team', teamId: 'uk' }, '2026-11')).toBe(10);
    expect(targetOf({ kind: 'company' }, '2026-11')).toBe(9_000);
    expect(targetOf({ kind: 'company' }, '2026-12')).toBeNull();
  });
});

describe('refreshForecasts', () => {
  const NOW = '2026-12-02T12:00:00.000Z';
  const generated = forecastHistoryOf({ seed: 3, reps: ['rep-1', 'rep-2'], months: 6, dealsPerRepMonth: 6, now: NOW });

  function portsOf(history: PipelineHistory) {
    const written: { rates: LearnedRates[]; backtests: (readonly ScopeBacktest[])[]; reads: string[] } = {
      rates: [],
      backtests: [],
      reads: [],
    };
    const ports: RefreshForecastsPorts = {
      history: {
        read: async (since) => {
          written.reads.push(since);
          return history;
        },
      },
      targets: { generalTargets: async () => new Map() },
      learnedRates: { read: async () => written.rates.at(-1), write: async (rates) => void written.rates.push(rates) },
      backtests: { read: async () => undefined, writeAll: async (backtests) => void written.backtests.push(backtests) },
    };
    return { ports, written };
  }

  it("reads the whole history once, writes the rates learned at now and every scope's backtest, and says what it did", async () => {
    const { ports, written } = portsOf(generated.history);

    const summary = await refreshForecasts(ports, new Date(NOW), { draws: 10_000 });

    expect(written.reads).toEqual(['1970-01-01T00:00:00.000Z']);
    expect(written.rates).toHaveLength(1);
    expect(written.rates[0]?.learnedAt).toBe(NOW);
    expect(summary).toMatchObject({
      learnedAt: NOW,
      dealsRead: generated.history.deals.length,
      closedDeals: written.rates[0]?.closedDeals,
      months: ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'],
      scopes: written.backtests[0]?.length,
      skipped: 0,
    });
    expect(written.backtests[0]?.map((backtest) => backtest.scope.kind).sort()).toEqual(['company', 'rep', 'rep', 'team']);
  });

  it('gives the same figures whatever order the scan returned the deals in', async () => {
    const first = portsOf(generated.history);
    const reversed = portsOf({ ...generated.history, deals: [...generated.history.deals].reverse() });

    await refreshForecasts(first.ports, new Date(NOW));
    await refreshForecasts(reversed.ports, new Date(NOW));

    expect(reversed.written.rates).toEqual(first.written.rates);
    expect(reversed.written.backtests).toEqual(first.written.backtests);
  });

  it('writes nothing while the stream has not recorded a deal changed in the last hour (RetryLaterError)', async () => {
    const [first, ...others] = generated.history.deals;
    const changedNow = {
      ...first!,
      current: { ...first!.current, updatedAt: '2026-12-02T11:59:00.000Z', version: first!.current.version + 1 },
    };
    const { ports, written } = portsOf({ ...generated.history, deals: [changedNow, ...others] });

    await expect(refreshForecasts(ports, new Date(NOW))).rejects.toBeInstanceOf(RetryLaterError);
    expect(written.rates).toEqual([]);
    expect(written.backtests).toEqual([]);
  });
});
