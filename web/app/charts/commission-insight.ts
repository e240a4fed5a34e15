/**
 * The rep's two questions about pay, as tables: what the next sale earns (per commission
 * pool: its band, marginal rate and the revenue left to the next band) and why the month's
 * commission changed between two instants (line by line, with a total row that is the
 * API's `change`, which the lines sum to exactly). Every amount and rate is the engine's.
 */
import type { CommissionBand, CommissionChange, NextSale, NextSalePool } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { tableOf } from './option-parts.js';

export interface RepMonthContext {
  readonly repName: string;
  /** `YYYY-MM`. */
  readonly month: string;
}

/** "£30,000.00 to £50,000.00" or "£50,000.00 and up". */
export function bandText(band: CommissionBand, fmt: Formatters): string {
  return band.to === null ? `${fmt.money(band.from)} and up` : `${fmt.money(band.from)} to ${fmt.money(band.to)}`;
}

function poolName(pool: NextSalePool): string {
  if (pool.productFamily !== null) return pool.productFamily;
  return pool.pooledFamilies.length === 0 ? 'All products' : `General levels (${pool.pooledFamilies.join(', ')})`;
}

function poolNote(pool: NextSalePool, fmt: Formatters): string {
  if (pool.capped) return 'Capped: further sales earn nothing here this month';
  if (pool.band === null) return 'No commission levels for these products';
  if (pool.nextBand === null) return 'Top band: every further sale earns this rate';
  return `${fmt.money(pool.revenueToNextBand)} more reaches ${fmt.percent(pool.nextBand.ratePercent)}`;
}

const lowerFirst = (text: string): string => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

export function nextSaleModel(nextSale: NextSale, context: RepMonthContext, fmt: Formatters): ChartModel {
  const month = fmt.month(context.month);
  const { pools } = nextSale;
  const table = tableOf(
    fmt,
    [
      { key: 'pool', label: 'Products', kind: 'text' },
      { key: 'rate', label: 'Next sale earns', kind: 'percent' },
      { key: 'toNext', label: 'Revenue to next band', kind: 'money' },
      { key: 'nextRate', label: 'Next band rate', kind: 'percent' },
      { key: 'band', label: 'Band now', kind: 'text' },
      { key: 'wonRevenue', label: 'Won so far', kind: 'money' },
      { key: 'note', label: 'In words', kind: 'text' },
    ],
    // The rate and the way to the next band first: a narrow card shows those without scrolling.
    pools.map((pool) => ({
      pool: poolName(pool),
      rate: pool.marginalRatePercent,
      toNext: pool.revenueToNextBand,
      nextRate: pool.nextBand?.ratePercent ?? null,
      band: pool.band === null ? null : bandText(pool.band, fmt),
      wonRevenue: pool.wonRevenue,
      note: poolNote(pool, fmt),
    })),
  );
  const first = pools[0];
  const title =
    pools.length === 1 && first
      ? `Next sale earns ${fmt.percent(first.marginalRatePercent)}`
      : pools.length > 1
        ? 'Next sale: the rate by product family'
        : 'Next sale';
  // Each pool in one sentence too: on a phone the table scrolls, the caption does not.
  const description =
    pools.length === 0
      ? `${context.repName}, ${month}: no commission levels, so a sale earns no commission.`
      : `${context.repName}, ${month}, the next sale: ` +
        pools
          .map(
            (pool) =>
              `${poolName(pool)} ${fmt.percent(pool.marginalRatePercent)}` +
              `${pool.band === null ? '' : ` (band ${bandText(pool.band, fmt)})`} — ${lowerFirst(poolNote(pool, fmt))}`,
          )
          .join('; ') +
        '.';
  return {
    kind: 'table',
    title,
    description,
    option: null,
    table,
    emptyMessage: `${context.repName} has no commission levels for ${month}.`,
  };
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  won: 'Won',
  lost: 'Lost',
  reopened: 'Reopened',
  'amount-changed': 'Amount changed',
  'moved-in': 'Moved into the month',
  'moved-out': 'Moved out of the month',
  'reassigned-in': 'Reassigned to the rep',
  'reassigned-out': 'Reassigned away',
  created: 'New deal',
  deleted: 'Deleted',
  'stage-changed': 'Stage changed',
  'levels-changed': 'Commission levels changed',
  'stage-configuration-changed': 'Stage probabilities changed',
  'target-changed': 'Target changed',
};

/** A line's kind in words: "Won", "Moved out of the month". */
export function changeKindText(kind: string): string {
  return KIND_WORDS[kind] ?? kind;
}

/** "2 Feb 2016" for an instant; the window's end as "now" when it was not given. */
function instantText(instant: string, fmt: Formatters): string {
  return fmt.date(instant);
}

export function commissionChangeModel(change: CommissionChange, context: RepMonthContext, fmt: Formatters): ChartModel {
  const month = fmt.month(context.month);
  const window = `between ${instantText(change.from, fmt)} and ${instantText(change.to, fmt)}`;
  const table = tableOf(
    fmt,
    [
      { key: 'at', label: 'When', kind: 'date' },
      { key: 'what', label: 'What', kind: 'text' },
      { key: 'deal', label: 'Deal', kind: 'text' },
      { key: 'detail', label: 'Detail', kind: 'text' },
      { key: 'earned', label: 'Earned', kind: 'money' },
      { key: 'pipelineCommission', label: 'Pipeline commission', kind: 'money' },
      { key: 'totalPotential', label: 'Total potential', kind: 'money' },
    ],
    change.lines.length === 0
      ? []
      : [
          ...change.lines.map((line) => ({
            at: line.at,
            what: changeKindText(line.kind),
            // A levels, stage or target line has no deal: its kind says what changed.
            deal: line.deal === null ? null : line.deal.name || line.deal.opportunityId,
            detail: line.detail,
            earned: line.earned,
            pipelineCommission: line.pipelineCommission,
            totalPotential: line.totalPotential,
          })),
          {
            at: null,
            what: 'Total change',
            deal: null,
            detail: window,
            earned: change.change.earned,
            pipelineCommission: change.change.pipelineCommission,
            totalPotential: change.change.totalPotential,
          },
        ],
  );
  const { before, after } = change;
  const description =
    `${context.repName}, ${month}, ${window}: earned ${fmt.money(before.earned)} → ${fmt.money(after.earned)} ` +
    `(${fmt.moneyChange(change.change.earned)}), pipeline commission ${fmt.money(before.pipelineCommission)} → ` +
    `${fmt.money(after.pipelineCommission)} (${fmt.moneyChange(change.change.pipelineCommission)}), total potential ` +
    `${fmt.money(before.totalPotential)} → ${fmt.money(after.totalPotential)} (${fmt.moneyChange(change.change.totalPotential)}). ` +
    'Each line is one change to a deal, the levels or the stages; the lines add up to the total.';
  return {
    kind: 'table',
    title: 'Why the commission changed',
    description,
    option: null,
    table,
    emptyMessage: `Nothing changed ${context.repName}'s commission for ${month} ${window}.`,
  };
}
