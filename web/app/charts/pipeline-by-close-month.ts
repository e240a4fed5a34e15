/**
 * Chart 6: the open pipeline due to close in each of the coming six months, stacked by
 * stage: what is there to win, and how far along it is. From each month's target record
 * (its open stages).
 */
import type { Formatters } from '../format/formatters.js';
import type { CellValue, ChartModel } from './chart-model.js';
import type { MonthSeries } from './month-series.js';
import {
  baseOption,
  categoryAxis,
  chartModel,
  legendOf,
  moneyAxis,
  moneyValue,
  SEGMENT_BORDER,
  stageMoneyColumns,
  tableOf,
} from './option-parts.js';
import { seriesColour } from './palette.js';

/** How many close months the chart looks ahead, the first included. */
export const COMING_MONTHS = 6;

export interface PipelineByCloseMonthOptions {
  /** The first month to show (`YYYY-MM`, normally this month); by default the series' first. */
  readonly fromMonth?: string;
}

export function pipelineByCloseMonthChart(series: MonthSeries, fmt: Formatters, options: PipelineByCloseMonthOptions = {}): ChartModel {
  const { scope } = series;
  const fromMonth = options.fromMonth ?? series.months[0]?.month ?? '';
  const months = series.months.filter(({ month }) => month >= fromMonth).slice(0, COMING_MONTHS);
  const title = 'Open pipeline by close month and stage';
  const span = months.length === 0 ? '' : `${fmt.month(months[0]?.month ?? '')} to ${fmt.month(months.at(-1)?.month ?? '')}`;
  const description =
    months.length === 0
      ? `${scope.name}: no months to show.`
      : `${scope.name}: open deals due to close in each month from ${span}, by stage.`;

  // Open stages in funnel order; a stage only some months know joins after the others.
  const stages = new Map<string, string>();
  for (const { targetRecord } of months)
    for (const stage of targetRecord.pipelineByStage) if (stage.outcome === 'open') stages.set(stage.stageId, stage.name);
  const stageIds = [...stages.keys()];
  const amountOf = (monthIndex: number, stageId: string): number | null =>
    months[monthIndex]?.targetRecord.pipelineByStage.find((stage) => stage.stageId === stageId)?.amount ?? null;

  const stageColumns = stageMoneyColumns(stages);
  const table = tableOf(
    fmt,
    [
      { key: 'month', label: 'Close month', kind: 'month' },
      ...stageColumns,
      { key: 'pipeline', label: 'Open pipeline', kind: 'money' },
      { key: 'expectedRevenue', label: 'Expected revenue', kind: 'money' },
    ],
    months.map(({ month, targetRecord }, monthIndex) => {
      const row: Record<string, CellValue> = { month };
      stageIds.forEach((stageId, index) => {
        row[stageColumns[index]?.key ?? ''] = amountOf(monthIndex, stageId);
      });
      row.pipeline = targetRecord.pipeline;
      row.expectedRevenue = targetRecord.expectedRevenue;
      return row;
    }),
  );
  if (months.length === 0 || months.every(({ targetRecord }) => targetRecord.pipeline === 0)) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage:
        months.length === 0
          ? `No months from ${fromMonth === '' ? 'now' : fmt.month(fromMonth)} to show for ${scope.name}.`
          : `No open deals for ${scope.name} due to close from ${span}.`,
    });
  }

  const option = {
    ...baseOption(description),
    legend: legendOf(stageIds.map((stageId) => stages.get(stageId) ?? stageId)),
    grid: { left: 8, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: moneyValue(fmt) },
    xAxis: categoryAxis(months.map(({ month }) => fmt.month(month))),
    yAxis: moneyAxis(fmt),
    series: stageIds.map((stageId, index) => ({
      type: 'bar' as const,
      name: stages.get(stageId) ?? stageId,
      stack: 'pipeline',
      itemStyle: { color: seriesColour(index), ...SEGMENT_BORDER },
      data: months.map((_month, monthIndex) => amountOf(monthIndex, stageId) ?? '-'),
    })),
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
