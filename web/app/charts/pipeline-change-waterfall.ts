/**
 * Chart 9: how the open pipeline at one instant became the open pipeline at a later one, as
 * a waterfall: the opening pipeline, each movement that added to it, each that took from
 * it, and the closing pipeline, in the report's order and with the report's figures.
 *
 * Encoding: horizontal bars stacked on an invisible base. A step's visible bar is its
 * amount; its base is where the pipeline stood before an addition, or after a
 * subtraction, so each bar spans the pipeline's move. The opening and closing bars start
 * at zero and are the report's own figures; the bases are the only arithmetic here, in
 * whole minor units, and the chart is drawn only when they land exactly on the report's
 * closing (the engine balances every report: opening + in − out = closing).
 */
import type { MovementFigures, MovementRow, MovementTerm } from '#core/pipeline/pipeline-movement.js';
import type { PipelineChangeReport } from '#core/pipeline/read-pipeline-change.js';
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
  tableOf,
  tooltipLines,
} from './option-parts.js';
import { DECREASE_COLOUR, INCREASE_COLOUR, NEUTRAL_COLOUR, TEXT_COLOUR } from './palette.js';

/** The terms that add to the pipeline, in the report's order (core's MOVEMENTS_IN). */
export const TERMS_IN = [
  'new',
  'reopened',
  'pulledIn',
  'slippedIn',
  'reassignedIn',
  'movedIn',
  'grown',
] as const satisfies readonly MovementTerm[];
/** The terms that take from it, in the report's order (core's MOVEMENTS_OUT). */
export const TERMS_OUT = [
  'shrunk',
  'movedOut',
  'won',
  'lost',
  'removed',
  'slippedOut',
  'pulledOut',
  'reassignedOut',
] as const satisfies readonly MovementTerm[];

/** What each movement means, for a sales manager. */
export const TERM_LABELS: Readonly<Record<MovementTerm, string>> = {
  new: 'New deals',
  reopened: 'Reopened deals',
  pulledIn: 'Brought forward from later months',
  slippedIn: 'Slipped in from earlier months',
  reassignedIn: 'Reassigned in',
  movedIn: 'Moved in from other stages',
  grown: 'Amounts increased',
  shrunk: 'Amounts reduced',
  movedOut: 'Moved out to other stages',
  won: 'Won',
  lost: 'Lost',
  removed: 'Deleted',
  slippedOut: 'Slipped to later months',
  pulledOut: 'Brought forward to earlier months',
  reassignedOut: 'Reassigned out',
};

export type WaterfallEffect = 'opening' | 'in' | 'out' | 'closing';

export interface WaterfallStep {
  readonly key: 'opening' | MovementTerm | 'closing';
  readonly label: string;
  readonly effect: WaterfallEffect;
  /** The report's figures for the step (amounts never negative: the effect is the sign). */
  readonly figures: MovementFigures;
  /** Where the visible bar starts (minor units): the invisible base. */
  readonly base: number;
}

const EFFECT_WORDS: Readonly<Record<WaterfallEffect, string>> = {
  opening: 'Opening pipeline',
  in: 'Added',
  out: 'Taken away',
  closing: 'Closing pipeline',
};

export interface PipelineChangeContext {
  readonly scopeName: string;
}

/**
 * The steps of a movement row: opening, the terms in then out that moved any amount or
 * deal, closing. `balanced` says whether the steps land on the report's closing.
 */
export function waterfallSteps(
  row: MovementRow,
  labels: { opening: string; closing: string },
): { steps: WaterfallStep[]; balanced: boolean } {
  const steps: WaterfallStep[] = [{ key: 'opening', label: labels.opening, effect: 'opening', figures: row.opening, base: 0 }];
  let level = row.opening.amount;
  for (const term of TERMS_IN) {
    const figures = row[term];
    if (figures.amount === 0 && figures.count === 0) continue;
    steps.push({ key: term, label: TERM_LABELS[term], effect: 'in', figures, base: level });
    level += figures.amount;
  }
  for (const term of TERMS_OUT) {
    const figures = row[term];
    if (figures.amount === 0 && figures.count === 0) continue;
    level -= figures.amount;
    steps.push({ key: term, label: TERM_LABELS[term], effect: 'out', figures, base: level });
  }
  steps.push({ key: 'closing', label: labels.closing, effect: 'closing', figures: row.closing, base: 0 });
  return { steps, balanced: level === row.closing.amount };
}

