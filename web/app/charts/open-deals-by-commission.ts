/**
 * Chart 12: a rep's open deals of the month ranked by the commission each would add if it
 * alone closed, highest first, in the API's order (commission, then amount, then id).
 */
import type { RepMonthReport } from '#core/reports/read-rep-month.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { baseOption, chartModel, dataIndexOf, labelledBarSeries, moneyAxis, tableOf, tooltipLines } from './option-parts.js';

export function openDealsByCommissionChart(report: RepMonthReport, fmt: Formatters): ChartModel {
  const deals = report.commissionRecord.openDeals;
  const month = fmt.month(report.month);
  // The deal has its stage's id; the month's target record names the stages.
  const stageNames = new Map(report.targetRecord.pipelineByStage.map((stage) => [stage.stageId, stage.name]));
  const stageOf = (stageId: string): string => stageNames.get(stageId) ?? stageId;
  const title = 'Open deals ranked by the commission each would add';
  const description = `${report.name}, ${month}: what each open deal would add to commission if it alone closed, highest first.`;
  const table = tableOf(
    fmt,
    [
      { key: 'rank', label: 'Rank', kind: 'count' },
      { key: 'deal', label: 'Deal', kind: 'text' },
      { key: 'account', label: 'Account', kind: 'text' },
      { key: 'stage', label: 'Stage', kind: 'text' },
      { key: 'closeDate', label: 'Close date', kind: 'date' },
      { key: 'amount', label: 'Amount', kind: 'money' },
      { key: 'probability', label: 'Probability', kind: 'percent' },
      { key: 'commission', label: 'Commission it would add', kind: 'money' },
    ],
    deals.map((deal, index) => ({
      rank: index + 1,
      deal: deal.name,
      account: deal.account,
      stage: stageOf(deal.stageId),
      closeDate: deal.closeDate,
      amount: deal.amount,
      probability: deal.probability,
      commission: deal.commission,
    })),
  );
  if (deals.length === 0) {
    return chartModel({ title, description, option: null, table, emptyMessage: `${report.name} has no open deals closing in ${month}.` });
  }

  const option = {
    ...baseOption(description),
    grid: { left: 8, right: 88, top: 8, bottom: 24 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (params: unknown) => {
        const deal = deals[dataIndexOf(params)];
        if (!deal) return '';
        return tooltipLines([
          `${deal.name} (${deal.account})`,
          `Would add ${fmt.money(deal.commission)} commission`,
          `${fmt.money(deal.amount)} · ${stageOf(deal.stageId)} · ${fmt.percent(deal.probability)}`,
          `Closes ${fmt.date(deal.closeDate)}`,
        ]);
      },
    },
    xAxis: moneyAxis(fmt),
    // Inverse, so the first (highest) deal is at the top.
    yAxis: { type: 'category' as const, inverse: true, data: deals.map((deal) => deal.name) },
    series: [
      labelledBarSeries(
        'Commission it would add',
        0,
        deals.map((deal) => deal.commission),
        (params: { value: unknown }) => fmt.money(Number(params.value)),
      ),
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
