/**
 * The forecast of a scope (a rep, a team with every team below it, the company) for a month
 * or a quarter, made now from the deals due in it.
 *
 * 1. Check the query: the period a month or a fiscal quarter (a fiscal year is refused: the
 *    rates say how likely a deal closes within two months of its close month, no further);
 *    draws, seed and the at-risk limit in range.
 * 2. The scope, with the access of the period reads: a rep hidden from who may not see them
 *    reads as missing (404), a team outside what the caller may see is refused (403), the
 *    company is for admins and the managers of the whole company.
 * 3. Read side by side: the live deal links of the scope's reps in the period's months (a
 *    link sits in the month its deal is due), the general targets of the scope's reps and
 *    teams in those months, the stored rates and the stage configuration now.
 * 4. The deals open by the configuration now are forecast (their quality counters as of
 *    now); the won ones are what is won so far. The target rolls up as the period reads
 *    count it: a team's own for a month where set, else the sum of its reps' and child
 *    teams'; the period's the sum of the months' that are set, null when none is.
 * 5. forecastOf with the stored rates, or the configured ones before the first refresh.
 */
import { qualityMetricsAt } from '../linkage/quality-counters.js';
import { requestTeamTree } from '../organisation/access-context.js';
import { type AccessContext, repNotFound, requireSeeCompany, requireSeeRep, requireSeeTeam } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { Scope } from '../organisation/scope.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import type { StageConfiguration } from '../organisation/stage.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import type { TeamTree } from '../organisation/team-tree.js';
import type { QualityTableRepository } from '../quality/quality-table-repository.js';
import type { Clock } from '../shared/clock.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { invalidField, NotFoundError } from '../shared/errors.js';
import { parsePeriod } from '../shared/period.js';
import { type TargetOwner, type TargetRepository, targetKey } from '../targets/target-repository.js';
import { configuredRates } from './configured-rates.js';
import type { ForecastDeal, ForecastPeriod, LearnedRates, ScopeForecast } from './forecast-model.js';
import type { LearnedRatesRepository } from './forecast-repositories.js';
import { forecastOf } from './scope-forecast.js';
import { MIN_DRAWS } from './won-revenue-simulation.js';

/** The most draws a request may ask for: 100,000 draws over 10,000 deals is some ten seconds. */
export const MAX_DRAWS = 100_000;
export const DEFAULT_SEED = 1;
/** Seeds are 31-bit: what every client's integer type holds. */
export const MAX_SEED = 2 ** 31 - 1;
/**
 * Draws x open deals a request may ask for beyond MIN_DRAWS: 10,000 deals x 20,000 draws is
 * some 3 s on one core, well inside the API's 29 s. MIN_DRAWS is always allowed.
 */
export const MAX_DRAW_WORK = 200_000_000;
export const DEFAULT_AT_RISK = 10;
export const MAX_AT_RISK = 50;

export interface ForecastQuery {
  readonly scope: Scope;
  /** YYYY-MM or YYYY-Qn (fiscal). */
  readonly period: string;
  /** @default MIN_DRAWS */
  readonly draws?: number;
  /** @default DEFAULT_SEED */
  readonly seed?: number;
  /** How many at-risk deals to list. @default DEFAULT_AT_RISK */
  readonly atRisk?: number;
}

export interface ReadForecastPorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly settings: SettingsRepository;
  readonly configurations: StageConfigurationRepository;
  readonly quality: QualityTableRepository;
  readonly targets: Pick<TargetRepository, 'generalTargets'>;
  readonly learnedRates: Pick<LearnedRatesRepository, 'read'>;
  readonly clock: Clock;
}

/** The forecast, with the scope's name (the rep's, the team's, the company's). */
export type ScopeForecastResult = ScopeForecast & { readonly name: string };

/** Who a scope covers, and the rule its target rolls up by. */
interface ResolvedScope {
  readonly name: string;
  readonly repIds: readonly string[];
  readonly teamIds: readonly string[];
  /** The period's target from the owner-month targets read (keyed by targetKey). */
  readonly targetOf: (targets: ReadonlyMap<string, number>, months: readonly string[]) => number | null;
}

