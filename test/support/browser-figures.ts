/**
 * What each chart's table must show, worked out by the test from the API's own answers to the
 * requests the page made (sent again by the test with the same caller's token), so that a
 * passing test means the page shows the engine's figures: not figures of its own making, not
 * another scope's, not another period's. Written from the API documents' meaning, not from
 * the chart builders' code: a column is named by the label a reader sees, and a figure is
 * compared as a number (a money cell as the engine's minor units, a ratio to the tenth of a
 * percent the page shows), never as the formatted text.
 */
import { MOVEMENTS_IN, MOVEMENTS_OUT } from '#core/pipeline/pipeline-movement.js';
import { type CardTable, type ChartId, figureOf } from './browser.js';
import { expectedLeadRows } from './browser-lead-figures.js';

/** A GET the page made, and what the API answers to it when the test sends it again. */
export interface ApiAnswer {
  /** Path and query, as the page sent them. */
  readonly path: string;
  readonly status: number;
  readonly body: any;
}

export type ExpectedCell =
  | { readonly kind: 'money' | 'count' | 'days' | 'percent' | 'ratio'; readonly value: number | null }
  | { readonly kind: 'text'; readonly value: string | null };

/** The cells of one row that the test checks, by column label (the page may show more columns). */
export type ExpectedRow = Readonly<Record<string, ExpectedCell>>;

const money = (value: number | null): ExpectedCell => ({ kind: 'money', value });
const count = (value: number | null): ExpectedCell => ({ kind: 'count', value });
const days = (value: number | null): ExpectedCell => ({ kind: 'days', value });
const percent = (value: number | null): ExpectedCell => ({ kind: 'percent', value });
const ratio = (value: number | null): ExpectedCell => ({ kind: 'ratio', value });
const text = (value: string | null): ExpectedCell => ({ kind: 'text', value });

/** The currency's minor units per major unit (the test company keeps the default currency, with cents). */
const MINOR_PER_MAJOR = 100;

function find(
  answers: readonly ApiAnswer[],
  pattern: RegExp,
  description: string,
  which: (answer: ApiAnswer) => boolean = () => true,
): ApiAnswer {
  const found = answers.filter((answer) => pattern.test(answer.path) && which(answer));
  if (found.length !== 1)
    throw new Error(
      `expected the page to ask the API once for ${description}, found ${found.length}: ${answers.map((a) => a.path).join(', ')}`,
    );
  return found[0] as ApiAnswer;
}

const periodAnswer = (answers: readonly ApiAnswer[]) =>
  find(answers, /^\/(company|teams\/[^/?]+|reps\/[^/?]+)\/periods\/[^/?]+$/, 'the period');
const seriesAnswers = (answers: readonly ApiAnswer[]) =>
  answers.filter((answer) => /^\/(company|teams\/[^/?]+|reps\/[^/?]+)\/months\?/.test(answer.path));
/** The fiscal year's months (12) for the month charts; the coming months (6) for the close-month chart. */
const fiscalYearSeries = (answers: readonly ApiAnswer[]) =>
  find(
    answers,
    /\/months\?/,
    'the fiscal year month by month',
    (answer) => seriesAnswers([answer]).length === 1 && answer.body.months?.length === 12,
  );
const comingMonthsSeries = (answers: readonly ApiAnswer[]) =>
  find(
    answers,
    /\/months\?/,
    'the coming six close months',
    (answer) => seriesAnswers([answer]).length === 1 && answer.body.months?.length === 6,
  );

/** The forecast of the view's period (`GET /forecasts`): of a quarter, the one of the most months (the chart also asks its months'). */
function viewForecast(answers: readonly ApiAnswer[]): ApiAnswer {
  const forecasts = answers.filter((answer) => /^\/forecasts\?/.test(answer.path));
  const most = Math.max(...forecasts.map((answer) => answer.body?.period?.months?.length ?? 0));
  return find(answers, /^\/forecasts\?/, "the view's forecast", (answer) => answer.body?.period?.months?.length === most);
}

/** The figures of a target record as the target charts' columns name them. */
function targetColumns(record: any): ExpectedRow {
  return {
    Target: money(record.target),
    'Closed won': money(record.closedWon),
    'Expected revenue': money(record.expectedRevenue),
    Shortfall: money(record.shortfall),
    'Over target': money(record.over),
    Attainment: ratio(record.attainment),
    Coverage: ratio(record.coverage),
  };
}

/** Stage names of the open stages in the order a record lists them. */
const openStages = (record: any): any[] => record.pipelineByStage.filter((stage: any) => stage.outcome === 'open');

