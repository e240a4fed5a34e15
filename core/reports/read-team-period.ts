/**
 * A team's (or the company's) figures for a month, quarter or fiscal year, with one level
 * of drill-down to its child teams and reps. Computed at read time from the reps' months:
 * there is no team record to keep up to date, and so no hot key.
 *
 * 1. Parse the period with the fiscal year start month from the settings.
 * 2. Read every team and rep once and build the tree; the team must exist (the company is the root).
 * 3. For the reps and teams of the subtree and the period's months, read side by side: the
 *    month records' totals, the general targets (reps and teams), each rep's levels timeline,
 *    and the stage configuration.
 * 4. Roll up: totals and commission are summed; a team's target is its own, else the sum of its members'.
 */

import type { CommissionLevelsRepository } from '../commission/commission-levels-repository.js';
import { levelsInForce } from '../commission/commission-levels-timeline.js';
import { repMonthId } from '../linkage/rep-month.js';
import { type AccessContext, requireSeeCompany, requireSeeTeam } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { SettingsRepository } from '../organisation/settings-repository.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import { buildTeamTree } from '../organisation/team-tree.js';
import { NotFoundError } from '../shared/errors.js';
import { type Period, parsePeriod } from '../shared/period.js';
import { type TargetOwner, type TargetRepository, targetKey } from '../targets/target-repository.js';
import type { RepMonthRepository } from './rep-month-repository.js';
import { rollUpTeam, type TeamPeriodReport } from './team-rollup.js';

export interface ReadTeamPeriodPorts {
  readonly teams: TeamRepository;
  readonly reps: RepRepository;
  readonly repMonths: RepMonthRepository;
  readonly targets: TargetRepository;
  readonly levels: CommissionLevelsRepository;
  readonly configurations: StageConfigurationRepository;
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
  return readPeriod(ports, period, () => teamId);
}

export async function readCompanyPeriod(ports: ReadTeamPeriodPorts, access: AccessContext, period: string): Promise<TeamPeriodResult> {
  requireSeeCompany(access);
  return readPeriod(ports, period, (rootId) => rootId);
}

async function readPeriod(
  ports: ReadTeamPeriodPorts,
  periodText: string,
  teamOf: (rootTeamId: string) => string,
): Promise<TeamPeriodResult> {
  const [settings, teams, reps] = await Promise.all([ports.settings.get(), ports.teams.listAll(), ports.reps.listAll()]);
  const period = parsePeriod(periodText, settings.fiscalYearStartMonth);
  const tree = buildTeamTree(teams, reps);
  const teamId = teamOf(tree.root.id);
  if (!tree.team(teamId)) throw new NotFoundError(`team '${teamId}' not found`);

  const repIds = tree.subtreeRepIds(teamId);
  const owners: TargetOwner[] = [
    ...repIds.map((ownerId) => ({ ownerType: 'rep' as const, ownerId })),
    ...tree.subtreeTeamIds(teamId).map((ownerId) => ({ ownerType: 'team' as const, ownerId })),
  ];
  const repMonthList = repIds.flatMap((repId) => period.months.map((month) => ({ repId, month })));
  const [totals, targets, levelEntries, stages] = await Promise.all([
    ports.repMonths.totalsOf(repMonthList),
    ports.targets.generalTargets(owners, period.months),
    ports.levels.entriesOf(repIds),
    stageConfigurationInForce(ports.configurations),
  ]);

  const report = rollUpTeam({
    tree,
    teamId,
    months: period.months,
    stages,
    repTotals: (repId, month) => totals.get(repMonthId({ repId, month })) ?? {},
    repTarget: (ownerId, month) => targets.get(targetKey({ ownerType: 'rep', ownerId }, month)) ?? null,
    teamTarget: (ownerId, month) => targets.get(targetKey({ ownerType: 'team', ownerId }, month)) ?? null,
    repLevels: (repId, month) => levelsInForce(levelEntries.get(repId) ?? [], month),
  });
  return { ...report, period };
}
