/**
 * What every chart of the dashboard is built into: the ECharts option that draws it, and
 * the same figures as a table (shown on request, downloaded as CSV, read by screen
 * readers and by the browser tests). Chart builders are pure functions from an API
 * response to a ChartModel: they arrange the engine's figures, never compute new ones.
 */
import type { EChartsCoreOption } from 'echarts/core';

/**
 * How a table cell is shown (and written to CSV: money in major units, ratios as fractions).
 * Cells hold the engine's figures unchanged: money in integer minor units, ratios with
 * 1 = 100 %, percentages (probabilities) 0-100, months `YYYY-MM`, dates `YYYY-MM-DD`.
 */
export type ColumnKind = 'text' | 'money' | 'ratio' | 'percent' | 'count' | 'month' | 'date' | 'days';

export interface TableColumn {
  readonly key: string;
  readonly label: string;
  readonly kind: ColumnKind;
}

export type CellValue = string | number | null;

export interface ChartTable {
  /** ISO 4217 code of the money columns (their minor units), so CSV can write major units with its decimals. */
  readonly currency?: string;
  readonly columns: readonly TableColumn[];
  readonly rows: ReadonlyArray<Readonly<Record<string, CellValue>>>;
}

export interface ChartModel {
  /** 'table': a table with no chart (`option` is always null; `emptyMessage` only matters without rows). Absent: 'chart'. */
  readonly kind?: 'chart' | 'table';
  /** Short title shown above the chart. */
  readonly title: string;
  /** One sentence saying what the chart shows, for its caption and its accessible description. */
  readonly description: string;
  /** Null when there is nothing to draw: the card shows `emptyMessage` instead. */
  readonly option: EChartsCoreOption | null;
  readonly table: ChartTable;
  readonly emptyMessage: string;
}
