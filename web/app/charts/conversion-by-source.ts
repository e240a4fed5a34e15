/**
 * Conversion rate by lead source: of the leads each source brought in the range, the share
 * converted so far, from `GET /conversion/leads?by=source`. Each bar is labelled with the
 * engine's rate and the two counts it comes from, so a high rate on three leads reads as
 * such. Sources without a lead in the range have no bar; every source is in the table.
 */
import type { LeadMetrics } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { ratioAxis, scopeAndRange, scopeNameOf } from './conversion-parts.js';
import { baseOption, chartModel, dataIndexOf, labelledBarSeries, tableOf, tooltipLines } from './option-parts.js';

export function conversionBySourceChart(metrics: LeadMetrics, fmt: Formatters): ChartModel {
  const title = 'Conversion rate by source';
  const description = `${scopeAndRange(metrics, fmt)}: of the leads each source brought, the share converted into deals.`;
  const table = tableOf(
    fmt,
    [
      { key: 'source', label: 'Source', kind: 'text' },
      { key: 'created', label: 'Leads created', kind: 'count' },
      { key: 'converted', label: 'Converted', kind: 'count' },
      { key: 'conversionRate', label: 'Conversion rate', kind: 'ratio' },
      { key: 'averageDaysToConvert', label: 'Average days to convert', kind: 'days' },
    ],
    metrics.rows.map((row) => ({
      source: row.label,
      created: row.created,
      converted: row.converted,
      conversionRate: row.conversionRate,
      averageDaysToConvert: row.averageDaysToConvert,
    })),
  );
  const plotted = metrics.rows.filter((row) => row.created > 0);
  if (plotted.length === 0) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: `No leads were created for ${scopeNameOf(metrics.scope)} in these months.`,
    });
  }
  const countsOf = (row: (typeof plotted)[number]) => `${fmt.count(row.converted)} of ${fmt.count(row.created)}`;
  const option = {
    ...baseOption(description),
    grid: { left: 8, right: 112, top: 8, bottom: 24 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (params: unknown) => {
        const row = plotted[dataIndexOf(params)];
        return row ? tooltipLines([row.label, `Conversion rate ${fmt.ratio(row.conversionRate)}`, `${countsOf(row)} leads converted`]) : '';
      },
    },
    xAxis: ratioAxis(fmt),
    // Inverse, so the sources read top to bottom in the settings' order.
    yAxis: { type: 'category' as const, inverse: true, data: plotted.map((row) => row.label) },
    series: [
      labelledBarSeries(
        'Conversion rate',
        2,
        plotted.map((row) => row.conversionRate ?? '-'),
        (params: { dataIndex: number }) => {
          const row = plotted[params.dataIndex];
          return row ? `${fmt.ratio(row.conversionRate)} (${countsOf(row)})` : '';
        },
      ),
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