function closeWindowText(report: PipelineChangeReport, fmt: Formatters): string {
  const { fromMonth, toMonth } = report.closeWindow ?? {};
  if (fromMonth !== undefined && toMonth !== undefined)
    return fromMonth === toMonth
      ? `, deals closing in ${fmt.month(fromMonth)}`
      : `, deals closing from ${fmt.month(fromMonth)} to ${fmt.month(toMonth)}`;
  if (fromMonth !== undefined) return `, deals closing in ${fmt.month(fromMonth)} or later`;
  if (toMonth !== undefined) return `, deals closing in ${fmt.month(toMonth)} or earlier`;
  return '';
}

export function pipelineChangeWaterfallChart(report: PipelineChangeReport, context: PipelineChangeContext, fmt: Formatters): ChartModel {
  const from = fmt.date(report.from);
  const to = fmt.date(report.to);
  const { total } = report;
  const { steps, balanced } = waterfallSteps(total, { opening: `Pipeline on ${from}`, closing: `Pipeline on ${to}` });
  const title = 'How the open pipeline changed';
  const description =
    `${context.scopeName}${closeWindowText(report, fmt)}: the open pipeline went from ${fmt.money(total.opening.amount)} ` +
    `on ${from} to ${fmt.money(total.closing.amount)} on ${to}; each bar between is what was added or taken away, and why.`;
  const table = tableOf(
    fmt,
    [
      { key: 'step', label: 'Step', kind: 'text' },
      { key: 'effect', label: 'Effect', kind: 'text' },
      { key: 'amount', label: 'Amount', kind: 'money' },
      { key: 'count', label: 'Deals', kind: 'count' },
    ],
    steps.map((step) => ({ step: step.label, effect: EFFECT_WORDS[step.effect], amount: step.figures.amount, count: step.figures.count })),
  );
  if (steps.every((step) => step.figures.amount === 0 && step.figures.count === 0)) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: `${context.scopeName} had no open pipeline on ${from} or on ${to}, and none came or went in between.`,
    });
  }
  if (!balanced) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: 'These movements do not add up to the closing pipeline, so no waterfall is drawn; the table lists them as reported.',
    });
  }

  const only = (effects: readonly WaterfallEffect[]) => steps.map((step) => (effects.includes(step.effect) ? step.figures.amount : '-'));
  const visible = { stack: 'waterfall', barMaxWidth: 28, type: 'bar' as const };
  const option = {
    ...baseOption(description),
    legend: legendOf(['Pipeline', 'Added', 'Taken away']),
    grid: { left: 8, right: 72, top: 16, bottom: 40 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (params: unknown) => {
        const step = steps[dataIndexOf(params)];
        if (!step) return '';
        const amount =
          step.effect === 'in'
            ? fmt.moneyChange(step.figures.amount)
            : step.effect === 'out'
              ? fmt.moneyChange(-step.figures.amount)
              : fmt.money(step.figures.amount);
        return tooltipLines([step.label, amount, fmt.deals(step.figures.count)]);
      },
    },
    xAxis: moneyAxis(fmt),
    yAxis: { type: 'category' as const, inverse: true, data: steps.map((step) => step.label) },
    series: [
      {
        // The invisible base each visible bar stands on: no colour, no pattern, no tooltip.
        type: 'bar' as const,
        name: 'Base',
        stack: 'waterfall',
        silent: true,
        itemStyle: { color: 'transparent', borderColor: 'transparent', decal: NO_DECAL },
        emphasis: { disabled: true },
        tooltip: { show: false },
        data: steps.map((step) => step.base),
      },
      {
        ...visible,
        name: 'Pipeline',
        itemStyle: { color: NEUTRAL_COLOUR, ...SEGMENT_BORDER },
        label: {
          show: true,
          position: 'right' as const,
          color: TEXT_COLOUR,
          formatter: (params: { value: unknown }) => fmt.moneyCompact(Number(params.value)),
        },
        data: only(['opening', 'closing']),
      },
      {
        ...visible,
        name: 'Added',
        itemStyle: { color: INCREASE_COLOUR, ...SEGMENT_BORDER },
        label: {
          show: true,
          position: 'right' as const,
          color: TEXT_COLOUR,
          formatter: (params: { value: unknown }) => fmt.moneyChangeCompact(Number(params.value)),
        },
        data: only(['in']),
      },
      {
        ...visible,
        name: 'Taken away',
        itemStyle: { color: DECREASE_COLOUR, ...SEGMENT_BORDER },
        label: {
          show: true,
          position: 'right' as const,
          color: TEXT_COLOUR,
          formatter: (params: { value: unknown }) => fmt.moneyChangeCompact(-Number(params.value)),
        },
        data: only(['out']),
      },
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