export async function readForecast(ports: ReadForecastPorts, access: AccessContext, query: ForecastQuery): Promise<ScopeForecastResult> {
  const draws = query.draws ?? MIN_DRAWS;
  const seed = query.seed ?? DEFAULT_SEED;
  const atRiskLimit = query.atRisk ?? DEFAULT_AT_RISK;
  checkRange('draws', draws, MIN_DRAWS, MAX_DRAWS);
  checkRange('seed', seed, 0, MAX_SEED);
  checkRange('atRisk', atRiskLimit, 0, MAX_AT_RISK);
  const [settings, scope] = await Promise.all([ports.settings.get(), resolveScope(ports, access, query.scope)]);
  const period = forecastPeriodOf(query.period, settings.fiscalYearStartMonth);

  const owners: TargetOwner[] = [
    ...scope.repIds.map((ownerId) => ({ ownerType: 'rep' as const, ownerId })),
    ...scope.teamIds.map((ownerId) => ({ ownerType: 'team' as const, ownerId })),
  ];
  const [links, targets, stored, stages] = await Promise.all([
    ports.quality.linksOf(scope.repIds.flatMap((repId) => period.months.map((month) => ({ repId, month })))),
    ports.targets.generalTargets(owners, period.months),
    ports.learnedRates.read(),
    stageConfigurationInForce(ports.configurations),
  ]);
  const now = ports.clock.now();
  const rates = ratesOrConfigured(stored, stages);
  const stageOf = new Map(stages.stages.map((stage) => [stage.id, stage]));
  const openDeals: ForecastDeal[] = [];
  let wonSoFar = 0;
  for (const link of links) {
    const stage = stageOf.get(link.stageId);
    // A stage no longer configured counts as open, as the quality table counts it.
    const outcome = stage?.outcome ?? 'open';
    if (outcome === 'won') wonSoFar += link.amount;
    if (outcome !== 'open') continue;
    const metrics = qualityMetricsAt(link.quality, now);
    openDeals.push({
      opportunityId: link.opportunityId,
      name: link.name,
      account: link.account,
      ownerId: link.repId,
      stageId: link.stageId,
      closeDate: link.closeDate,
      amount: link.amount,
      configuredProbability: link.probability ?? stage?.probability ?? 0,
      closeMonthExtensions: metrics.closeMonthExtensions,
      daysSinceStageChange: metrics.daysSinceLastStageChange,
      daysOpen: metrics.daysOpen,
    });
  }
  checkDrawWork(draws, openDeals.length);
  // The simulation draws deals in order: a stable order, so the same seed gives the same answer.
  openDeals.sort((a, b) => byCodeUnit(a.opportunityId, b.opportunityId) || byCodeUnit(a.ownerId, b.ownerId));
  const forecast = forecastOf({
    scope: query.scope,
    period,
    asAt: now.toISOString(),
    openDeals,
    wonSoFar,
    target: scope.targetOf(targets, period.months),
    rates,
    draws,
    seed,
    atRiskLimit,
  });
  return { ...forecast, name: scope.name };
}

/** A month or a fiscal quarter; a fiscal year is refused on the field `period`. */
export function forecastPeriodOf(text: string, fiscalYearStartMonth: number): ForecastPeriod {
  const period = parsePeriod(text, fiscalYearStartMonth);
  if (period.kind === 'fiscal-year')
    throw invalidField('period', 'must be a month YYYY-MM or a fiscal quarter YYYY-Qn: a forecast covers at most a quarter');
  return { kind: period.kind, label: period.label, months: [...period.months] };
}

/** The stored rates, or before the first refresh every stage at its configured probability. */
export function ratesOrConfigured(stored: LearnedRates | undefined, stages: StageConfiguration): LearnedRates {
  return stored ?? configuredRates(stages);
}

/** More draws than MIN_DRAWS only while draws x open deals stays within MAX_DRAW_WORK (the API's time limit). */
export function checkDrawWork(draws: number, openDeals: number): void {
  if (draws <= MIN_DRAWS || draws * openDeals <= MAX_DRAW_WORK) return;
  const most = Math.max(MIN_DRAWS, Math.floor(MAX_DRAW_WORK / openDeals));
  throw invalidField('draws', `must be at most ${most} for ${openDeals} open deals (draws x open deals at most ${MAX_DRAW_WORK})`);
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw invalidField(field, `must be a whole number from ${min} to ${max}`);
}

async function resolveScope(ports: ReadForecastPorts, access: AccessContext, scope: Scope): Promise<ResolvedScope> {
  if (scope.kind === 'rep') {
    requireSeeRep(access, scope.repId);
    const rep = await ports.reps.get(scope.repId);
    if (!rep) throw repNotFound(scope.repId);
    const repId = rep.id;
    return {
      name: rep.name,
      repIds: [repId],
      teamIds: [],
      targetOf: (targets, months) => sumOfSet(months.map((month) => targets.get(targetKey({ ownerType: 'rep', ownerId: repId }, month)))),
    };
  }
  if (scope.kind === 'company') requireSeeCompany(access);
  else requireSeeTeam(access, scope.teamId);
  const tree = await requestTeamTree(ports, access);
  const teamId = scope.kind === 'company' ? tree.root.id : scope.teamId;
  const team = tree.team(teamId);
  if (!team) throw new NotFoundError(`team '${teamId}' not found`);
  return {
    name: team.name,
    repIds: tree.subtreeRepIds(teamId),
    teamIds: tree.subtreeTeamIds(teamId),
    targetOf: (targets, months) => sumOfSet(months.map((month) => teamTargetOf(tree, teamId, month, targets))),
  };
}

/** A team's target for a month: its own where set, else the sum of its reps' and child teams' (null when none is set). */
function teamTargetOf(tree: TeamTree, teamId: string, month: string, targets: ReadonlyMap<string, number>): number | null {
  const own = targets.get(targetKey({ ownerType: 'team', ownerId: teamId }, month));
  if (own !== undefined) return own;
  return sumOfSet([
    ...tree.membersOf(teamId).map((rep) => targets.get(targetKey({ ownerType: 'rep', ownerId: rep.id }, month))),
    ...tree.children(teamId).map((child) => teamTargetOf(tree, child.id, month, targets)),
  ]);
}

function sumOfSet(values: readonly (number | null | undefined)[]): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null && value !== undefined) sum = (sum ?? 0) + value;
  return sum;
}
