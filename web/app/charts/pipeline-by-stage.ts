/**
 * Chart 4: the open pipeline of a scope and period by stage, as a doughnut. Only open
 * stages count (won and lost are not pipeline); every open stage is in the table, and a
 * stage with nothing in it has no slice. Each stage keeps its colour whatever else is empty.
 */
import type { TargetRecord } from '#core/targets/target-record.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { baseOption, chartModel, dataIndexOf, legendOf, SEGMENT_BORDER, tableOf, tooltipLines } from './option-parts.js';
import { seriesColour } from './palette.js';

export interface PipelineByStageContext {
  readonly scopeName: string;
  /** `2016-02`, `2016-Q1`, `2016-FY`. */
  readonly period: string;
}

export function pipelineByStageChart(record: TargetRecord, context: PipelineByStageContext, fmt: Formatters): ChartModel {
  const period = fmt.period(context.period);
  const openStages = record.pipelineByStage.filter((stage) => stage.outcome === 'open');
  const title = 'Open pipeline by stage';
  const description = `${context.scopeName}, ${period}: ${fmt.money(record.pipeline)} of open deals, by stage.`;
  const table = tableOf(
    fmt,
    [
      { key: 'stage', label: 'Stage', kind: 'text' },
      { key: 'probability', label: 'Stage probability', kind: 'percent' },
      { key: 'count', label: 'Deals', kind: 'count' },
      { key: 'amount', label: 'Amount', kind: 'money' },
    ],
    openStages.map((stage) => ({ stage: stage.name, probability: stage.probability, count: stage.count, amount: stage.amount })),
  );
  if (record.pipeline === 0 || openStages.every((stage) => stage.amount === 0)) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: `No open pipeline for ${context.scopeName} in ${period}.`,
    });
  }

  const slices = openStages.flatMap((stage, index) =>
    stage.amount === 0 ? [] : [{ name: stage.name, value: stage.amount, count: stage.count, colour: seriesColour(index) }],
  );
  const option = {
    ...baseOption(description),
    tooltip: {
      trigger: 'item' as const,
      formatter: (params: unknown) => {
        const slice = slices[dataIndexOf(params)];
        return slice ? tooltipLines([slice.name, fmt.money(slice.value), fmt.deals(slice.count)]) : '';
      },
    },
    // Stage names in the legend, not beside the slices: long names beside a doughnut are cut
    // at a card's edge. Each slice's figures are in the tooltip and the table.
    legend: legendOf(slices.map((slice) => slice.name)),
    series: [
      {
        type: 'pie' as const,
        name: 'Open pipeline by stage',
        radius: ['42%', '68%'],
        center: ['50%', '45%'],
        label: { show: false },
        data: slices.map((slice) => ({ name: slice.name, value: slice.value, itemStyle: { color: slice.colour, ...SEGMENT_BORDER } })),
      },
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
