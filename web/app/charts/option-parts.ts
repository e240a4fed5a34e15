/**
 * The pieces every builder's ECharts option is made of: the accessibility settings, the
 * palette, money axes and tooltips, and the model around them. Types only from ECharts:
 * nothing here loads it.
 */
import type { BarSeriesOption, BoxplotSeriesOption, GaugeSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { TargetRecord } from '#core/targets/target-record.js';
import type { Formatters } from '../format/formatters.js';
import type { CellValue, ChartModel, ChartTable, TableColumn } from './chart-model.js';
import { SERIES_COLOURS, seriesColour, TEXT_COLOUR } from './palette.js';

/** An option made only of what echarts-setup registers. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | BoxplotSeriesOption
  | GaugeSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** What a chart draws: decals on every bar and slice, the description as its accessible name, the palette. */
export function baseOption(description: string): ChartOption {
  return {
    aria: { enabled: true, label: { enabled: true, description }, decal: { show: true } },
    color: [...SERIES_COLOURS],
    textStyle: { color: TEXT_COLOUR },
  };
}

/** A value axis of money (minor units), labelled short: "£1.2m". */
export function moneyAxis(fmt: Formatters) {
  return {
    type: 'value' as const,
    // A narrow card leaves no room for every tick: drop the labels that would overlap.
    axisLabel: { formatter: (value: number) => fmt.moneyCompact(value), hideOverlap: true },
  };
}

/**
 * The category axis under vertical bars, drawn over them: a bar of zero has a zero-height
 * white border that would otherwise cut the baseline.
 */
export function categoryAxis(labels: readonly string[]) {
  return { type: 'category' as const, z: 3, data: [...labels] };
}

/** The columns of a target record's figures, shared by every table that lists target records. */
export const TARGET_RECORD_COLUMNS: readonly TableColumn[] = [
  { key: 'target', label: 'Target', kind: 'money' },
  { key: 'closedWon', label: 'Closed won', kind: 'money' },
  { key: 'expectedRevenue', label: 'Expected revenue', kind: 'money' },
  { key: 'shortfall', label: 'Shortfall', kind: 'money' },
  { key: 'over', label: 'Over target', kind: 'money' },
  { key: 'attainment', label: 'Attainment', kind: 'ratio' },
  { key: 'coverage', label: 'Coverage', kind: 'ratio' },
];

/** A target record's figures as the cells of TARGET_RECORD_COLUMNS, as the engine gives them. */
export function targetRecordCells(record: TargetRecord): Record<string, CellValue> {
  const { target, closedWon, expectedRevenue, shortfall, over, attainment, coverage } = record;
  return { target, closedWon, expectedRevenue, shortfall, over, attainment, coverage };
}

/** One money column per stage, in the order given, keyed `stage:<id>` (the stage tables of the pipeline charts). */
export function stageMoneyColumns(stageNames: ReadonlyMap<string, string>): TableColumn[] {
  return [...stageNames].map(([stageId, name]) => ({ key: `stage:${stageId}`, label: name, kind: 'money' }));
}

/** ECharts' tooltip value formatter for money series. */
export function moneyValue(fmt: Formatters): (value: unknown) => string {
  return (value) => (typeof value === 'number' ? fmt.money(value) : fmt.none);
}

/** The legend under the plot, scrolling when the names do not fit (many reps). */
export function legendOf(names: readonly string[]): LegendComponentOption {
  return { type: 'scroll', bottom: 0, data: [...names] };
}

/**
 * No decal pattern, for shapes that are told apart by their form rather than their fill
 * (target markers) or are not to be seen at all (a waterfall's base). `aria.decal.show`
 * merges an item's decal into the palette's, so the pattern is switched off by drawing
 * nothing: no symbol, no colour.
 */
export const NO_DECAL = { symbol: 'none', color: 'transparent' } as const;

/** White borders between bar segments and slices, so each meets white, not its neighbour. */
export const SEGMENT_BORDER = { borderColor: '#FFFFFF', borderWidth: 1 } as const;

/** A series of horizontal bars, one colour, each labelled at its end (a ranking: deals, sources, stages). */
export function labelledBarSeries<D, P>(name: string, colourIndex: number, data: readonly D[], formatter: (params: P) => string) {
  return {
    type: 'bar' as const,
    name,
    barMaxWidth: 28,
    itemStyle: { color: seriesColour(colourIndex), ...SEGMENT_BORDER },
    label: { show: true, position: 'right' as const, color: TEXT_COLOUR, formatter },
    data: [...data],
  };
}

/**
 * Text for ECharts' HTML tooltip: names come from users (deal, rep and team names), and a
 * formatter's output is set as HTML, so it is escaped here.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Tooltip lines, each escaped, joined for the HTML tooltip. */
export function tooltipLines(lines: readonly string[]): string {
  return lines.map(escapeHtml).join('<br>');
}

/** The data index a tooltip formatter was called for (axis tooltips pass a list). */
export function dataIndexOf(params: unknown): number {
  const first: unknown = Array.isArray(params) ? params[0] : params;
  const index = typeof first === 'object' && first !== null ? (first as { dataIndex?: unknown }).dataIndex : undefined;
  return typeof index === 'number' ? index : -1;
}

export function tableOf(
  fmt: Formatters,
  columns: readonly TableColumn[],
  rows: ReadonlyArray<Readonly<Record<string, CellValue>>>,
): ChartTable {
  return { currency: fmt.currency, columns, rows };
}

/** A model with a chart, or with `emptyMessage` in its place when `option` is null. */
export function chartModel(parts: {
  title: string;
  description: string;
  option: ChartOption | null;
  table: ChartTable;
  emptyMessage: string;
}): ChartModel {
  return { kind: 'chart', ...parts, emptyMessage: parts.option === null ? parts.emptyMessage : '' };
}
