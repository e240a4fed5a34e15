/**
 * The scheduled refresh of the forecasts' learned figures: one read of the whole history,
 * the rates learned from every deal closed by now, the backtest of the last 12 complete
 * months, and both written over what the previous refresh stored. Forecasts read the
 * stored rates, so a refresh changes the next forecast, never one being answered.
 *
 * 1. Read every deal with its whole field history (since the epoch: rates are learned at
 *    every month start back to the first deal) and refuse, with RetryLaterError, while the
 *    stream has not recorded a deal's latest change: a timeline rebuilt without it would
 *    put a later value at an earlier month start.
 * 2. learnRates(history, now).
 * 3. backtestScopes over the last complete months (at most 12, none before the first deal),
 *    with the targets of every rep and team in those months read once, and a team's target
 *    rolled up as the period reads do: its own where set, else its reps' and child teams'.
 * 4. Write the rates, then every scope's backtest (replacing the stored ones).
 * Deterministic for the same table and instant: a second refresh writes the same figures.
 */
import { type Scope, scopeKeyOf } from '../organisation/scope.js';
import type { TeamNode } from '../organisation/team-tree.js';
import { ensureHistoryRecorded } from '../pipeline/history-recorded.js';
import type { PipelineHistory, RepTeamVersion } from '../pipeline/pipeline-rebuild.js';
import type { PipelineRebuildRepository } from '../pipeline/pipeline-rebuild-repository.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { getOrCreate } from '../shared/maps.js';
import { type TargetOwner, type TargetRepository, targetKey } from '../targets/target-repository.js';
import { backtestScopes } from './backtest.js';
import type { BacktestRepository, LearnedRatesRepository } from './forecast-repositories.js';
import { learnRates } from './learned-rates.js';
import { MIN_DRAWS } from './won-revenue-simulation.js';

/** Complete months a refresh backtests, at most. */
export const BACKTEST_MONTHS = 12;
/** The backtest's simulation seed: fixed, so the same history backtests the same. */
export const BACKTEST_SEED = 1;

/** Read everything: since the epoch, every field change is kept. */
const WHOLE_HISTORY = '1970-01-01T00:00:00.000Z';

export interface RefreshForecastsPorts {
  readonly history: PipelineRebuildRepository;
  readonly targets: Pick<TargetRepository, 'generalTargets'>;
  readonly learnedRates: LearnedRatesRepository;
  readonly backtests: BacktestRepository;
}

export interface RefreshForecastsOptions {
  /** Milliseconds from any fixed origin (core keeps no clock): the steps' durations. @default none (0) */
  readonly elapsedMs?: () => number;
  /** Backtest draws per forecast. @default MIN_DRAWS */
  readonly draws?: number;
}

export interface RefreshDurations {
  readonly readMs: number;
  readonly learnMs: number;
  readonly backtestMs: number;
  readonly writeMs: number;
}

export interface ForecastRefreshSummary {
  /** The instant the rates were learned at and the backtest judged by. */
  readonly learnedAt: string;
  readonly dealsRead: number;
  readonly closedDeals: number;
  readonly stages: number;
  /** The backtested months, oldest first. */
  readonly months: readonly string[];
  /** Scopes backtested (company, teams, reps). */
  readonly scopes: number;
  readonly durations: RefreshDurations;
  /** Stored items the read left out (schema failures), when any. */
  readonly skipped: number;
}

export async function refreshForecasts(
  ports: RefreshForecastsPorts,
  now: Date,
  options: RefreshForecastsOptions = {},
): Promise<ForecastRefreshSummary> {
  const elapsed = options.elapsedMs ?? (() => 0);
  const nowText = now.toISOString();
  const started = elapsed();

  const scanned = await ports.history.read(WHOLE_HISTORY);
  ensureHistoryRecorded(scanned.deals, WHOLE_HISTORY, now);
  // A parallel scan returns the deals in any order; the simulation draws deal by deal, so the same
  // table must reach it in the same order to give the same figures.
  const history: PipelineHistory = {
    ...scanned,
    deals: [...scanned.deals].sort((a, b) => byCodeUnit(a.current.id, b.current.id)),
    stageVersions: [...scanned.stageVersions].sort((a, b) => a.version - b.version),
    repVersions: [...scanned.repVersions].sort((a, b) => byCodeUnit(a.repId, b.repId) || a.version - b.version),
    teams: [...scanned.teams].sort((a, b) => byCodeUnit(a.id, b.id)),
  };
  const read = elapsed();

  const rates = learnRates(history, nowText);
  const learned = elapsed();

  const months = backtestMonthsOf(history, nowText);
  const targetOf = await targetsOf(ports.targets, history, months);
  const backtests = backtestScopes(history, { now: nowText, months, targetOf, draws: options.draws ?? MIN_DRAWS, seed: BACKTEST_SEED });
  const backtested = elapsed();

  await ports.learnedRates.write(rates);
  await ports.backtests.writeAll(backtests);
  const written = elapsed();

  return {
    learnedAt: nowText,
    dealsRead: history.deals.length,
    closedDeals: rates.closedDeals,
    stages: rates.stages.length,
    months,
    scopes: backtests.length,
    durations: { readMs: read - started, learnMs: learned - read, backtestMs: backtested - learned, writeMs: written - backtested },
    skipped: history.skipped?.length ?? 0,
  };
}

