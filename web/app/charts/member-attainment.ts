/**
 * Chart 3: over or under target, member by member (the child teams, then the reps placed in
 * the team, as the API lists them): closed won and expected revenue stacked in one bar per
 * member, the target as a marker across it, attainment and coverage written beside it.
 */
import type { TeamPeriodResult } from '#core/reports/read-team-period.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import {
  baseOption,
  chartModel,
  dataIndexOf,
  legendOf,
  moneyAxis,
  NO_DECAL,
  SEGMENT_BORDER,
  TARGET_RECORD_COLUMNS,
  tableOf,
  targetRecordCells,
  tooltipLines,
} from './option-parts.js';
import { NEUTRAL_COLOUR, seriesColour } from './palette.js';

const yesNo = (value: boolean | null): string | null => (value === null ? null : value ? 'Yes' : 'No');

export function memberAttainmentChart(result: TeamPeriodResult, fmt: Formatters): ChartModel {
  const { members } = result;
  const period = fmt.period(result.period.label);
  const title = 'Over and under target by member';
  const description =
    `${result.name}, ${period}: each member's closed won and expected revenue against their target, ` +
    'with attainment (closed won as a share of target) and coverage (closed won and expected revenue as a share of target).';
  const table = tableOf(
    fmt,
    [
      { key: 'member', label: 'Member', kind: 'text' },
      { key: 'kind', label: 'Team or rep', kind: 'text' },
      ...TARGET_RECORD_COLUMNS,
      { key: 'enoughPipeline', label: 'Enough pipeline', kind: 'text' },
    ],
    members.map(({ name, kind, targetRecord: record }) => ({
      member: name,
      kind: kind === 'team' ? 'Team' : 'Rep',
      ...targetRecordCells(record),
      enoughPipeline: yesNo(record.enoughPipeline),
    })),
  );
  if (members.length === 0) {
    return chartModel({ title, description, option: null, table, emptyMessage: `${result.name} has no teams or reps to compare.` });
  }

  const summary = (index: number): string => {
    const record = members[index]?.targetRecord;
    if (!record || record.target === null) return 'No target';
    return `${fmt.ratio(record.attainment)} won · ${fmt.ratio(record.coverage)} covered`;
  };
  const tooltip = (index: number): string => {
    const member = members[index];
    if (!member) return '';
    const record = member.targetRecord;
    return tooltipLines([
      `${member.name} (${member.kind === 'team' ? 'team' : 'rep'})`,
      `Target: ${fmt.money(record.target)}`,
      `Closed won: ${fmt.money(record.closedWon)}`,
      `Expected revenue: ${fmt.money(record.expectedRevenue)}`,
      record.target === null
        ? 'No target set'
        : record.shortfall !== null && record.shortfall > 0
          ? `Shortfall: ${fmt.money(record.shortfall)}`
          : `Over target: ${fmt.money(record.over)}`,
      `Attainment: ${fmt.ratio(record.attainment)}`,
      `Coverage: ${fmt.ratio(record.coverage)}`,
    ]);
  };

  const option = {
    ...baseOption(description),
    legend: legendOf(['Closed won', 'Expected revenue', 'Target']),
    grid: { left: 8, right: 24, top: 16, bottom: 40 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (params: unknown) => tooltip(dataIndexOf(params)),
    },
    xAxis: moneyAxis(fmt),
    // Inverse, so members read top to bottom in the API's order.
    // Each member's attainment and coverage under its name, where no bar or target marker can cover it.
    yAxis: {
      type: 'category' as const,
      inverse: true,
      data: members.map(({ name }) => name),
      axisLabel: { interval: 0, formatter: (name: string, index: number) => `${name}\n${summary(index)}`, lineHeight: 16 },
    },
    series: [
      {
        type: 'bar' as const,
        name: 'Closed won',
        stack: 'revenue',
        barMaxWidth: 28,
        itemStyle: { color: seriesColour(0), ...SEGMENT_BORDER },
        data: members.map(({ targetRecord }) => targetRecord.closedWon),
      },
      {
        type: 'bar' as const,
        name: 'Expected revenue',
        stack: 'revenue',
        barMaxWidth: 28,
        itemStyle: { color: seriesColour(1), ...SEGMENT_BORDER },
        data: members.map(({ targetRecord }) => targetRecord.expectedRevenue),
      },
      {
        // A bar across each member's bar at the target; members without one have no marker.
        type: 'scatter' as const,
        name: 'Target',
        symbol: 'rect',
        symbolSize: [4, 30],
        itemStyle: { color: NEUTRAL_COLOUR, opacity: 1, decal: NO_DECAL },
        z: 3,
        data: members.flatMap(({ targetRecord }, index) => (targetRecord.target === null ? [] : [[targetRecord.target, index]])),
      },
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
