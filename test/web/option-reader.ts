/** Reading a builder's ECharts option in tests, without the option's many union types in the way. */
import { expect } from 'vitest';
import type { ChartModel } from '#web/app/charts/chart-model.js';
import { createFormatters } from '#web/app/format/formatters.js';

export const gbp = createFormatters({ currency: 'GBP', locale: 'en-GB' });

/** Major units to minor units, so expectations read like the domain text. */
export const major = (amount: number): number => amount * 100;

export interface SeriesShape {
  type: string;
  name?: string;
  stack?: string;
  data: any[];
  label?: { formatter?: (params: any) => string };
  [key: string]: any;
}

export function optionOf(model: ChartModel): Record<string, any> {
  expect(model.option, `${model.title} should draw a chart`).not.toBeNull();
  return model.option as Record<string, any>;
}

export function seriesOf(model: ChartModel): SeriesShape[] {
  return optionOf(model).series as SeriesShape[];
}

export function seriesNamed(model: ChartModel, name: string): SeriesShape {
  const found = seriesOf(model).find((series) => series.name === name);
  if (!found)
    throw new Error(
      `no series '${name}' in ${seriesOf(model)
        .map((series) => series.name)
        .join(', ')}`,
    );
  return found;
}

/** A column of the table, by its label. */
export function columnOf(model: ChartModel, label: string): unknown[] {
  const column = model.table.columns.find((candidate) => candidate.label === label);
  if (!column) throw new Error(`no column '${label}' in ${model.table.columns.map((candidate) => candidate.label).join(', ')}`);
  return model.table.rows.map((row) => row[column.key]);
}

/** The category labels of the option's category axis. */
export function categoriesOf(model: ChartModel): string[] {
  const option = optionOf(model);
  const axis = [option.xAxis, option.yAxis].find((candidate) => candidate?.type === 'category');
  return axis.data as string[];
}

/** What a tooltip formatter shows for one data index, as text. */
export function tooltipText(model: ChartModel, dataIndex: number): string {
  const formatter = optionOf(model).tooltip.formatter as (params: unknown) => string;
  return formatter([{ dataIndex }]).replaceAll('<br>', '\n');
}
