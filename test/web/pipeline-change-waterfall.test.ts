import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { MOVEMENTS_IN, MOVEMENTS_OUT, pipelineMovementOf } from '#core/pipeline/pipeline-movement.js';
import type { DealState } from '#core/pipeline/pipeline-rebuild.js';
import type { PipelineChangeReport } from '#core/pipeline/read-pipeline-change.js';
import { pipelineChangeWaterfallChart, TERMS_IN, TERMS_OUT, waterfallSteps } from '#web/app/charts/pipeline-change-waterfall.js';
import { tableToCsv } from '#web/app/format/csv.js';
import { categoriesOf, gbp, major, seriesNamed, tooltipText } from './option-reader.js';
import { emptyChange, februaryChange } from './seed-fixtures.js';

const north = { scopeName: 'North' };

/**
 * The pipeline's level before and after each step, read off the drawn bars: a bar spans its
 * base to base + amount; an addition travels up it, a subtraction down it, and the opening
 * and closing bars stand from zero.
 */
function levels(model: ReturnType<typeof pipelineChangeWaterfallChart>): Array<[number, number]> {
  const base = seriesNamed(model, 'Base').data as number[];
  const [pipeline, added, takenAway] = ['Pipeline', 'Added', 'Taken away'].map((name) => seriesNamed(model, name).data);
  return base.map((start, index): [number, number] => {
    if (added?.[index] !== '-') return [start, start + added?.[index]];
    if (takenAway?.[index] !== '-') return [start + takenAway?.[index], start];
    return [0, pipeline?.[index]];
  });
}

/** Each movement starts where the one before ended, and the last ends where the closing bar stands. */
function expectContinuous(model: ReturnType<typeof pipelineChangeWaterfallChart>, closing: number): void {
  const steps = levels(model);
  for (let index = 1; index < steps.length - 1; index++) expect(steps[index]?.[0], `step ${index}`).toBe(steps[index - 1]?.[1]);
  expect(steps.at(-2)?.[1]).toBe(closing);
  expect(steps.at(-1)).toEqual([0, closing]);
}

