/**
 * What every chart of the dashboard is built into: the ECharts option that draws it, and
 * the same figures as a table (shown on request, downloaded as CSV, read by screen
 * readers and by the browser tests). Chart builders are pure functions from an API
 * response to a ChartModel: they arrange the engine's figures, never compute new ones.
 */
import type { EChartsCoreOption } from 'echarts/core';

/** How a table cell is shown (and written to CSV: money in major units, ratios as fractions). */
export type ColumnKind = 'text' | 'money' | 'ratio' | 'count' | 'month' | 'date' | 'days';

export interface TableColumn {
  readonly key: string;
  readonly label: string;
  readonly kind: ColumnKind;
}

export type CellValue = string | number | null;

export interface ChartTable {
  readonly columns: readonly TableColumn[];
  readonly rows: ReadonlyArray<Readonly<Record<string, CellValue>>>;
}

export interface ChartModel {
  /** Short title shown above the chart. */
  readonly title: string;
  /** One sentence saying what the chart shows, for its caption and its accessible description. */
  readonly description: string;
  /** Null when there is nothing to draw: the card shows `emptyMessage` instead. */
  readonly option: EChartsCoreOption | null;
  readonly table: ChartTable;
  readonly emptyMessage: string;
}