/** The expected rows of a chart's table, from the API's answers for the view; undefined for a chart the test does not know. */
export function expectedRows(chart: ChartId, answers: readonly ApiAnswer[]): ExpectedRow[] {
  switch (chart) {
    case 'target-gauge': {
      const record = periodAnswer(answers).body.targetRecord;
      return [
        {
          Target: money(record.target),
          'Closed won': money(record.closedWon),
          Attainment: ratio(record.attainment),
          'Amber from': money(record.gauge.amberFrom),
          'Green from': money(record.gauge.greenFrom),
        },
      ];
    }
    case 'members-over-under':
      return periodAnswer(answers).body.members.map((member: any) => ({
        Member: text(member.name),
        ...targetColumns(member.targetRecord),
      }));
    case 'pipeline-by-stage':
      return openStages(periodAnswer(answers).body.targetRecord).map((stage) => ({
        Stage: text(stage.name),
        'Stage probability': percent(stage.probability),
        Deals: count(stage.count),
        Amount: money(stage.amount),
      }));
    case 'target-by-month':
      return fiscalYearSeries(answers).body.months.map((month: any) => targetColumns(month.targetRecord));
    case 'closed-won-by-month': {
      const { months } = fiscalYearSeries(answers).body;
      const names = new Map<string, string>();
      for (const month of months) for (const member of month.members) names.set(`${member.kind}:${member.id}`, member.name);
      return months.map((month: any) => {
        const row: Record<string, ExpectedCell> = { 'Total closed won': money(month.targetRecord.closedWon) };
        for (const [key, name] of names) {
          const member = month.members.find((candidate: any) => `${candidate.kind}:${candidate.id}` === key);
          row[name] = money(member ? member.closedWon : null);
        }
        return row;
      });
    }
    case 'pipeline-by-close-month': {
      const { months } = comingMonthsSeries(answers).body;
      const stageNames = new Map<string, string>();
      for (const month of months) for (const stage of openStages(month.targetRecord)) stageNames.set(stage.stageId, stage.name);
      return months.map((month: any) => {
        const row: Record<string, ExpectedCell> = {
          'Open pipeline': money(month.targetRecord.pipeline),
          'Expected revenue': money(month.targetRecord.expectedRevenue),
        };
        for (const [stageId, name] of stageNames) {
          const stage = month.targetRecord.pipelineByStage.find((candidate: any) => candidate.stageId === stageId);
          row[name] = money(stage ? stage.amount : null);
        }
        return row;
      });
    }
    case 'trend-monthly':
    case 'trend-weekly': {
      const series = chart === 'trend-monthly' ? 'monthly' : 'weekly';
      const trend = find(answers, new RegExp(`^/pipeline/trend\\?(.*&)?series=${series}(&|$)`), `the ${series} pipeline trend`).body;
      const stageNames = new Map<string, string>();
      for (const point of trend.points) for (const stage of point.snapshot?.byStage ?? []) stageNames.set(stage.stageId, stage.name);
      const changeTo = new Map(trend.changes.map((change: any) => [change.to, change.total.amountDelta]));
      return trend.points.map((point: any) => {
        const row: Record<string, ExpectedCell> = {
          'Open pipeline': money(point.snapshot?.total.amount ?? null),
          Deals: count(point.snapshot?.total.count ?? null),
          'Change since the previous snapshot': money((changeTo.get(point.asAt) as number | undefined) ?? null),
        };
        for (const [stageId, name] of stageNames) {
          const stage = point.snapshot?.byStage.find((candidate: any) => candidate.stageId === stageId);
          row[name] = money(point.snapshot ? (stage?.amount ?? 0) : null);
        }
        return row;
      });
    }
    case 'pipeline-change': {
      // Opening, every movement in then out (the engine's terms, in its order) that moved an amount or a deal, closing.
      const { total } = find(answers, /^\/pipeline\/change\?/, 'the pipeline change').body;
      const moved = [...MOVEMENTS_IN, ...MOVEMENTS_OUT]
        .map((term) => total[term] as { amount: number; count: number })
        .filter((figures) => figures.amount !== 0 || figures.count !== 0);
      return [total.opening, ...moved, total.closing].map((figures) => ({ Amount: money(figures.amount), Deals: count(figures.count) }));
    }
    case 'quality-table':
      return find(answers, /^\/quality\?/, 'the quality table').body.rows.map((row: any) => ({
        Deal: text(row.name),
        Account: text(row.account),
        Amount: money(row.amount),
        'Close-month extensions': count(row.closeMonthExtensions),
        'Days since stage change': days(row.daysSinceLastStageChange),
        'Days open': days(row.daysOpen),
      }));
    case 'rep-commission': {
      const record = find(answers, /^\/reps\/[^/?]+\/months\/\d{4}-\d{2}$/, "the rep's month").body.commissionRecord;
      const figures = (pool: any): ExpectedRow => ({
        'Closed won revenue': money(pool.wonRevenue),
        'Open revenue': money(pool.openRevenue),
        'Commission earned': money(pool.earned),
        'Pipeline commission': money(pool.pipelineCommission),
        'Total potential commission': money(pool.totalPotential),
      });
      return [figures(record), ...(record.byFamily.length > 1 ? record.byFamily.map(figures) : [])];
    }
    case 'rep-open-deals':
      return find(answers, /^\/reps\/[^/?]+\/months\/\d{4}-\d{2}$/, "the rep's month").body.commissionRecord.openDeals.map(
        (deal: any, index: number) => ({
          Rank: count(index + 1),
          Deal: text(deal.name),
          Account: text(deal.account),
          Amount: money(deal.amount),
          Probability: percent(deal.probability),
          'Commission it would add': money(deal.commission),
        }),
      );
    case 'target-forecast': {
      const { body } = viewForecast(answers);
      const row = (figure: string, amount: number | null, open: number | null = null, share: number | null = null): ExpectedRow => ({
        Figure: text(figure),
        'Won revenue by period end': money(amount),
        'From open deals': money(open),
        Chance: ratio(share),
      });
      const { expected, projectedWon, simulation } = body;
      return [
        row('Target', body.target),
        row('Closed won so far', body.wonSoFar),
        row('Open pipeline', null, body.pipeline),
        row('Expected as today (stage probability)', projectedWon.stageProbability, expected.stageProbability),
        row('Expected, calibrated on history', projectedWon.calibrated, expected.calibrated),
        row('Expected, slip-adjusted', projectedWon.slipAdjusted, expected.slipAdjusted),
        row('Simulated P10 (9 in 10 outcomes reach it)', simulation.p10),
        row('Simulated P50 (the middle outcome)', simulation.p50),
        row('Simulated P90 (1 in 10 outcomes reach it)', simulation.p90),
        row('Simulated mean', simulation.mean),
        row('Chance of reaching target', null, null, simulation.probabilityOfReachingTarget),
        row('Standard error of the chance', null, null, simulation.standardError),
      ];
    }
    case 'forecast-at-risk':
      return viewForecast(answers).body.atRisk.map((deal: any) => ({
        Deal: text(deal.name || deal.opportunityId),
        Account: text(deal.account),
        Amount: money(deal.amount),
        'Win rate': ratio(deal.winRate),
        'Closes in period': ratio(deal.closeInPeriod),
        'Revenue at risk': money(deal.revenueAtRisk),
      }));
    case 'commission-next-sale':
      return find(answers, /^\/reps\/[^/?]+\/months\/\d{4}-\d{2}\/commission\/next-sale$/, 'the next sale').body.pools.map((pool: any) => ({
        'Won so far': money(pool.wonRevenue),
        'Next sale earns': percent(pool.marginalRatePercent),
        'Revenue to next band': money(pool.revenueToNextBand),
        'Next band rate': percent(pool.nextBand?.ratePercent ?? null),
      }));
    case 'commission-change': {
      const { body } = find(answers, /^\/reps\/[^/?]+\/months\/\d{4}-\d{2}\/commission\/change\?/, 'the commission change');
      const amounts = (figures: any): ExpectedRow => ({
        Earned: money(figures.earned),
        'Pipeline commission': money(figures.pipelineCommission),
        'Total potential': money(figures.totalPotential),
      });
      if (body.lines.length === 0) return [];
      return [...body.lines.map(amounts), { What: text('Total change'), ...amounts(body.change) }];
    }
    case 'leads-by-status':
    case 'conversion-by-source':
    case 'win-rate-by-origin':
    case 'campaign-roi':
    case 'stage-funnel':
      return expectedLeadRows(chart, answers);
  }
}

