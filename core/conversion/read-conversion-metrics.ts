/**
 * The conversion metrics of a range of months and a scope: lead conversion, opportunities
 * from leads beside all others, campaigns, and the opportunity funnel. Each reads the
 * conversion cells of the range's months (one Query per month) and never scans the table.
 *
 * 1. The range: 12 months up to the clock's (UTC) month, or 12 months from `from` or up to
 *    `to` when only one is given; at most 24 months, `to` not before `from` (ValidationError
 *    naming `to`; the API's query schema refuses the same with a 400 first).
 * 2. The scope, by what the caller sees of leads (`leadVisibility`): a team's subtree
 *    (today's tree; a team outside what the caller sees is 403, a missing one 404), one rep
 *    (hidden or missing: 404, the same message), or else everything the caller sees
 *    (a rep: themself).
 * 3. Read the cells of the months, of the kinds the metric needs, keeping the scope's reps;
 *    and what names the rows (settings, campaigns, reps and teams) or the stage configuration.
 * 4. Sum and compute (conversion-metrics.ts).
 */

import type { Campaign } from '../campaigns/campaign.js';
import type { CampaignRepository } from '../campaigns/campaign-repository.js';
import { type AccessContext, leadVisibility, repNotFound, requireSeeRep, requireSeeTeam } from '../organisation/access-policy.js';
import type { Rep } from '../organisation/rep.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { Team } from '../organisation/team.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import { buildTeamTree, repsOfTree, type TeamTree } from '../organisation/team-tree.js';
import type { Clock } from '../shared/clock.js';
import { invalidField, NotFoundError } from '../shared/errors.js';
import { addMonths, monthOfInstant, monthsBetween } from '../shared/period.js';
import type { ConversionCell, ConversionCellKinds, ConversionCellRepository } from './conversion-cell-repository.js';
import {
  type CampaignRow,
  type ConversionLabels,
  campaignMetricsOf,
  type FunnelStage,
  funnelOf,
  type Grouping,
  type LeadFigures,
  type LeadRow,
  leadMetricsOf,
  type OpportunityFigures,
  type OpportunityRow,
  opportunityMetricsOf,
} from './conversion-metrics.js';

/** The longest range one request reads: a month partition per month. */
export const MAX_CONVERSION_MONTHS = 24;
/** The range when none is given: the 12 months up to the clock's. */
export const DEFAULT_CONVERSION_MONTHS = 12;

export interface ReadConversionPorts {
  readonly conversionCells: ConversionCellRepository;
  readonly campaigns: CampaignRepository;
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly settings: SettingsRepository;
  readonly configurations: StageConfigurationRepository;
  readonly clock: Clock;
}

/** A request's range and scope; at most one of teamId and repId. */
export interface ConversionQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly teamId?: string | undefined;
  readonly repId?: string | undefined;
}

/** Whose leads and deals the figures cover. `visible`: everything a manager sees (their teams' subtrees). */
export interface ConversionScope {
  readonly kind: 'company' | 'visible' | 'team' | 'rep';
  readonly id: string | null;
  readonly name: string | null;
}

interface ConversionHeader {
  readonly from: string;
  readonly to: string;
  readonly months: readonly string[];
  readonly scope: ConversionScope;
}

export interface LeadMetrics extends ConversionHeader {
  readonly by: Grouping;
  readonly rows: readonly LeadRow[];
  readonly total: LeadFigures;
}

export interface OpportunityMetrics extends ConversionHeader {
  readonly by: Grouping;
  readonly rows: readonly OpportunityRow[];
  readonly total: OpportunityFigures;
}

export interface CampaignMetrics extends ConversionHeader {
  readonly campaigns: readonly CampaignRow[];
}

export interface ConversionFunnel extends ConversionHeader {
  readonly stages: readonly FunnelStage[];
}

export async function readLeadMetrics(
  ports: ReadConversionPorts,
  access: AccessContext,
  query: ConversionQuery & { readonly by: Grouping },
): Promise<LeadMetrics> {
  const { header, cells, labels } = await readCells(ports, access, query, 'leads', query.by);
  return { ...header, by: query.by, ...leadMetricsOf(cells, query.by, header.months, await labels()) };
}

export async function readOpportunityMetrics(
  ports: ReadConversionPorts,
  access: AccessContext,
  query: ConversionQuery & { readonly by: Grouping },
): Promise<OpportunityMetrics> {
  const { header, cells, labels } = await readCells(ports, access, query, 'deals', query.by);
  return { ...header, by: query.by, ...opportunityMetricsOf(cells, query.by, header.months, await labels()) };
}

export async function readCampaignMetrics(
  ports: ReadConversionPorts,
  access: AccessContext,
  query: ConversionQuery,
): Promise<CampaignMetrics> {
  const { header, cells } = await readCells(ports, access, query, 'both', undefined);
  return { ...header, campaigns: campaignMetricsOf(cells, await ports.campaigns.listAll()) };
}

