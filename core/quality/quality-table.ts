/**
 * The pipeline quality table: the deals due to close in a month with their three metrics,
 * for one rep, a team (its whole subtree) or everyone, sorted so deals likely to slip
 * stand out, and paged.
 *
 * 1. Collect the month's live deal links: one rep's month partition, or the partitions of
 *    every rep in the team's subtree (everyone: every rep's), a query each.
 * 2. Keep the open deals (by the stage configuration now) unless all are asked for.
 * 3. Compute the metrics as of `asOf`, sort by the chosen column (ties by opportunity id,
 *    so pages are stable), and cut the page at `offset`.
 * Sorting needs every row, so the whole month is read; a month's deals are a bounded set.
 */

import type { DealLink } from '../linkage/deal-link.js';
import { qualityMetricsAt } from '../linkage/quality-counters.js';
import { requestTeamTree } from '../organisation/access-context.js';
import { type AccessContext, repNotFound, requireSeeRep, requireSeeTeam } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { Scope } from '../organisation/scope.js';
import type { StageOutcome } from '../organisation/stage.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import { NotFoundError } from '../shared/errors.js';
import type { QualityTableRepository } from './quality-table-repository.js';

export const QUALITY_SORT_COLUMNS = ['closeMonthExtensions', 'daysSinceLastStageChange', 'daysOpen', 'amount', 'closeDate'] as const;
export type QualitySortColumn = (typeof QUALITY_SORT_COLUMNS)[number];

export interface QualityTableQuery {
  readonly month: string;
  readonly scope: Scope;
  readonly sort: QualitySortColumn;
  readonly order: 'asc' | 'desc';
  readonly asOf: Date;
  /** 'open' (the default): deals that can still slip; 'all': won and lost too. */
  readonly status: 'open' | 'all';
  readonly offset: number;
  readonly limit: number;
}

export interface QualityRow {
  readonly opportunityId: string;
  readonly name: string;
  readonly account: string;
  readonly ownerId: string;
  readonly stageId: string;
  readonly outcome: StageOutcome;
  readonly closeDate: string;
  readonly amount: number;
  readonly priority: boolean;
  readonly closeMonthExtensions: number;
  readonly daysSinceLastStageChange: number;
  readonly daysOpen: number;
}

export interface QualityTablePage {
  readonly month: string;
  readonly asOf: string;
  readonly total: number;
  readonly rows: readonly QualityRow[];
  /** Where the next page starts; null on the last page. */
  readonly nextOffset: number | null;
}

export interface QualityTablePorts {
  readonly quality: QualityTableRepository;
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly configurations: StageConfigurationRepository;
}

export async function readQualityTable(
  ports: QualityTablePorts,
  access: AccessContext,
  query: QualityTableQuery,
): Promise<QualityTablePage> {
  const [links, stages] = await Promise.all([
    linksInScope(ports, access, query.scope, query.month),
    stageConfigurationInForce(ports.configurations),
  ]);
  const outcomeOf = new Map(stages.stages.map((stage) => [stage.id, stage.outcome]));
  const rows = links
    .map((link) => rowOf(link, outcomeOf.get(link.stageId) ?? 'open', query.asOf))
    .filter((row) => query.status === 'all' || row.outcome === 'open')
    .sort(comparatorOf(query.sort, query.order));
  const end = query.offset + query.limit;
  return {
    month: query.month,
    asOf: query.asOf.toISOString(),
    total: rows.length,
    rows: rows.slice(query.offset, end),
    nextOffset: end < rows.length ? end : null,
  };
}

/** A rep's deals are hidden from who may not see the rep, a team's refused; "everyone" is everyone the principal may see. */
async function linksInScope(
  { quality, reps, teams }: QualityTablePorts,
  access: AccessContext,
  scope: Scope,
  month: string,
): Promise<DealLink[]> {
  if (scope.kind === 'rep') {
    requireSeeRep(access, scope.repId);
    if (!(await reps.get(scope.repId))) throw repNotFound(scope.repId);
    return quality.linksOf([{ repId: scope.repId, month }]);
  }
  // Everyone is every rep's month partition: links are in no index (see deal-link-item.ts).
  if (scope.kind === 'company') return quality.linksOf((await visibleRepIds(reps, access)).map((repId) => ({ repId, month })));
  requireSeeTeam(access, scope.teamId);
  // The request's tree: a manager's is their own subtrees, built with the access context.
  const tree = await requestTeamTree({ reps, teams }, access);
  if (!tree.team(scope.teamId)) throw new NotFoundError(`team '${scope.teamId}' not found`);
  return quality.linksOf(tree.subtreeRepIds(scope.teamId).map((repId) => ({ repId, month })));
}

/** Every rep the principal may see: the access context already holds them, unless that is everyone. */
async function visibleRepIds(reps: RepRepository, { visibility }: AccessContext): Promise<string[]> {
  if (visibility.kind === 'everything') return (await reps.listAll()).map((rep) => rep.id);
  return visibility.kind === 'subtree' ? [...visibility.repIds] : [visibility.repId];
}

function rowOf(link: DealLink, outcome: StageOutcome, asOf: Date): QualityRow {
  const metrics = qualityMetricsAt(link.quality, asOf);
  return {
    opportunityId: link.opportunityId,
    name: link.name,
    account: link.account,
    ownerId: link.repId,
    stageId: link.stageId,
    outcome,
    closeDate: link.closeDate,
    amount: link.amount,
    priority: link.priority,
    closeMonthExtensions: metrics.closeMonthExtensions,
    daysSinceLastStageChange: metrics.daysSinceLastStageChange,
    daysOpen: metrics.daysOpen,
  };
}

function comparatorOf(column: QualitySortColumn, order: 'asc' | 'desc'): (a: QualityRow, b: QualityRow) => number {
  const direction = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const left = a[column];
    const right = b[column];
    const primary = left < right ? -1 : left > right ? 1 : 0;
    if (primary !== 0) return primary * direction;
    return a.opportunityId < b.opportunityId ? -1 : a.opportunityId > b.opportunityId ? 1 : 0;
  };
}
