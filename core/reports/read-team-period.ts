/**
 * A team's (or the company's) figures for a month, quarter or fiscal year, with one level
 * of drill-down to its child teams and reps. Computed at read time from the reps' months:
 * there is no team record to keep up to date, and so no hot key.
 *
 * 1. Parse the period with the fiscal year start month from the settings.
 * 2. Take today's tree (built once per request: a manager's holds their own subtrees only);
 *    the team must exist (the company is the root, asked for only by who may see it).
 * 3. For the reps and teams of the subtree and the period's months, read side by side: the
 *    month records' totals, the general targets (reps and teams), each rep's levels timeline,
 *    and the stage configuration.
 * 4. Roll up: totals and commission are summed; a team's target is its own, else the sum of its members'.
 */

import { requestTeamTree } from '../organisation/access-context.js';
import { type AccessContext, requireSeeCompany, requireSeeTeam } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import type { TeamTree } from '../organisation/team-tree.js';
import { NotFoundError } from '../shared/errors.js';
import { type Period, parsePeriod } from '../shared/period.js';
import { type RollupLookupPorts, readRollupLookups } from './rollup-lookups.js';
import { rollUpTeam, type TeamPeriodReport } from './team-rollup.js';

export interface ReadTeamPeriodPorts extends RollupLookupPorts {
  readonly teams: TeamRepository;
  readonly reps: RepRepository;
  readonly settings: SettingsRepository;
}

export interface TeamPeriodResult extends TeamPeriodReport {
  readonly period: Period;
}

export async function readTeamPeriod(
  ports: ReadTeamPeriodPorts,
  access: AccessContext,
  teamId: string,
  period: string,
): Promise<TeamPeriodResult> {
  requireSeeTeam(access, teamId);
  return readPeriod(ports, access, period, () => teamId);
}

export async function readCompanyPeriod(ports: ReadTeamPeriodPorts, access: AccessContext, period: string): Promise<TeamPeriodResult> {
  requireSeeCompany(access);
  return readPeriod(ports, access, period, (tree) => tree.root.id);
}

async function readPeriod(
  ports: ReadTeamPeriodPorts,
  access: AccessContext,
  periodText: string,
  teamOf: (tree: TeamTree) => string,
): Promise<TeamPeriodResult> {
  const [settings, tree] = await Promise.all([ports.settings.get(), requestTeamTree(ports, access)]);
  const period = parsePeriod(periodText, settings.fiscalYearStartMonth);
  const teamId = teamOf(tree);
  if (!tree.team(teamId)) throw new NotFoundError(`team '${teamId}' not found`);

  const owners = { repIds: tree.subtreeRepIds(teamId), teamIds: tree.subtreeTeamIds(teamId) };
  const lookups = await readRollupLookups(ports, owners, period.months);
  return { ...rollUpTeam({ ...lookups, tree, teamId, months: period.months }), period };
}
