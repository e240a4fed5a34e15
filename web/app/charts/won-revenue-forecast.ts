/**
 * The forecast beside the target gauge: the chance of reaching the target (the card's title),
 * and where won revenue ends the period, four ways on one money axis: the simulated range
 * (P10 to P90, the middle outcome P50 marked) and the three expected figures (as today by
 * stage probability, calibrated on history, slip-adjusted), each as closed won so far plus
 * what the open deals are expected to add, against the target. Every figure is the API's
 * (`GET /forecasts`); the only arithmetic is the drawing's (a range bar's offset).
 */
import type { ScopeForecast } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { baseOption, chartModel, dataIndexOf, moneyAxis, NO_DECAL, SEGMENT_BORDER, tableOf, tooltipLines } from './option-parts.js';
import { NEUTRAL_COLOUR, seriesColour, TEXT_COLOUR } from './palette.js';

export interface ForecastContext {
  /** Whose forecast: "Dave Apthorp", "EMEA", "Acme Ltd". */
  readonly scopeName: string;
}

/** The rows of the chart, top to bottom (short: a card is narrow; the table and tooltips say each in full). */
const ROWS = [
  { key: 'simulated', label: 'Simulated P10–P90' },
  { key: 'slipAdjusted', label: 'Slip-adjusted' },
  { key: 'calibrated', label: 'Calibrated' },
  { key: 'stageProbability', label: 'As today' },
] as const;

const FULL_LABELS: Readonly<Record<string, string>> = {
  slipAdjusted: 'Expected, slip-adjusted (win rate × chance of closing in the period)',
  calibrated: 'Expected, calibrated (learned win rates)',
  stageProbability: 'Expected as today (stage probabilities)',
};

/** "Rates learned 1 Dec 2026", or that the forecast uses the configured stage probabilities. */
export function ratesText(ratesLearnedAt: string | null, fmt: Formatters): string {
  return ratesLearnedAt === null
    ? 'Rates not learned yet: the stage probabilities stand in for win rates.'
    : `Rates learned ${fmt.date(ratesLearnedAt)}.`;
}

/** The headline: "73.0% chance of reaching the £150,000.00 target", or why there is none. */
export function chanceText(forecast: ScopeForecast, fmt: Formatters): string {
  const { target, simulation } = forecast;
  if (target === null || simulation.probabilityOfReachingTarget === null) return 'Won revenue forecast (no target set)';
  return `${fmt.ratio(simulation.probabilityOfReachingTarget)} chance of reaching the ${fmt.money(target)} target`;
}

