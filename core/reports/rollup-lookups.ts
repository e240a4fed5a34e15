/**
 * What a roll-up reads, read once for every rep, team and month it covers: the month
 * records' totals and the general targets (BatchGets), each rep's levels timeline and the
 * stage configuration. A period, a month series and a rep's period all read through here,
 * so a series of 24 months costs the same reads as one period of 24 months.
 */

import type { CommissionLevelsRepository } from '../commission/commission-levels-repository.js';
import { levelsInForce } from '../commission/commission-levels-timeline.js';
import { repMonthId } from '../linkage/rep-month.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import { type TargetOwner, type TargetRepository, targetKey } from '../targets/target-repository.js';
import type { RepMonthRepository } from './rep-month-repository.js';
import type { RollupLookups } from './team-rollup.js';

export interface RollupLookupPorts {
  readonly repMonths: RepMonthRepository;
  readonly targets: TargetRepository;
  readonly levels: CommissionLevelsRepository;
  readonly configurations: StageConfigurationRepository;
}

/** The reps and teams whose figures a roll-up needs. */
export interface RollupOwners {
  readonly repIds: readonly string[];
  readonly teamIds: readonly string[];
}

export async function readRollupLookups(
  ports: RollupLookupPorts,
  { repIds, teamIds }: RollupOwners,
  months: readonly string[],
): Promise<RollupLookups> {
  const owners: TargetOwner[] = [
    ...repIds.map((ownerId) => ({ ownerType: 'rep' as const, ownerId })),
    ...teamIds.map((ownerId) => ({ ownerType: 'team' as const, ownerId })),
  ];
  const [totals, targets, levelEntries, stages] = await Promise.all([
    ports.repMonths.totalsOf(repIds.flatMap((repId) => months.map((month) => ({ repId, month })))),
    ports.targets.generalTargets(owners, months),
    ports.levels.entriesOf(repIds),
    stageConfigurationInForce(ports.configurations),
  ]);
  return {
    stages,
    repTotals: (repId, month) => totals.get(repMonthId({ repId, month })) ?? {},
    repTarget: (ownerId, month) => targets.get(targetKey({ ownerType: 'rep', ownerId }, month)) ?? null,
    teamTarget: (ownerId, month) => targets.get(targetKey({ ownerType: 'team', ownerId }, month)) ?? null,
    repLevels: (repId, month) => levelsInForce(levelEntries.get(repId) ?? [], month),
  };
}
