/**
 * Chart 2: target, closed won and expected revenue month by month across a range (the
 * fiscal year): closed won and expected revenue stacked, so a bar that reaches its target
 * has enough pipeline; each month's target a marker across its bar, as in the members chart
 * (a target is per month, not a quantity that flows from one month to the next). For the
 * months of the view that are not over, the forecast's band of won revenue by the month's
 * end (`GET /forecasts`): a box from P10 to P90 with a line at P50, over the month's bar.
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
import { NEUTRAL_COLOUR, seriesColour, TEXT_COLOUR } from './palette.js';

/** The forecast of one month's won revenue by its end, as `GET /forecasts?period=<month>` answers it. */
export interface MonthBand {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Null without a target. */
  readonly probabilityOfReachingTarget: number | null;
}

/** The box's name: P10 to P90, its line at P50 (the caption says so in full). */
const BAND_NAME = 'Forecast P10–P90';

export function targetByMonthChart(series: MonthSeries, fmt: Formatters, bands: readonly MonthBand[] = []): ChartModel {
  const { scope, months } = series;
  const title = 'Target, closed won and expected revenue by month';
  const span = months.length === 0 ? '' : `${fmt.month(months[0]?.month ?? '')} to ${fmt.month(months.at(-1)?.month ?? '')}`;
  const description =
    months.length === 0
      ? `${scope.name}: no months to show.`
      : `${scope.name}, ${span}: closed won and expected revenue stacked for each month against that month's target.` +
        bandsText(bands, fmt);
  const bandOf = new Map(bands.map((band) => [band.month, band]));
  const table = tableOf(
    fmt,
    [
      { key: 'month', label: 'Month', kind: 'month' },
      ...TARGET_RECORD_COLUMNS,
      ...(bands.length === 0
        ? []
        : [
            { key: 'p10', label: 'Forecast P10', kind: 'money' as const },
            { key: 'p50', label: 'Forecast P50', kind: 'money' as const },
            { key: 'p90', label: 'Forecast P90', kind: 'money' as const },
            { key: 'chance', label: 'Chance of reaching target', kind: 'ratio' as const },
          ]),
    ],
    months.map(({ month, targetRecord: record }) => {
      const band = bandOf.get(month);
      return {
        month,
        ...targetRecordCells(record),
        ...(bands.length === 0
          ? {}
          : { p10: band?.p10 ?? null, p50: band?.p50 ?? null, p90: band?.p90 ?? null, chance: band?.probabilityOfReachingTarget ?? null }),
      };
    }),
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

  const shownBands = months.filter(({ month }) => bandOf.has(month));
  const names = ['Closed won', 'Expected revenue', 'Target', ...(shownBands.length > 0 ? [BAND_NAME] : [])];
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
      ...(shownBands.length === 0
        ? []
        : [
            {
              // A box from P10 to P90 with its line at P50 (whiskers at the box's ends), over the month's bar.
              type: 'boxplot' as const,
              name: BAND_NAME,
              boxWidth: [6, 12] as [number, number],
              z: 4,
              itemStyle: { color: '#FFFFFF', borderColor: TEXT_COLOUR, borderWidth: 2, decal: NO_DECAL },
              tooltip: { trigger: 'item' as const },
              data: months.map(({ month }) => {
                const band = bandOf.get(month);
                // A month without a forecast has no box ('-' for each of the five values).
                return band
                  ? [band.p10, band.p10, band.p50, band.p90, band.p90]
                  : ['-' as const, '-' as const, '-' as const, '-' as const, '-' as const];
              }),
            },
          ]),
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}

/** " The forecast of Feb 2016: P10 £80,000.00, P50 £95,000.00, P90 £110,000.00 (73.0% chance of reaching target)." */
function bandsText(bands: readonly MonthBand[], fmt: Formatters): string {
  return bands
    .map(
      (band) =>
        ` The forecast of ${fmt.month(band.month)}: P10 ${fmt.money(band.p10)}, P50 ${fmt.money(band.p50)}, P90 ${fmt.money(band.p90)}` +
        (band.probabilityOfReachingTarget === null ? '.' : ` (${fmt.ratio(band.probabilityOfReachingTarget)} chance of reaching target).`),
    )
    .join('');
}
