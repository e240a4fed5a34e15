/**
 * Chart 1: closed won against the target of a scope (rep, team, company) for a period, as
 * a gauge whose red, amber and green bands are the engine's breakpoints for this target.
 */
import type { GaugeStatus, TargetRecord } from '#core/targets/target-record.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { baseOption, chartModel, tableOf } from './option-parts.js';
import { NEUTRAL_COLOUR, STATUS_COLOURS, TEXT_COLOUR } from './palette.js';

export interface TargetGaugeContext {
  /** Whose figures: "Dave Apthorp", "EMEA", "Acme Ltd". */
  readonly scopeName: string;
  /** The period as the API names it: `2016-02`, `2016-Q1`, `2016-FY`. */
  readonly period: string;
}

/** The dial runs a fifth past the target, so the green band has room (6/5: exact in whole minor units). */
const dialEndOf = (target: number): number => (target * 6) / 5;

const STATUS_WORDS: Readonly<Record<GaugeStatus, string>> = {
  red: 'Red: well short of target',
  amber: 'Amber: short of target',
  green: 'Green: target reached',
};

export function targetGaugeChart(record: TargetRecord, context: TargetGaugeContext, fmt: Formatters): ChartModel {
  const period = fmt.period(context.period);
  const { target, closedWon, attainment, gauge } = record;
  const title = 'Closed won against target';
  const table = tableOf(
    fmt,
    [
      { key: 'target', label: 'Target', kind: 'money' },
      { key: 'closedWon', label: 'Closed won', kind: 'money' },
      { key: 'attainment', label: 'Attainment', kind: 'ratio' },
      { key: 'amberFrom', label: 'Amber from', kind: 'money' },
      { key: 'greenFrom', label: 'Green from', kind: 'money' },
      { key: 'status', label: 'Status', kind: 'text' },
    ],
    [
      {
        target,
        closedWon,
        attainment,
        amberFrom: gauge.amberFrom,
        greenFrom: gauge.greenFrom,
        status: gauge.status === null ? null : STATUS_WORDS[gauge.status],
      },
    ],
  );

  if (target === null || gauge.status === null || gauge.amberFrom === null || gauge.greenFrom === null || target <= 0) {
    return chartModel({
      title,
      description: `${context.scopeName}, ${period}: ${fmt.money(closedWon)} closed won; no target to measure it against.`,
      option: null,
      table,
      emptyMessage:
        target === null
          ? `No target set for ${context.scopeName} in ${period}.`
          : `The target for ${context.scopeName} in ${period} is zero: there is nothing to measure closed won against.`,
    });
  }

  const { amberFrom, greenFrom, status } = gauge;
  const max = Math.max(dialEndOf(greenFrom), closedWon);
  const description =
    `${context.scopeName}, ${period}: ${fmt.money(closedWon)} closed won of a ${fmt.money(target)} target ` +
    `(${fmt.ratio(attainment)}). ${STATUS_WORDS[status]} (amber from ${fmt.money(amberFrom)}, green from ${fmt.money(greenFrom)}).`;
  const dial = { min: 0, max, startAngle: 200, endAngle: -20, radius: '90%', center: ['50%', '58%'] };
  const option = {
    ...baseOption(description),
    series: [
      {
        ...dial,
        type: 'gauge' as const,
        name: 'Closed won against target',
        splitNumber: 6,
        axisLine: {
          lineStyle: {
            width: 16,
            color: [
              [amberFrom / max, STATUS_COLOURS.red],
              [greenFrom / max, STATUS_COLOURS.amber],
              [1, STATUS_COLOURS.green],
            ] as Array<[number, string]>,
          },
        },
        axisTick: { distance: -16, length: 6, lineStyle: { color: '#FFFFFF', width: 1 } },
        splitLine: { distance: -16, length: 16, lineStyle: { color: '#FFFFFF', width: 2 } },
        axisLabel: { distance: 30, color: TEXT_COLOUR, fontSize: 11, formatter: (value: number) => fmt.moneyCompact(value) },
        title: { color: TEXT_COLOUR },
        data: [
          {
            name: 'Closed won',
            value: closedWon,
            itemStyle: { color: TEXT_COLOUR },
            pointer: { width: 6, length: '70%' },
            title: { offsetCenter: [0, '28%'], fontSize: 13 },
            detail: {
              offsetCenter: [0, '58%'],
              color: TEXT_COLOUR,
              fontSize: 14,
              lineHeight: 20,
              formatter: () => `${fmt.money(closedWon)}\n${fmt.ratio(attainment)} of ${fmt.money(target)} target\n${STATUS_WORDS[status]}`,
            },
          },
        ],
      },
      {
        // The target as a notch across the dial's rim, where the green band starts: a second
        // gauge over the first, since a gauge's pointer shape is set for the whole series.
        ...dial,
        type: 'gauge' as const,
        name: 'Target',
        axisLine: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { icon: 'rect', width: 5, length: '20%', offsetCenter: [0, '-86%'], itemStyle: { color: NEUTRAL_COLOUR } },
        title: { show: false },
        detail: { show: false },
        data: [{ name: 'Target', value: target }],
      },
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