export async function readConversionFunnel(
  ports: ReadConversionPorts,
  access: AccessContext,
  query: ConversionQuery,
): Promise<ConversionFunnel> {
  const [{ header, cells }, configuration] = await Promise.all([
    readCells(ports, access, query, 'deals', undefined),
    stageConfigurationInForce(ports.configurations),
  ]);
  return { ...header, stages: funnelOf(cells, configuration.stages) };
}

/** The range of months a query covers (step 1). */
export function conversionMonthsOf(query: Pick<ConversionQuery, 'from' | 'to'>, now: Date): { from: string; to: string; months: string[] } {
  const to = query.to ?? (query.from === undefined ? monthOfInstant(now) : addMonths(query.from, DEFAULT_CONVERSION_MONTHS - 1));
  const from = query.from ?? addMonths(to, -(DEFAULT_CONVERSION_MONTHS - 1));
  if (to < from) throw invalidField('to', 'must not be before from');
  const months = monthsBetween(from, to);
  if (months.length > MAX_CONVERSION_MONTHS) throw invalidField('to', `must be at most ${MAX_CONVERSION_MONTHS - 1} months after from`);
  return { from, to, months };
}

interface ResolvedScope {
  readonly scope: ConversionScope;
  readonly keep: (repId: string) => boolean;
}

/** Step 2: whose cells count, refusing what the caller may not see. */
async function scopeOf(
  ports: ReadConversionPorts,
  access: AccessContext,
  query: ConversionQuery,
  tree: () => Promise<TeamTree<Team, Rep>>,
): Promise<ResolvedScope> {
  const leadAccess: AccessContext = { ...access, visibility: leadVisibility(access) };
  if (query.teamId !== undefined) {
    const teamId = query.teamId;
    requireSeeTeam(leadAccess, teamId);
    const team = (await tree()).team(teamId);
    if (!team) throw new NotFoundError(`team '${teamId}' not found`);
    const repIds = new Set((await tree()).subtreeRepIds(teamId));
    return { scope: { kind: 'team', id: teamId, name: team.name }, keep: (repId) => repIds.has(repId) };
  }
  const visibility = leadAccess.visibility;
  const repId = query.repId ?? (visibility.kind === 'self' ? visibility.repId : undefined);
  if (repId !== undefined) {
    requireSeeRep(leadAccess, repId);
    const rep = await ports.reps.get(repId);
    if (!rep) throw repNotFound(repId);
    return { scope: { kind: 'rep', id: repId, name: rep.name }, keep: (candidate) => candidate === repId };
  }
  if (visibility.kind === 'subtree') {
    return { scope: { kind: 'visible', id: null, name: null }, keep: (candidate) => visibility.repIds.has(candidate) };
  }
  const root = (await tree()).root;
  return { scope: { kind: 'company', id: root.id, name: root.name }, keep: () => true };
}

/** Today's teams and reps, read once per request: the tree of the scope, and the reps by id for the labels. */
interface Directory {
  readonly tree: TeamTree<Team, Rep>;
  readonly reps: ReadonlyMap<string, Rep>;
}

/** The directory of the tree the access context was built on: its teams' members are every rep it holds. */
function directoryOfTree(tree: TeamTree<Team, Rep>): Directory {
  return { tree, reps: new Map(repsOfTree(tree).map((rep) => [rep.id, rep])) };
}

/** Steps 1 to 3: the range, the scope, the cells, and (read only when called) what names the rows. */
async function readCells(
  ports: ReadConversionPorts,
  access: AccessContext,
  query: ConversionQuery,
  kinds: ConversionCellKinds,
  by: Grouping | undefined,
): Promise<{ header: ConversionHeader; cells: ConversionCell[]; labels: () => Promise<ConversionLabels> }> {
  const { from, to, months } = conversionMonthsOf(query, ports.clock.now());
  let directoryRead: Promise<Directory> | undefined;
  const directory = () => {
    // A manager's request already holds their part of the organisation: never the whole of it.
    directoryRead ??= access.tree
      ? Promise.resolve(directoryOfTree(access.tree))
      : Promise.all([ports.teams.listAll(), ports.reps.listAll()]).then(([teams, reps]) => ({
          tree: buildTeamTree(teams, reps),
          reps: new Map(reps.map((rep) => [rep.id, rep])),
        }));
    return directoryRead;
  };
  const { scope, keep } = await scopeOf(ports, access, query, async () => (await directory()).tree);
  const cells = await ports.conversionCells.cellsOf(months, kinds, keep);
  const labels = async (): Promise<ConversionLabels> => {
    const [sources, campaigns, people] = await Promise.all([
      by === 'source' ? ports.settings.get().then((settings) => settings.leadSources) : [],
      by === 'campaign' ? ports.campaigns.listAll() : ([] as Campaign[]),
      by === 'team' || by === 'rep' ? directory() : undefined,
    ]);
    return {
      sources,
      campaigns,
      repName: (repId) => people?.reps.get(repId)?.name,
      teamOf: (repId) => {
        const teamId = people?.reps.get(repId)?.teamId;
        const team = teamId === undefined ? undefined : people?.tree.team(teamId);
        return team ? { id: team.id, name: team.name } : undefined;
      },
    };
  };
  return { header: { from, to, months, scope }, cells, labels };
}