describe('the pipeline change waterfall', () => {
  const model = pipelineChangeWaterfallChart(februaryChange, north, gbp);

  it("walks the report's total in its order: opening, each movement in, each out, closing", () => {
    expect(categoriesOf(model)).toEqual([
      'Pipeline on 1 Feb 2016',
      'New deals',
      'Amounts increased',
      'Amounts reduced',
      'Won',
      'Lost',
      'Pipeline on 1 Mar 2016',
    ]);
    expect(model.table.rows).toEqual([
      { step: 'Pipeline on 1 Feb 2016', effect: 'Opening pipeline', amount: major(62_000), count: 5 },
      { step: 'New deals', effect: 'Added', amount: major(12_000), count: 1 },
      { step: 'Amounts increased', effect: 'Added', amount: major(5_000), count: 1 },
      { step: 'Amounts reduced', effect: 'Taken away', amount: major(1_000), count: 1 },
      { step: 'Won', effect: 'Taken away', amount: major(15_000), count: 1 },
      { step: 'Lost', effect: 'Taken away', amount: major(5_000), count: 1 },
      { step: 'Pipeline on 1 Mar 2016', effect: 'Closing pipeline', amount: major(58_000), count: 4 },
    ]);
  });

  it("stands each bar on an invisible base and ends exactly at the report's closing", () => {
    expect(seriesNamed(model, 'Base').data).toEqual([0, major(62_000), major(74_000), major(78_000), major(63_000), major(58_000), 0]);
    expect(seriesNamed(model, 'Pipeline').data).toEqual([major(62_000), '-', '-', '-', '-', '-', major(58_000)]);
    expect(seriesNamed(model, 'Added').data).toEqual(['-', major(12_000), major(5_000), '-', '-', '-', '-']);
    expect(seriesNamed(model, 'Taken away').data).toEqual(['-', '-', '-', major(1_000), major(15_000), major(5_000), '-']);
    expect(levels(model)).toEqual([
      [0, major(62_000)],
      [major(62_000), major(74_000)],
      [major(74_000), major(79_000)],
      [major(79_000), major(78_000)],
      [major(78_000), major(63_000)],
      [major(63_000), major(58_000)],
      [0, major(58_000)],
    ]);
    expectContinuous(model, februaryChange.total.closing.amount);
  });

  it('hides the base: no colour, no pattern, no tooltip, not in the legend', () => {
    const base = seriesNamed(model, 'Base');
    expect(base.itemStyle).toEqual({ color: 'transparent', borderColor: 'transparent', decal: { symbol: 'none', color: 'transparent' } });
    expect(base.silent).toBe(true);
    expect(base.tooltip).toEqual({ show: false });
    expect((model.option as any).legend.data).toEqual(['Pipeline', 'Added', 'Taken away']);
    expect((model.option as any).aria.decal.show).toBe(true);
  });

  it('signs every step in its label and tooltip, so colour is not the only signal', () => {
    expect(seriesNamed(model, 'Added').label?.formatter?.({ value: major(12_000) })).toBe('+£12k');
    expect(seriesNamed(model, 'Taken away').label?.formatter?.({ value: major(15_000) })).toBe('-£15k');
    expect(seriesNamed(model, 'Pipeline').label?.formatter?.({ value: major(58_000) })).toBe('£58k');
    expect(tooltipText(model, 4)).toBe('Won\n-£15,000.00\n1 deal');
    expect(tooltipText(model, 1)).toBe('New deals\n+£12,000.00\n1 deal');
  });

  it('writes the steps to CSV as reported', () => {
    expect(tableToCsv(model.table).split('\r\n').slice(0, 3)).toEqual([
      'Step,Effect,Amount,Deals',
      'Pipeline on 1 Feb 2016,Opening pipeline,62000.00,5',
      'New deals,Added,12000.00,1',
    ]);
    expect(model.description).toBe(
      'North: the open pipeline went from £62,000.00 on 1 Feb 2016 to £58,000.00 on 1 Mar 2016; each bar between is what was added or taken away, and why.',
    );
  });

  it('orders the terms as the core does', () => {
    expect(TERMS_IN).toEqual(MOVEMENTS_IN);
    expect(TERMS_OUT).toEqual(MOVEMENTS_OUT);
  });

  it('shows slips in and out of a close window', () => {
    const deal = (opportunityId: string, closeDate: string, amount: number): DealState => ({
      opportunityId,
      ownerId: 'dave',
      stageId: 'negotiation',
      closeDate,
      amount,
      probability: null,
      outcome: 'open',
      teamId: 'north',
    });
    const report: PipelineChangeReport = {
      scope: { kind: 'rep', repId: 'dave' },
      ...pipelineMovementOf({
        from: '2016-02-01T00:00:00.000Z',
        to: '2016-03-01T00:00:00.000Z',
        statesFrom: new Map([
          ['slips', deal('slips', '2016-03-10', major(20_000))],
          ['arrives', deal('arrives', '2016-02-10', major(7_000))],
        ]),
        statesTo: new Map([
          ['slips', deal('slips', '2016-04-10', major(20_000))],
          ['arrives', deal('arrives', '2016-03-10', major(7_000))],
        ]),
        inScope: () => true,
        closeWindow: { fromMonth: '2016-03', toMonth: '2016-03' },
        stagesFrom: DEFAULT_STAGES,
        stagesTo: DEFAULT_STAGES,
      }),
    };
    const window = pipelineChangeWaterfallChart(report, { scopeName: 'Dave Apthorp' }, gbp);
    expect(categoriesOf(window)).toEqual([
      'Pipeline on 1 Feb 2016',
      'Slipped in from earlier months',
      'Slipped to later months',
      'Pipeline on 1 Mar 2016',
    ]);
    expect(levels(window)).toEqual([
      [0, major(20_000)],
      [major(20_000), major(27_000)],
      [major(27_000), major(7_000)],
      [0, major(7_000)],
    ]);
    expectContinuous(window, report.total.closing.amount);
    expect(window.description).toContain('Dave Apthorp, deals closing in Mar 2016:');
  });

  it('draws nothing, and says so, when the figures do not balance', () => {
    const unbalanced: PipelineChangeReport = {
      ...februaryChange,
      total: { ...februaryChange.total, closing: { amount: major(58_001), count: 4 } },
    };
    expect(waterfallSteps(unbalanced.total, { opening: 'a', closing: 'b' }).balanced).toBe(false);
    const model = pipelineChangeWaterfallChart(unbalanced, north, gbp);
    expect(model.option).toBeNull();
    expect(model.emptyMessage).toBe(
      'These movements do not add up to the closing pipeline, so no waterfall is drawn; the table lists them as reported.',
    );
    expect(model.table.rows.at(-1)?.amount).toBe(major(58_001));
  });

  it('says so when there was no pipeline at either end and nothing moved', () => {
    const empty = pipelineChangeWaterfallChart(emptyChange, { scopeName: 'Dave Apthorp' }, gbp);
    expect(empty.option).toBeNull();
    expect(empty.emptyMessage).toBe('Dave Apthorp had no open pipeline on 1 Feb 2016 or on 1 Mar 2016, and none came or went in between.');
    expect(empty.table.rows.map((row) => row.step)).toEqual(['Pipeline on 1 Feb 2016', 'Pipeline on 1 Mar 2016']);
  });
});
