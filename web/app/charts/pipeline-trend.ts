/**
 * What the long-term (monthly) and short-term (weekly) pipeline trend charts share: the
 * as-at snapshots of a series, oldest first, each a bar stacked by stage. A point whose
 * snapshot was not taken yet is a gap, labelled so in the table, never a zero.
 */

import type { PipelineTrend } from '#core/pipeline/read-pipeline-trend.js';
import type { SnapshotSeries } from '#core/pipeline/snapshot-instants.js';
import { isoDateOf } from '../format/calendar.js';
import type { Formatters } from '../format/formatters.js';
import type { CellValue, ChartModel } from './chart-model.js';
import {
  baseOption,
  categoryAxis,
  chartModel,
  legendOf,
  moneyAxis,
  moneyValue,
  SEGMENT_BORDER,
  stageMoneyColumns,
  tableOf,
} from './option-parts.js';
import { seriesColour } from './palette.js';

export interface PipelineTrendContext {
  /** Whose pipeline: "Dave Apthorp", "EMEA", "Acme Ltd". */
  readonly scopeName: string;
}

export interface TrendWording {
  readonly series: SnapshotSeries;
  readonly title: string;
  /** When the snapshots are taken, for the description: "on the 1st of each month". */
  readonly instants: string;
}

export function pipelineTrendChart(
  trend: PipelineTrend,
  context: PipelineTrendContext,
  fmt: Formatters,
  wording: TrendWording,
): ChartModel {
  if (trend.series !== wording.series) throw new Error(`this chart shows the ${wording.series} series, not the ${trend.series} one`);
  const { points } = trend;
  const span = points.length === 0 ? '' : `${fmt.date(points[0]?.asAt ?? '')} to ${fmt.date(points.at(-1)?.asAt ?? '')}`;
  const missing = points.filter((point) => point.snapshot === null).length;
  const description =
    points.length === 0
      ? `${context.scopeName}: no as-at dates to show.`
      : `${context.scopeName}: the open pipeline by stage as it stood at 00:00 UTC ${wording.instants}, ${span}` +
        (missing > 0 ? `; ${missing === 1 ? 'one snapshot is' : `${missing} snapshots are`} not taken yet.` : '.');

  // Stages in the order the snapshots list them (funnel order), a stage first seen later after them.
  const stages = new Map<string, string>();
  for (const point of points) for (const stage of point.snapshot?.byStage ?? []) stages.set(stage.stageId, stage.name);
  const stageIds = [...stages.keys()];
  const amountOf = (pointIndex: number, stageId: string): number | null => {
    const snapshot = points[pointIndex]?.snapshot;
    if (!snapshot) return null;
    return snapshot.byStage.find((stage) => stage.stageId === stageId)?.amount ?? 0;
  };
  const changeTo = new Map(trend.changes.map((change) => [change.to, change.total.amountDelta]));

  const stageColumns = stageMoneyColumns(stages);
  const table = tableOf(
    fmt,
    [
      { key: 'asAt', label: 'As at', kind: 'date' },
      ...stageColumns,
      { key: 'total', label: 'Open pipeline', kind: 'money' },
      { key: 'count', label: 'Deals', kind: 'count' },
      { key: 'change', label: 'Change since the previous snapshot', kind: 'money' },
      { key: 'note', label: 'Note', kind: 'text' },
    ],
    points.map((point, pointIndex) => {
      const row: Record<string, CellValue> = { asAt: isoDateOf(point.asAt) };
      stageIds.forEach((stageId, index) => {
        row[stageColumns[index]?.key ?? ''] = amountOf(pointIndex, stageId);
      });
      row.total = point.snapshot?.total.amount ?? null;
      row.count = point.snapshot?.total.count ?? null;
      row.change = changeTo.get(point.asAt) ?? null;
      row.note = point.snapshot === null ? 'Snapshot not taken yet' : null;
      return row;
    }),
  );
  const taken = points.filter((point) => point.snapshot !== null);
  if (taken.length === 0 || taken.every((point) => point.snapshot?.total.amount === 0)) {
    return chartModel({
      title: wording.title,
      description,
      option: null,
      table,
      emptyMessage:
        taken.length === 0
          ? `No pipeline snapshots have been taken for ${context.scopeName}${span === '' ? '' : ` from ${span}`} yet.`
          : `${context.scopeName} had no open pipeline on any of these dates (${span}).`,
    });
  }

  const option = {
    ...baseOption(description),
    legend: legendOf(stageIds.map((stageId) => stages.get(stageId) ?? stageId)),
    grid: { left: 8, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: moneyValue(fmt) },
    xAxis: categoryAxis(points.map((point) => (point.snapshot === null ? `${fmt.date(point.asAt)} (not taken)` : fmt.date(point.asAt)))),
    yAxis: moneyAxis(fmt),
    series: stageIds.map((stageId, index) => ({
      type: 'bar' as const,
      name: stages.get(stageId) ?? stageId,
      stack: 'pipeline',
      itemStyle: { color: seriesColour(index), ...SEGMENT_BORDER },
      data: points.map((_point, pointIndex) => amountOf(pointIndex, stageId) ?? '-'),
    })),
  };
  return chartModel({ title: wording.title, description, option, table, emptyMessage: '' });
}
