/**
 * The text `npm run backtest` prints: the learned rates (each stage, then its cells, with
 * the counts behind every rate and where it came from) and a scope's backtest (each month's
 * forecast made at its start against what happened, then the Brier score, the calibration
 * table and each figure's error). Money in major units (minor / 100), whole.
 */
import type { BacktestSummary, FigureError, LearnedRates, ScopeBacktest } from '#core/forecasts/forecast-model.js';
import type { Scope } from '#core/organisation/scope.js';

type Align = 'left' | 'right';

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        (align?.[column] ?? (column === 0 ? 'left' : 'right')) === 'left'
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

export const money = (minor: number): string => Math.round(minor / 100).toLocaleString('en-US');
const rate = (value: number): string => value.toFixed(3);
const percent = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(1)} %`);
const orDash = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : String(value));

export function scopeLabel(scope: Scope): string {
  return scope.kind === 'company' ? 'the company' : scope.kind === 'team' ? `team ${scope.teamId}` : `rep ${scope.repId}`;
}

export function formatLearnedRates(rates: LearnedRates): string[] {
  const lines = [
    rates.learnedAt === null
      ? 'Learned rates: none yet (before the first refresh every stage forecasts with its configured probability, no slip risk).'
      : `Learned rates as at ${rates.learnedAt}, from ${rates.closedDeals.toLocaleString('en-US')} closed deals; a rate needs ${rates.minObservations} observations, else the fallback (cell -> stage -> configured / assumed). Average sales cycle: ${orDash(rates.averageSalesCycleDays)} days.`,
    '',
    ...textTable(
      [
        'stage',
        'configured',
        'observed',
        'won',
        'win rate',
        'source',
        'due obs',
        'closed within 0/1/2 months',
        'source',
        'median days in stage',
      ],
      rates.stages.map((stage) => [
        stage.stageId,
        `${stage.configuredProbability} %`,
        String(stage.win.observations),
        String(stage.win.won),
        rate(stage.winRate),
        stage.winRateSource,
        String(stage.onTime.observations),
        stage.closedWithin.map(rate).join(' / '),
        stage.closedWithinSource,
        orDash(stage.medianDaysInStage),
      ]),
    ),
  ];
  const cells = rates.stages.flatMap((stage) => stage.cells);
  if (cells.length > 0) {
    lines.push(
      '',
      'Cells (stage, close-month extensions, days since the last stage change): counts, and the rates they give where there are enough.',
      ...textTable(
        ['stage', 'ext', 'days', 'observed', 'won', 'win rate', 'due obs', 'closed within 0/1/2'],
        cells.map((cell) => [
          cell.stageId,
          cell.extensions,
          cell.sinceStageChange,
          String(cell.win.observations),
          String(cell.win.won),
          cell.win.observations >= rates.minObservations ? rate(cell.win.won / cell.win.observations) : '(too few)',
          String(cell.onTime.observations),
          cell.onTime.observations >= rates.minObservations
            ? cell.onTime.closedWithin.map((count) => rate(count / cell.onTime.observations)).join(' / ')
            : '(too few)',
        ]),
        ['left', 'left', 'left'],
      ),
    );
  }
  return lines;
}

function errorRow(name: string, error: FigureError): string[] {
  return [name, money(error.meanAbsoluteError), money(error.bias), percent(error.weightedAbsolutePercentageError)];
}

export function formatSummary(title: string, summary: BacktestSummary): string[] {
  return [
    `${title}: ${summary.scoredMonths} month(s) with a target scored; Brier score ${summary.brierScore === null ? '-' : summary.brierScore.toFixed(4)} (0 is perfect, 0.25 is a coin toss).`,
    '',
    'Calibration of the probability of reaching target:',
    ...textTable(
      ['forecast p', 'forecasts', 'mean p', 'reached'],
      summary.calibration.map((bin) => [
        `${bin.from.toFixed(1)}-${bin.to.toFixed(1)}`,
        String(bin.forecasts),
        bin.meanProbability === null ? '-' : rate(bin.meanProbability),
        bin.observedRate === null ? '-' : rate(bin.observedRate),
      ]),
      ['left'],
    ),
    '',
    'Error of each projected figure against what was won:',
    ...textTable(
      ['figure', 'mean abs error', 'bias', 'WAPE'],
      [
        errorRow('as today (stage probability)', summary.errors.stageProbability),
        errorRow('calibrated', summary.errors.calibrated),
        errorRow('slip-adjusted', summary.errors.slipAdjusted),
        errorRow('P50', summary.errors.p50),
      ],
      ['left'],
    ),
  ];
}

export function formatBacktest(backtest: ScopeBacktest): string[] {
  if (backtest.computedAt === null) return [`Backtest of ${scopeLabel(backtest.scope)}: none yet (no refresh has run).`];
  const lines = [
    `Backtest of ${scopeLabel(backtest.scope)}, computed ${backtest.computedAt}: each month forecast at its first instant with the rates known then, against what was won.`,
    '',
    ...textTable(
      ['month', 'target', 'as today', 'calibrated', 'slip-adj.', 'P10', 'P50', 'P90', 'P(reach)', 'actual', 'reached'],
      backtest.months.map((month) => [
        month.month,
        month.target === null ? '-' : money(month.target),
        money(month.projectedWon.stageProbability),
        money(month.projectedWon.calibrated),
        money(month.projectedWon.slipAdjusted),
        money(month.p10),
        money(month.p50),
        money(month.p90),
        month.probabilityOfReachingTarget === null ? '-' : rate(month.probabilityOfReachingTarget),
        money(month.actualWon),
        month.reachedTarget === null ? '-' : month.reachedTarget ? 'yes' : 'no',
      ]),
    ),
    '',
    ...formatSummary('Summary', backtest.summary),
  ];
  if (backtest.repMonths) lines.push('', ...formatSummary(`Every rep-month of ${scopeLabel(backtest.scope)}`, backtest.repMonths));
  return lines;
}
