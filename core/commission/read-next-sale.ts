/**
 * What a rep's next sale this month would earn, per commission pool.
 *
 * 1. Who may ask: as the rep's month (a hidden or missing rep is a 404).
 * 2. Read, side by side: the month's partition (its totals), the rep's levels timeline and
 *    the stage configuration; take the won revenue per family (by the stages' outcomes now)
 *    and the levels in force in the month.
 * 3. Place each pool's won revenue in its bands (next-sale.ts).
 */
import { type AccessContext, repNotFound, requireSeeRep } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { RepMonthRepository } from '../reports/rep-month-repository.js';
import type { CommissionLevelsRepository } from './commission-levels-repository.js';
import { levelsInForce } from './commission-levels-timeline.js';
import { revenueByOutcomeOf } from './commission-record.js';
import { type NextSale, nextSaleOf } from './next-sale.js';

export interface NextSalePorts {
  readonly reps: RepRepository;
  readonly repMonths: RepMonthRepository;
  readonly levels: CommissionLevelsRepository;
  readonly configurations: StageConfigurationRepository;
}

export interface NextSaleReport extends NextSale {
  readonly repId: string;
  readonly month: string;
}

export async function readNextSale(
  { reps, repMonths, levels, configurations }: NextSalePorts,
  access: AccessContext,
  repId: string,
  month: string,
): Promise<NextSaleReport> {
  requireSeeRep(access, repId);
  const [rep, contents, entries, stages] = await Promise.all([
    reps.get(repId),
    repMonths.read({ repId, month }),
    levels.entries(repId),
    stageConfigurationInForce(configurations),
  ]);
  if (!rep) throw repNotFound(repId);
  const { won } = revenueByOutcomeOf(contents.totals, stages);
  return { repId, month, ...nextSaleOf(won, levelsInForce(entries, month)) };
}