export function wonRevenueForecastChart(forecast: ScopeForecast, context: ForecastContext, fmt: Formatters): ChartModel {
  const { target, wonSoFar, expected, projectedWon, simulation, period } = forecast;
  const periodName = fmt.period(period.label);
  const title = chanceText(forecast, fmt);
  const description =
    `${context.scopeName}, won revenue by the end of ${periodName}: ${fmt.money(wonSoFar)} won so far and ` +
    `${fmt.deals(forecast.openDeals)} open (${fmt.money(forecast.pipeline)}). In ${fmt.count(simulation.draws)} simulated outcomes, ` +
    `8 in 10 end between ${fmt.money(simulation.p10)} (P10) and ${fmt.money(simulation.p90)} (P90), the middle one at ` +
    `${fmt.money(simulation.p50)} (P50). ${ratesText(forecast.ratesLearnedAt, fmt)}`;
  const table = tableOf(
    fmt,
    [
      { key: 'figure', label: 'Figure', kind: 'text' },
      { key: 'amount', label: 'Won revenue by period end', kind: 'money' },
      { key: 'open', label: 'From open deals', kind: 'money' },
      { key: 'share', label: 'Chance', kind: 'ratio' },
    ],
    [
      { figure: 'Target', amount: target, open: null, share: null },
      { figure: 'Closed won so far', amount: wonSoFar, open: null, share: null },
      { figure: 'Open pipeline', amount: null, open: forecast.pipeline, share: null },
      {
        figure: 'Expected as today (stage probability)',
        amount: projectedWon.stageProbability,
        open: expected.stageProbability,
        share: null,
      },
      { figure: 'Expected, calibrated on history', amount: projectedWon.calibrated, open: expected.calibrated, share: null },
      { figure: 'Expected, slip-adjusted', amount: projectedWon.slipAdjusted, open: expected.slipAdjusted, share: null },
      { figure: 'Simulated P10 (9 in 10 outcomes reach it)', amount: simulation.p10, open: null, share: null },
      { figure: 'Simulated P50 (the middle outcome)', amount: simulation.p50, open: null, share: null },
      { figure: 'Simulated P90 (1 in 10 outcomes reach it)', amount: simulation.p90, open: null, share: null },
      { figure: 'Simulated mean', amount: simulation.mean, open: null, share: null },
      { figure: 'Chance of reaching target', amount: null, open: null, share: simulation.probabilityOfReachingTarget },
      { figure: 'Standard error of the chance', amount: null, open: null, share: simulation.standardError },
    ],
  );

  const projected = [null, projectedWon.slipAdjusted, projectedWon.calibrated, projectedWon.stageProbability];
  const fromOpen = [null, expected.slipAdjusted, expected.calibrated, expected.stageProbability];
  const rowTooltip = (index: number): string => {
    const row = ROWS[index];
    if (!row) return '';
    if (row.key === 'simulated')
      return tooltipLines([
        `${context.scopeName}, ${periodName}: ${fmt.count(simulation.draws)} simulated outcomes`,
        `P10 ${fmt.money(simulation.p10)} · P50 ${fmt.money(simulation.p50)} · P90 ${fmt.money(simulation.p90)}`,
        ...(target === null ? [] : [`${title}`]),
      ]);
    return tooltipLines([
      FULL_LABELS[row.key] ?? row.label,
      `${fmt.money(projected[index] ?? null)} by period end`,
      `${fmt.money(wonSoFar)} won so far + ${fmt.money(fromOpen[index] ?? null)} from open deals`,
      ...(target === null ? [] : [`Target ${fmt.money(target)}`]),
    ]);
  };
  const option = {
    ...baseOption(description),
    // Wrapped rather than scrolled: five short names, all worth seeing at once.
    legend: {
      type: 'plain' as const,
      bottom: 0,
      data: [
        'Closed won so far',
        'Expected from open deals',
        'Likely range (P10–P90)',
        'Middle outcome (P50)',
        ...(target === null ? [] : ['Target']),
      ],
    },
    // Room for the legend on three lines (a phone).
    grid: { left: 8, right: 72, top: 8, bottom: 100 },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      formatter: (params: unknown) => rowTooltip(dataIndexOf(params)),
    },
    xAxis: moneyAxis(fmt),
    // Inverse, so the simulated range is on top.
    yAxis: { type: 'category' as const, inverse: true, data: ROWS.map((row) => row.label) },
    series: [
      {
        type: 'bar' as const,
        name: 'Closed won so far',
        stack: 'revenue',
        barMaxWidth: 28,
        itemStyle: { color: seriesColour(0), ...SEGMENT_BORDER },
        data: ['-', wonSoFar, wonSoFar, wonSoFar],
      },
      {
        type: 'bar' as const,
        name: 'Expected from open deals',
        stack: 'revenue',
        barMaxWidth: 28,
        itemStyle: { color: seriesColour(1), ...SEGMENT_BORDER },
        label: {
          show: true,
          position: 'right' as const,
          color: TEXT_COLOUR,
          formatter: (params: { dataIndex: number }) => fmt.moneyCompact(projected[params.dataIndex] ?? null),
        },
        data: ['-', expected.slipAdjusted, expected.calibrated, expected.stageProbability],
      },
      {
        // Not drawn: lifts the range bar to start at P10.
        type: 'bar' as const,
        name: 'Range start',
        stack: 'revenue',
        silent: true,
        itemStyle: { color: 'transparent', borderColor: 'transparent', decal: NO_DECAL },
        emphasis: { disabled: true },
        data: [simulation.p10, '-', '-', '-'],
      },
      {
        type: 'bar' as const,
        name: 'Likely range (P10–P90)',
        stack: 'revenue',
        barMaxWidth: 28,
        itemStyle: { color: seriesColour(4), ...SEGMENT_BORDER },
        label: {
          show: true,
          position: 'right' as const,
          color: TEXT_COLOUR,
          formatter: () => `${fmt.moneyCompact(simulation.p10)}–${fmt.moneyCompact(simulation.p90)}`,
        },
        data: [simulation.p90 - simulation.p10, '-', '-', '-'],
      },
      {
        type: 'scatter' as const,
        name: 'Middle outcome (P50)',
        symbol: 'diamond',
        symbolSize: 16,
        z: 4,
        itemStyle: { color: TEXT_COLOUR, borderColor: '#FFFFFF', borderWidth: 1, opacity: 1, decal: NO_DECAL },
        data: [[simulation.p50, 0]],
      },
      ...(target === null
        ? []
        : [
            {
              type: 'scatter' as const,
              name: 'Target',
              symbol: 'rect',
              symbolSize: [4, 32],
              z: 3,
              itemStyle: { color: NEUTRAL_COLOUR, opacity: 1, decal: NO_DECAL },
              data: ROWS.map((_, index) => [target, index]),
            },
          ]),
    ],
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
