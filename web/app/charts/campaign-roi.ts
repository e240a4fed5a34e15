/**
 * Revenue and ROI by campaign, from `GET /conversion/campaigns`: for each campaign, the
 * revenue won from the deals it brought in the range beside its actual cost, the engine's
 * ROI written beside the revenue. Rows that are no campaign (deals with no campaign, or free
 * text from before campaigns were records) have no cost and no bar; the table lists them
 * with every campaign's leads, conversions, pipeline, cost per lead and per won deal.
 */
import type { CampaignMetrics, CampaignRow } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { scopeAndRange, scopeNameOf } from './conversion-parts.js';
import { baseOption, chartModel, dataIndexOf, legendOf, moneyAxis, SEGMENT_BORDER, tableOf, tooltipLines } from './option-parts.js';
import { seriesColour, TEXT_COLOUR } from './palette.js';

/** A campaign type as read in a table: `trade-show` → "Trade show". */
export function campaignTypeLabel(type: string | null): string | null {
  if (type === null) return null;
  const words = type.replaceAll('-', ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

export function campaignRoiChart(metrics: CampaignMetrics, fmt: Formatters): ChartModel {
  const title = 'Revenue and ROI by campaign';
  const description = `${scopeAndRange(metrics, fmt)}: revenue won from each campaign's deals beside its actual cost, with its return on investment.`;
  const table = tableOf(
    fmt,
    [
      { key: 'campaign', label: 'Campaign', kind: 'text' },
      { key: 'type', label: 'Type', kind: 'text' },
      { key: 'leads', label: 'Leads', kind: 'count' },
      { key: 'conversions', label: 'Conversions', kind: 'count' },
      { key: 'opportunities', label: 'Deals', kind: 'count' },
      { key: 'pipeline', label: 'Open pipeline', kind: 'money' },
      { key: 'won', label: 'Won', kind: 'count' },
      { key: 'wonRevenue', label: 'Won revenue', kind: 'money' },
      { key: 'actualCost', label: 'Actual cost', kind: 'money' },
      { key: 'costPerLead', label: 'Cost per lead', kind: 'money' },
      { key: 'costPerWonDeal', label: 'Cost per won deal', kind: 'money' },
      { key: 'roi', label: 'ROI', kind: 'ratio' },
    ],
    metrics.campaigns.map((row) => ({
      campaign: row.name,
      type: campaignTypeLabel(row.type),
      leads: row.leads,
      conversions: row.conversions,
      opportunities: row.opportunities,
      pipeline: row.pipeline,
      won: row.won,
      wonRevenue: row.wonRevenue,
      actualCost: row.actualCost,
      costPerLead: row.costPerLead,
      costPerWonDeal: row.costPerWonDeal,
      roi: row.roi,
    })),
  );
  // A campaign with nothing to draw (no revenue, no cost) would be an empty line of the chart.
  const plotted = metrics.campaigns.filter((row) => row.kind === 'campaign' && (row.wonRevenue > 0 || (row.actualCost ?? 0) > 0));
  if (plotted.length === 0) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: `No campaign has won revenue or a cost for ${scopeNameOf(metrics.scope)} in these months.`,
    });
  }
  const roiText = (row: CampaignRow) => `ROI ${fmt.ratio(row.roi)}`;
  const option = {
    ...baseOption(description),
    legend: legendOf(['Won revenue', 'Actual cost']),
    grid: { left: 8, right: 136, top: 8, bottom: 40 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (params: unknown) => {
        const row = plotted[dataIndexOf(params)];
        if (!row) return '';
        return tooltipLines([
          row.name,
          `Won revenue ${fmt.money(row.wonRevenue)} (${fmt.deals(row.won)})`,
          `Actual cost ${fmt.money(row.actualCost)}`,
          roiText(row),
          `${fmt.count(row.leads)} leads, ${fmt.count(row.conversions)} converted`,
        ]);
      },
    },
    xAxis: moneyAxis(fmt),
    // Inverse, so the campaigns read top to bottom in the API's order.
    // Long names wrap: on a phone they would otherwise leave the bars no room.
    yAxis: {
      type: 'category' as const,
      inverse: true,
      axisLabel: { width: 96, overflow: 'break' as const, lineHeight: 14 },
      data: plotted.map((row) => row.name),
    },
    series: [
      {
        type: 'bar' as const,
        name: 'Won revenue',
        barMaxWidth: 18,
        itemStyle: { color: seriesColour(2), ...SEGMENT_BORDER },
        label: {
          show: true,
          position: 'right' as const,
          color: TEXT_COLOUR,
          formatter: (params: { dataIndex: number }) => {
            const row = plotted[params.dataIndex];
            return row ? `${fmt.moneyCompact(row.wonRevenue)} · ${roiText(row)}` : '';
          },
        },
        data: plotted.map((row) => row.wonRevenue),
      },
      {
        type: 'bar' as const,
        name: 'Actual cost',
        barMaxWidth: 18,
        itemStyle: { color: seriesColour(1), ...SEGMENT_BORDER },
        label: {
          show: true,
          position: 'right' as const,
          color: TEXT_COLOUR,
          formatter: (params: { dataIndex: number }) => {
            const row = plotted[params.dataIndex];
            return row ? `${fmt.moneyCompact(row.actualCost)} cost` : '';
          },
        },
        data: plotted.map((row) => row.actualCost ?? '-'),
      },
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
