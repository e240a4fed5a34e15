import { describe, expect, it } from 'vitest';
import { closedWonByMemberChart } from '#web/app/charts/closed-won-by-member.js';
import type { MonthSeries } from '#web/app/charts/month-series.js';
import { pipelineByCloseMonthChart } from '#web/app/charts/pipeline-by-close-month.js';
import { targetByMonthChart } from '#web/app/charts/target-by-month.js';
import { tableToCsv } from '#web/app/format/csv.js';
import { categoriesOf, columnOf, gbp, major, seriesNamed, seriesOf } from './option-reader.js';
import { companyYear, northYear, quietYear } from './seed-fixtures.js';

// en-GB abbreviates September as "Sept" (CLDR).
const FISCAL_YEAR = [
  'Jan 2016',
  'Feb 2016',
  'Mar 2016',
  'Apr 2016',
  'May 2016',
  'Jun 2016',
  'Jul 2016',
  'Aug 2016',
  'Sept 2016',
  'Oct 2016',
  'Nov 2016',
  'Dec 2016',
];
const noMonths: MonthSeries = { scope: { kind: 'team', id: 'north', name: 'North' }, months: [] };

describe('target vs closed won vs expected revenue by month', () => {
  const model = targetByMonthChart(northYear, gbp);

  it('has a bar per month of the fiscal year, closed won and expected revenue stacked', () => {
    expect(categoriesOf(model)).toEqual(FISCAL_YEAR);
    const closedWon = seriesNamed(model, 'Closed won');
    const expected = seriesNamed(model, 'Expected revenue');
    expect([closedWon.type, closedWon.stack, expected.type, expected.stack]).toEqual(['bar', 'revenue', 'bar', 'revenue']);
    expect(closedWon.data.slice(0, 4)).toEqual([major(10_000), major(100_000), 0, 0]);
    // February: Dave's 25,000 x 75 % + 15,000 x 50 %, Erin's 10,000 x 10 %.
    expect(expected.data.slice(0, 5)).toEqual([0, major(27_250), major(30_800), major(3_000), major(2_400)]);
  });

  it("marks each month's target across its bar, and none where a month has no target", () => {
    const target = seriesNamed(model, 'Target');
    expect(target.type).toBe('scatter');
    expect(target.symbol).toBe('rect');
    // Opaque slate, no pattern: 7.6:1 on white (a scatter is 0.8 opaque by default).
    expect(target.itemStyle).toEqual({ color: '#475569', opacity: 1, decal: { symbol: 'none', color: 'transparent' } });
    expect(target.data.slice(0, 5)).toEqual([major(100_000), major(150_000), major(120_000), '-', '-']);
  });

  it("tables the engine's shortfall, attainment and coverage unchanged", () => {
    const february = model.table.rows[1];
    expect(february).toEqual({
      month: '2016-02',
      target: major(150_000),
      closedWon: major(100_000),
      expectedRevenue: major(27_250),
      shortfall: major(22_750),
      over: 0,
      attainment: 0.6667,
      coverage: 0.8483,
    });
    expect(tableToCsv(model.table).split('\r\n')[2]).toBe('2016-02,150000.00,100000.00,27250.00,22750.00,0.00,0.6667,0.8483');
    expect(model.description).toBe(
      "North, Jan 2016 to Dec 2016: closed won and expected revenue stacked for each month against that month's target.",
    );
  });

  it('says so for a year with nothing in it, or no months at all', () => {
    const quiet = targetByMonthChart(quietYear, gbp);
    expect(quiet.option).toBeNull();
    expect(quiet.emptyMessage).toBe('No target, closed won or open pipeline for North from Jan 2019 to Dec 2019.');
    expect(quiet.table.rows).toHaveLength(12);
    expect(targetByMonthChart(noMonths, gbp).emptyMessage).toBe('No months to show for North.');
  });
});

