/**
 * Leads by month and status: the leads created each month of the range, each month's bar
 * stacked by the status those leads are in now (open, contacted, qualified, closed as
 * unqualified, converted), from `GET /conversion/leads?by=month`. The table adds the
 * engine's converted count, conversion rate and average days to convert.
 */
import type { LeadMetrics } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { countAxis, scopeAndRange, scopeNameOf } from './conversion-parts.js';
import { baseOption, categoryAxis, chartModel, SEGMENT_BORDER, tableOf } from './option-parts.js';
import { seriesColour } from './palette.js';

/** The statuses in the order a lead moves through them, each with its name and its palette position. */
export const LEAD_STATUS_SERIES = [
  { status: 'open', label: 'Open', colour: seriesColour(0) },
  { status: 'contacted', label: 'Contacted', colour: seriesColour(6) },
  { status: 'qualified', label: 'Qualified', colour: seriesColour(4) },
  { status: 'closed-unqualified', label: 'Closed unqualified', colour: seriesColour(7) },
  { status: 'converted', label: 'Converted', colour: seriesColour(2) },
] as const;

export function leadsByStatusChart(metrics: LeadMetrics, fmt: Formatters): ChartModel {
  const rows = metrics.rows.filter((row) => row.kind === 'month' && row.id !== null);
  const where = scopeAndRange(metrics, fmt);
  const title = 'Leads by month and status';
  const { total } = metrics;
  const description =
    `${where}: ${fmt.count(total.created)} leads created, ${fmt.count(total.converted)} converted ` +
    `(${fmt.ratio(total.conversionRate)}); each month's leads by the status they are in now.`;
  const table = tableOf(
    fmt,
    [
      { key: 'month', label: 'Month', kind: 'month' },
      { key: 'created', label: 'Created', kind: 'count' },
      ...LEAD_STATUS_SERIES.filter(({ status }) => status !== 'converted').map(({ status, label }) => ({
        key: `status:${status}`,
        label,
        kind: 'count' as const,
      })),
      { key: 'converted', label: 'Converted', kind: 'count' },
      { key: 'conversionRate', label: 'Conversion rate', kind: 'ratio' },
      { key: 'averageDaysToConvert', label: 'Average days to convert', kind: 'days' },
    ],
    rows.map((row) => ({
      month: row.id,
      created: row.created,
      ...Object.fromEntries(
        LEAD_STATUS_SERIES.filter(({ status }) => status !== 'converted').map(({ status }) => [`status:${status}`, row.byStatus[status]]),
      ),
      converted: row.converted,
      conversionRate: row.conversionRate,
      averageDaysToConvert: row.averageDaysToConvert,
    })),
  );
  if (rows.length === 0 || rows.every((row) => row.created === 0)) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: `No leads were created for ${scopeNameOf(metrics.scope)} in these months.`,
    });
  }

  const option = {
    ...baseOption(description),
    // Five statuses on one or two lines rather than a scrolling legend that hides some in a narrow card.
    legend: { bottom: 0, itemGap: 12, data: LEAD_STATUS_SERIES.map(({ label }) => label) },
    grid: { left: 8, right: 16, top: 24, bottom: 84 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      valueFormatter: (value: unknown) => fmt.count(Number(value)),
    },
    xAxis: categoryAxis(rows.map((row) => fmt.month(row.id as string))),
    yAxis: countAxis(fmt),
    series: LEAD_STATUS_SERIES.map(({ status, label, colour }) => ({
      type: 'bar' as const,
      name: label,
      stack: 'leads',
      itemStyle: { color: colour, ...SEGMENT_BORDER },
      data: rows.map((row) => (row.byStatus[status] === 0 ? '-' : row.byStatus[status])),
    })),
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