/** YYYY-MM of an instant (UTC). */
function monthOf(instant: string): string {
  return instant.slice(0, 7);
}

function previousMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

/**
 * The complete months before now's, newest BACKTEST_MONTHS at most, none before the month
 * the first deal was created in (a month before any deal has nothing to forecast); oldest first.
 */
export function backtestMonthsOf(history: Pick<PipelineHistory, 'deals'>, now: string): string[] {
  let first: string | undefined;
  for (const { current } of history.deals) {
    const month = monthOf(current.createdAt);
    if (first === undefined || month < first) first = month;
  }
  if (first === undefined) return [];
  const months: string[] = [];
  for (let month = previousMonth(monthOf(now)); months.length < BACKTEST_MONTHS && month >= first; month = previousMonth(month))
    months.push(month);
  return months.reverse();
}

/** Each rep's team today: its latest version. */
function todaysTeams(repVersions: readonly RepTeamVersion[]): Map<string, string> {
  const latest = new Map<string, RepTeamVersion>();
  for (const version of repVersions) {
    const known = latest.get(version.repId);
    if (!known || version.version > known.version) latest.set(version.repId, version);
  }
  return new Map([...latest.values()].map((version) => [version.repId, version.teamId]));
}

/** Sum of the figures that are set; null when none is (as the period reads add targets). */
function sumOfSet(values: Iterable<number | null>): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null) sum = (sum ?? 0) + value;
  return sum;
}

/**
 * The target of every scope and month, from one read of every rep's and team's general
 * targets in those months. A team's month: its own target where set, else the sum of its
 * reps' (today's members) and child teams' (resolved the same way), null when none is set;
 * the company's: the sum of its root teams'.
 */
export async function targetsOf(
  targets: Pick<TargetRepository, 'generalTargets'>,
  history: Pick<PipelineHistory, 'repVersions' | 'teams'>,
  months: readonly string[],
): Promise<(scope: Scope, month: string) => number | null> {
  const teamOfRep = todaysTeams(history.repVersions);
  const owners: TargetOwner[] = [
    ...[...teamOfRep.keys()].sort().map((ownerId) => ({ ownerType: 'rep' as const, ownerId })),
    ...history.teams.map((team) => ({ ownerType: 'team' as const, ownerId: team.id })),
  ];
  const amounts = months.length === 0 || owners.length === 0 ? new Map<string, number>() : await targets.generalTargets(owners, months);
  const repTarget = (ownerId: string, month: string) => amounts.get(targetKey({ ownerType: 'rep', ownerId }, month)) ?? null;

  const membersOf = new Map<string, string[]>();
  for (const [repId, teamId] of teamOfRep) getOrCreate(membersOf, teamId, () => []).push(repId);
  const childrenOf = new Map<string, TeamNode[]>();
  for (const team of history.teams) if (team.parentTeamId !== null) getOrCreate(childrenOf, team.parentTeamId, () => []).push(team);
  const roots = history.teams.filter(
    (team) => team.parentTeamId === null || !history.teams.some((other) => other.id === team.parentTeamId),
  );

  const resolved = new Map<string, number | null>();
  const teamTarget = (teamId: string, month: string, seen: ReadonlySet<string> = new Set()): number | null => {
    const key = `${teamId}|${month}`;
    if (resolved.has(key)) return resolved.get(key) ?? null;
    if (seen.has(teamId)) return null; // a cycle in a corrupt tree: nothing below it counts twice
    const within = new Set(seen).add(teamId);
    const own = amounts.get(targetKey({ ownerType: 'team', ownerId: teamId }, month));
    const value =
      own ??
      sumOfSet([
        ...(membersOf.get(teamId) ?? []).map((repId) => repTarget(repId, month)),
        ...(childrenOf.get(teamId) ?? []).map((child) => teamTarget(child.id, month, within)),
      ]);
    resolved.set(key, value);
    return value;
  };

  const byScope = new Map<string, number | null>();
  return (scope, month) => {
    const key = `${scopeKeyOf(scope)}|${month}`;
    if (byScope.has(key)) return byScope.get(key) ?? null;
    const value =
      scope.kind === 'rep'
        ? repTarget(scope.repId, month)
        : scope.kind === 'team'
          ? teamTarget(scope.teamId, month)
          : sumOfSet(roots.map((root) => teamTarget(root.id, month)));
    byScope.set(key, value);
    return value;
  };
}