describe('closed won by month, stacked by member', () => {
  it("stacks a team's reps", () => {
    const model = closedWonByMemberChart(northYear, gbp);
    expect(model.title).toBe('Closed won by month and rep');
    expect(categoriesOf(model)).toEqual(FISCAL_YEAR);
    expect(seriesOf(model).map((series) => [series.name, series.stack, series.data.slice(0, 3)])).toEqual([
      ['Dave Apthorp', 'closedWon', [major(10_000), major(80_000), 0]],
      ['Erin Brock', 'closedWon', [0, major(20_000), 0]],
    ]);
    expect(columnOf(model, 'Total closed won').slice(0, 3)).toEqual([major(10_000), major(100_000), 0]);
    expect(model.table.columns.map((column) => column.label)).toEqual(['Month', 'Dave Apthorp', 'Erin Brock', 'Total closed won']);
  });

  it('stacks the teams, and the reps placed in the company, at company level', () => {
    const model = closedWonByMemberChart(companyYear, gbp);
    expect(model.title).toBe('Closed won by month and team and rep');
    expect(seriesOf(model).map((series) => [series.name, series.data.slice(0, 2)])).toEqual([
      ['North', [major(10_000), major(100_000)]],
      ['Sam Cole', [major(20_000), 0]],
    ]);
    expect(columnOf(model, 'Total closed won').slice(0, 2)).toEqual([major(30_000), major(100_000)]);
  });

  it('leaves a gap, not a zero, for a member missing from a month', () => {
    const [january, ...rest] = northYear.months;
    if (!january) throw new Error('fixture has months');
    const series: MonthSeries = { ...northYear, months: [{ ...january, members: january.members.slice(0, 1) }, ...rest] };
    const model = closedWonByMemberChart(series, gbp);
    expect(seriesNamed(model, 'Erin Brock').data.slice(0, 2)).toEqual(['-', major(20_000)]);
    expect(columnOf(model, 'Erin Brock').slice(0, 2)).toEqual([null, major(20_000)]);
  });

  it('says so when nothing was won', () => {
    const quiet = closedWonByMemberChart(quietYear, gbp);
    expect(quiet.option).toBeNull();
    expect(quiet.emptyMessage).toBe('Nothing was won by North from Jan 2019 to Dec 2019.');
    expect(closedWonByMemberChart(noMonths, gbp).emptyMessage).toBe('No months to show for North.');
  });
});

describe('open pipeline by close month and stage, six months ahead', () => {
  const model = pipelineByCloseMonthChart(northYear, gbp, { fromMonth: '2016-02' });

  it('shows the six months from the month given, stacked by open stage in funnel order', () => {
    expect(categoriesOf(model)).toEqual(['Feb 2016', 'Mar 2016', 'Apr 2016', 'May 2016', 'Jun 2016', 'Jul 2016']);
    expect(seriesOf(model).map((series) => [series.name, series.stack, series.data])).toEqual([
      ['Prospecting', 'pipeline', [major(10_000), major(8_000), 0, 0, 0, 0]],
      ['Investigation', 'pipeline', [0, 0, 0, major(12_000), 0, 0]],
      ['Proposal Made', 'pipeline', [major(15_000), 0, major(6_000), 0, 0, 0]],
      ['Negotiation', 'pipeline', [major(25_000), major(40_000), 0, 0, 0, 0]],
    ]);
  });

  it("tables each month's stages with the engine's own total and expected revenue", () => {
    expect(model.table.columns.map((column) => column.label)).toEqual([
      'Close month',
      'Prospecting',
      'Investigation',
      'Proposal Made',
      'Negotiation',
      'Open pipeline',
      'Expected revenue',
    ]);
    expect(columnOf(model, 'Open pipeline')).toEqual([major(50_000), major(48_000), major(6_000), major(12_000), 0, 0]);
    expect(columnOf(model, 'Expected revenue').slice(0, 2)).toEqual([major(27_250), major(30_800)]);
    expect(model.description).toBe('North: open deals due to close in each month from Feb 2016 to Jul 2016, by stage.');
  });

  it('starts at the first month of the series by default', () => {
    expect(categoriesOf(pipelineByCloseMonthChart(northYear, gbp))).toEqual(FISCAL_YEAR.slice(0, 6));
  });

  it('says so when nothing is due to close, or no month is left', () => {
    const quiet = pipelineByCloseMonthChart(northYear, gbp, { fromMonth: '2016-06' });
    expect(quiet.option).toBeNull();
    expect(quiet.emptyMessage).toBe('No open deals for North due to close from Jun 2016 to Nov 2016.');
    const past = pipelineByCloseMonthChart(northYear, gbp, { fromMonth: '2017-01' });
    expect(past.emptyMessage).toBe('No months from Jan 2017 to show for North.');
    expect(pipelineByCloseMonthChart(noMonths, gbp).option).toBeNull();
  });
});
