/**
 * The stage conversion funnel, from `GET /conversion/funnel`: how many deals reached each
 * stage in the range, the stages in their configuration order top to bottom, each open
 * stage labelled with the engine's share of those deals that were won. Lost stages are in
 * the table only (a funnel narrows towards the win). The table reads as a matrix: from each
 * stage, the share that reached every later stage, the share won and the days in the stage.
 */
import type { ConversionFunnel, FunnelStage } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { CellValue, ChartModel, TableColumn } from './chart-model.js';
import { countAxis, scopeAndRange, scopeNameOf } from './conversion-parts.js';
import { baseOption, chartModel, dataIndexOf, labelledBarSeries, SEGMENT_BORDER, tableOf, tooltipLines } from './option-parts.js';
import { seriesColour } from './palette.js';

export function stageFunnelChart(funnel: ConversionFunnel, fmt: Formatters): ChartModel {
  const title = 'Stage conversion funnel';
  const description = `${scopeAndRange(funnel, fmt)}: the deals that reached each stage, and the share of them won.`;
  const columns: TableColumn[] = [
    { key: 'stage', label: 'Stage', kind: 'text' },
    { key: 'reached', label: 'Deals reached', kind: 'count' },
    ...funnel.stages.map((stage) => ({ key: `later:${stage.stageId}`, label: `Reached ${stage.name}`, kind: 'ratio' as const })),
    { key: 'won', label: 'Won', kind: 'ratio' },
    { key: 'averageDaysInStage', label: 'Average days in stage', kind: 'days' },
  ];
  const table = tableOf(
    fmt,
    columns,
    funnel.stages.map((stage) => {
      const cells: Record<string, CellValue> = { stage: stage.name, reached: stage.reached };
      for (const later of stage.later) cells[`later:${later.stageId}`] = later.share;
      cells.won = stage.won.share;
      cells.averageDaysInStage = stage.averageDaysInStage;
      return cells;
    }),
  );
  const plotted = funnel.stages.filter((stage) => stage.outcome !== 'lost');
  if (plotted.every((stage) => stage.reached === 0)) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: `No deal of ${scopeNameOf(funnel.scope)} entered a stage in these months.`,
    });
  }
  const labelOf = (stage: FunnelStage) =>
    stage.outcome === 'open' ? `${fmt.count(stage.reached)} · ${fmt.ratio(stage.won.share)} won` : fmt.count(stage.reached);
  const option = {
    ...baseOption(description),
    grid: { left: 8, right: 112, top: 8, bottom: 24 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (params: unknown) => {
        const stage = plotted[dataIndexOf(params)];
        if (!stage) return '';
        return tooltipLines([
          stage.name,
          `${fmt.deals(stage.reached)} reached it`,
          ...(stage.outcome === 'open'
            ? [`${fmt.ratio(stage.won.share)} of them won`, `Average ${fmt.days(stage.averageDaysInStage)} in the stage`]
            : []),
        ]);
      },
    },
    xAxis: countAxis(fmt),
    // Inverse, so the first stage is at the top and the funnel narrows downwards.
    yAxis: { type: 'category' as const, inverse: true, data: plotted.map((stage) => stage.name) },
    series: [
      labelledBarSeries(
        'Deals that reached the stage',
        0,
        plotted.map((stage) => ({
          value: stage.reached,
          // The won stage in the palette's green, so the end of the funnel stands apart (and is named).
          itemStyle: { color: stage.outcome === 'won' ? seriesColour(2) : seriesColour(0), ...SEGMENT_BORDER },
        })),
        (params: { dataIndex: number }) => {
          const stage = plotted[params.dataIndex];
          return stage ? labelOf(stage) : '';
        },
      ),
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
