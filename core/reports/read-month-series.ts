/**
 * The company's, a team's or a rep's figures month by month over a range of months.
 *
 * 1. The caller must see the scope: the company and teams are refused (403), a rep is not
 *    found (404) as a missing one; the range must hold 1 to 24 months.
 * 2. Take today's tree (built once per request) for a team or the company; the team must
 *    exist. For a rep, read the rep, which must exist.
 * 3. Read the scope's month totals, general targets and levels timelines over the whole
 *    range at once, and the stage configuration.
 * 4. Roll up each month on its own, as a one-month period.
 */

import { requestTeamTree } from '../organisation/access-context.js';
import { type AccessContext, repNotFound, requireSeeCompany, requireSeeRep, requireSeeTeam } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import type { TeamTree } from '../organisation/team-tree.js';
import { NotFoundError } from '../shared/errors.js';
import { type MonthSeries, repMonthSeries, seriesMonths, teamMonthSeries } from './month-series.js';
import { type RollupLookupPorts, readRollupLookups } from './rollup-lookups.js';

export interface ReadMonthSeriesPorts extends RollupLookupPorts {
  readonly teams: TeamRepository;
  readonly reps: RepRepository;
}

/** From and to, both included, as `YYYY-MM`. */
export interface MonthRange {
  readonly from: string;
  readonly to: string;
}

export async function readCompanyMonths(ports: ReadMonthSeriesPorts, access: AccessContext, range: MonthRange): Promise<MonthSeries> {
  requireSeeCompany(access);
  return readTeamSeries(ports, access, range, { kind: 'company', teamOf: (tree) => tree.root.id });
}

export async function readTeamMonths(
  ports: ReadMonthSeriesPorts,
  access: AccessContext,
  teamId: string,
  range: MonthRange,
): Promise<MonthSeries> {
  requireSeeTeam(access, teamId);
  return readTeamSeries(ports, access, range, { kind: 'team', teamOf: () => teamId });
}

export async function readRepMonths(
  ports: ReadMonthSeriesPorts,
  access: AccessContext,
  repId: string,
  range: MonthRange,
): Promise<MonthSeries> {
  requireSeeRep(access, repId);
  const months = seriesMonths(range.from, range.to);
  const [rep, lookups] = await Promise.all([ports.reps.get(repId), readRollupLookups(ports, { repIds: [repId], teamIds: [] }, months)]);
  if (!rep) throw repNotFound(repId);
  return { scope: { kind: 'rep', id: repId, name: rep.name }, months: repMonthSeries(lookups, repId, months) };
}

async function readTeamSeries(
  ports: ReadMonthSeriesPorts,
  access: AccessContext,
  range: MonthRange,
  { kind, teamOf }: { readonly kind: 'company' | 'team'; readonly teamOf: (tree: TeamTree) => string },
): Promise<MonthSeries> {
  const months = seriesMonths(range.from, range.to);
  const tree = await requestTeamTree(ports, access);
  const teamId = teamOf(tree);
  const team = tree.team(teamId);
  if (!team) throw new NotFoundError(`team '${teamId}' not found`);

  const owners = { repIds: tree.subtreeRepIds(teamId), teamIds: tree.subtreeTeamIds(teamId) };
  const lookups = await readRollupLookups(ports, owners, months);
  return {
    scope: { kind, id: teamId, name: team.name },
    months: teamMonthSeries({ ...lookups, tree, teamId, months }),
  };
}
