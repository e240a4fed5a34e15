/**
 * Chart 11: a rep's commission for a month: what is earned on closed won deals, what the
 * open deals would add if they all closed (pipeline commission) and the two together
 * (total potential). Where product families have levels of their own, each family's
 * figures stand beside the rep's totals.
 */
import type { FamilyCommissionRecord } from '#core/commission/commission-record.js';
import type { RepMonthReport } from '#core/reports/read-rep-month.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { baseOption, categoryAxis, chartModel, legendOf, moneyAxis, moneyValue, SEGMENT_BORDER, tableOf } from './option-parts.js';
import { seriesColour, TEXT_COLOUR } from './palette.js';

const MEASURES = ['Earned', 'Pipeline commission', 'Total potential'] as const;

/** The pool of revenue run through the rep's general levels, or a family with its own. */
const poolName = (family: FamilyCommissionRecord): string => family.productFamily ?? 'Other products (general levels)';

export function repCommissionChart(report: RepMonthReport, fmt: Formatters): ChartModel {
  const record = report.commissionRecord;
  const month = fmt.month(report.month);
  const byFamily = record.byFamily.length > 1 ? record.byFamily : [];
  const title = 'Commission: earned, pipeline and potential';
  const description =
    `${report.name}, ${month}: ${fmt.money(record.earned)} earned on closed won deals; ${fmt.money(record.pipelineCommission)} more ` +
    `if every open deal closes; ${fmt.money(record.totalPotential)} potential in all` +
    (byFamily.length > 0 ? `, with the product families that have levels of their own shown apart.` : '.');
  const table = tableOf(
    fmt,
    [
      { key: 'products', label: 'Products', kind: 'text' },
      { key: 'wonRevenue', label: 'Closed won revenue', kind: 'money' },
      { key: 'openRevenue', label: 'Open revenue', kind: 'money' },
      { key: 'earned', label: 'Commission earned', kind: 'money' },
      { key: 'pipelineCommission', label: 'Pipeline commission', kind: 'money' },
      { key: 'totalPotential', label: 'Total potential commission', kind: 'money' },
    ],
    [
      { products: 'All products', ...figuresOf(record) },
      ...byFamily.map((family) => ({ products: poolName(family), ...figuresOf(family) })),
    ],
  );
  if (record.earned === 0 && record.pipelineCommission === 0 && record.totalPotential === 0) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: `No commission earned or in the pipeline for ${report.name} in ${month}.`,
    });
  }

  const pools = [{ name: 'All products', figures: record }, ...byFamily.map((family) => ({ name: poolName(family), figures: family }))];
  const option = {
    ...baseOption(description),
    ...(pools.length > 1 ? { legend: legendOf(pools.map((pool) => pool.name)) } : {}),
    grid: { left: 8, right: 16, top: 28, bottom: pools.length > 1 ? 48 : 24 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: moneyValue(fmt) },
    // Three measures, each always named: ECharts would otherwise skip the middle one on a narrow card.
    xAxis: { ...categoryAxis(MEASURES), axisLabel: { interval: 0 } },
    yAxis: moneyAxis(fmt),
    series: pools.map((pool, index) => ({
      type: 'bar' as const,
      name: pool.name,
      barMaxWidth: 48,
      itemStyle: { color: seriesColour(index), ...SEGMENT_BORDER },
      label: {
        show: true,
        position: 'top' as const,
        color: TEXT_COLOUR,
        formatter: (params: { value: unknown }) =>
          pools.length > 1 ? fmt.moneyCompact(Number(params.value)) : fmt.money(Number(params.value)),
      },
      data: [pool.figures.earned, pool.figures.pipelineCommission, pool.figures.totalPotential],
    })),
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}

function figuresOf(figures: {
  wonRevenue: number;
  openRevenue: number;
  earned: number;
  pipelineCommission: number;
  totalPotential: number;
}) {
  return {
    wonRevenue: figures.wonRevenue,
    openRevenue: figures.openRevenue,
    earned: figures.earned,
    pipelineCommission: figures.pipelineCommission,
    totalPotential: figures.totalPotential,
  };
}
