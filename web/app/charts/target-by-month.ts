/**
 * Chart 2: target, closed won and expected revenue month by month across a range (the
 * fiscal year): closed won and expected revenue stacked, so a bar that reaches its target
 * has enough pipeline; each month's target a marker across its bar, as in the members chart
 * (a target is per month, not a quantity that flows from one month to the next).
 */
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import type { MonthSeries } from './month-series.js';
import {
  baseOption,
  categoryAxis,
  chartModel,
  legendOf,
  moneyAxis,
  moneyValue,
  NO_DECAL,
  SEGMENT_BORDER,
  TARGET_RECORD_COLUMNS,
  tableOf,
  targetRecordCells,
} from './option-parts.js';
import { NEUTRAL_COLOUR, seriesColour } from './palette.js';

export function targetByMonthChart(series: MonthSeries, fmt: Formatters): ChartModel {
  const { scope, months } = series;
  const title = 'Target, closed won and expected revenue by month';
  const span = months.length === 0 ? '' : `${fmt.month(months[0]?.month ?? '')} to ${fmt.month(months.at(-1)?.month ?? '')}`;
  const description =
    months.length === 0
      ? `${scope.name}: no months to show.`
      : `${scope.name}, ${span}: closed won and expected revenue stacked for each month against that month's target.`;
  const table = tableOf(
    fmt,
    [{ key: 'month', label: 'Month', kind: 'month' }, ...TARGET_RECORD_COLUMNS],
    months.map(({ month, targetRecord: record }) => ({
      month,
      ...targetRecordCells(record),
    })),
  );
  const nothing = months.every(
    ({ targetRecord: record }) => record.target === null && record.closedWon === 0 && record.expectedRevenue === 0,
  );
  if (months.length === 0 || nothing) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage:
        months.length === 0
          ? `No months to show for ${scope.name}.`
          : `No target, closed won or open pipeline for ${scope.name} from ${span}.`,
    });
  }

  const names = ['Closed won', 'Expected revenue', 'Target'];
  const option = {
    ...baseOption(description),
    legend: legendOf(names),
    grid: { left: 8, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: moneyValue(fmt) },
    xAxis: categoryAxis(months.map(({ month }) => fmt.month(month))),
    yAxis: moneyAxis(fmt),
    series: [
      {
        type: 'bar' as const,
        name: 'Closed won',
        stack: 'revenue',
        itemStyle: { color: seriesColour(0), ...SEGMENT_BORDER },
        data: months.map(({ targetRecord }) => targetRecord.closedWon),
      },
      {
        type: 'bar' as const,
        name: 'Expected revenue',
        stack: 'revenue',
        itemStyle: { color: seriesColour(1), ...SEGMENT_BORDER },
        data: months.map(({ targetRecord }) => targetRecord.expectedRevenue),
      },
      {
        type: 'scatter' as const,
        name: 'Target',
        symbol: 'rect',
        symbolSize: [24, 4],
        itemStyle: { color: NEUTRAL_COLOUR, opacity: 1, decal: NO_DECAL },
        z: 3,
        // Fully opaque (scatter defaults to 0.8, below 3:1); a month without a target has no marker, not a zero.
        data: months.map(({ targetRecord }) => targetRecord.target ?? '-'),
      },
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