/** What the page shows for a missing figure. */
const NOT_AVAILABLE = /^(—|-|–|)$/;

export function cellMatches(expected: ExpectedCell, shown: string): boolean {
  if (expected.value === null) return NOT_AVAILABLE.test(shown.trim());
  if (expected.kind === 'text') return shown.replace(/\s*⚠$/, '').trim() === expected.value;
  const figure = figureOf(shown);
  if (figure === undefined) return false;
  switch (expected.kind) {
    case 'money':
      return Math.round(figure * MINOR_PER_MAJOR) === expected.value;
    case 'ratio':
      // Shown as a percentage with one decimal.
      return Math.round(figure * 1000) === Math.round(expected.value * 1000);
    case 'percent':
      return Math.abs(figure * 100 - expected.value) < 0.005;
    default:
      return figure === expected.value;
  }
}

const describe = (cell: ExpectedCell) =>
  cell.value === null
    ? 'nothing (—)'
    : cell.kind === 'money'
      ? `${(cell.value as number) / MINOR_PER_MAJOR} (money)`
      : `${cell.value} (${cell.kind})`;

/** Every difference between a card's table and the rows expected from the API: empty when the page shows the engine's figures. */
export function tableDifferences(chart: ChartId, table: CardTable, expected: readonly ExpectedRow[]): string[] {
  const differences: string[] = [];
  if (table.rows.length !== expected.length)
    differences.push(`${chart}: ${table.rows.length} rows shown, the API's answer has ${expected.length}`);
  expected.forEach((row, rowIndex) => {
    const shownRow = table.rows[rowIndex];
    if (!shownRow) return;
    for (const [label, cell] of Object.entries(row)) {
      const column = table.headers.indexOf(label);
      if (column < 0) {
        differences.push(`${chart}: no column "${label}" (columns: ${table.headers.join(' | ')})`);
        continue;
      }
      const shown = shownRow[column] ?? '';
      if (!cellMatches(cell, shown))
        differences.push(`${chart} row ${rowIndex + 1} (${shownRow[0]}), ${label}: shows "${shown}", the API says ${describe(cell)}`);
    }
  });
  return [...new Set(differences)];
}
