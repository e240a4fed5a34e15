/**
 * What a rep's next sale this month would earn, per commission pool.
 *
 * 1. Who may ask: as the rep's month (a hidden or missing rep is a 404).
 * 2. Read, side by side: the month's partition (its totals), the rep's levels timeline and
 *    the stage configuration; take the won revenue per family (by the stages' outcomes now)
 *    and the levels in force in the month.
 * 3. Place each pool's won revenue in its bands (next-sale.ts).
 */
import type { AccessContext } from '../organisation/access-policy.js';
import { type ReadRepMonthPorts, readRepMonthInputs } from '../reports/read-rep-month.js';
import { levelsInForce } from './commission-levels-timeline.js';
import { revenueByOutcomeOf } from './commission-record.js';
import { type NextSale, nextSaleOf } from './next-sale.js';

export type NextSalePorts = ReadRepMonthPorts;

export interface NextSaleReport extends NextSale {
  readonly repId: string;
  readonly month: string;
}

export async function readNextSale(ports: NextSalePorts, access: AccessContext, repId: string, month: string): Promise<NextSaleReport> {
  const { contents, entries, stages } = await readRepMonthInputs(ports, access, repId, month);
  const { won } = revenueByOutcomeOf(contents.totals, stages);
  return { repId, month, ...nextSaleOf(won, levelsInForce(entries, month)) };
}
