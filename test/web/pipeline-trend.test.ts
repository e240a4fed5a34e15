import { describe, expect, it } from 'vitest';
import { pipelineTrendMonthlyChart } from '#web/app/charts/pipeline-trend-monthly.js';
import { pipelineTrendWeeklyChart } from '#web/app/charts/pipeline-trend-weekly.js';
import { categoriesOf, columnOf, gbp, major, seriesNamed, seriesOf } from './option-reader.js';
import { monthlyTrend, untakenTrend, weeklyTrend } from './seed-fixtures.js';

const north = { scopeName: 'North' };

describe('the long-term trend: monthly as-at snapshots', () => {
  const model = pipelineTrendMonthlyChart(monthlyTrend, north, gbp);

  it('has 13 points, 1 Mar 2015 to 1 Mar 2016, the missed one marked', () => {
    const labels = categoriesOf(model);
    expect(labels).toHaveLength(13);
    expect(labels[0]).toBe('1 Mar 2015');
    expect(labels[7]).toBe('1 Oct 2015 (not taken)');
    expect(labels[12]).toBe('1 Mar 2016');
    expect(model.description).toBe(
      'North: the open pipeline by stage as it stood at 00:00 UTC on the 1st of each month, 1 Mar 2015 to 1 Mar 2016; one snapshot is not taken yet.',
    );
  });

  it('stacks each point by stage, with a gap (not a zero) where no snapshot was taken', () => {
    expect(seriesOf(model).map((series) => series.name)).toEqual(['Prospecting', 'Investigation', 'Proposal Made', 'Negotiation']);
    expect(new Set(seriesOf(model).map((series) => series.stack))).toEqual(new Set(['pipeline']));
    const prospecting = seriesNamed(model, 'Prospecting').data;
    expect(prospecting.slice(5, 9)).toEqual([major(15_000), major(16_000), '-', major(18_000)]);
    expect(seriesNamed(model, 'Proposal Made').data.slice(5, 8)).toEqual([0, major(15_000), '-']);
    expect(seriesNamed(model, 'Negotiation').data.at(-1)).toBe(major(20_000));
  });

  it("tables each point with the engine's total and the change since the previous snapshot", () => {
    expect(columnOf(model, 'As at').slice(6, 9)).toEqual(['2015-09-01', '2015-10-01', '2015-11-01']);
    expect(columnOf(model, 'Open pipeline').slice(6, 9)).toEqual([major(51_000), null, major(53_000)]);
    expect(columnOf(model, 'Deals').slice(6, 9)).toEqual([3, null, 3]);
    // From 1 Sep to 1 Nov across the missed snapshot, as the API reports it.
    expect(columnOf(model, 'Change since the previous snapshot').slice(0, 9)).toEqual([
      null,
      major(1_000),
      major(1_000),
      major(1_000),
      major(1_000),
      major(1_000),
      major(16_000),
      null,
      major(2_000),
    ]);
    expect(columnOf(model, 'Note')[7]).toBe('Snapshot not taken yet');
  });

  it('refuses a weekly series', () => {
    expect(() => pipelineTrendMonthlyChart(weeklyTrend, north, gbp)).toThrow(/monthly/);
  });

  it('says so when no snapshot was taken', () => {
    const empty = pipelineTrendMonthlyChart(untakenTrend, north, gbp);
    expect(empty.option).toBeNull();
    expect(empty.emptyMessage).toBe('No pipeline snapshots have been taken for North from 1 Mar 2015 to 1 May 2015 yet.');
    expect(empty.table.rows).toHaveLength(3);
  });

  it('says so when every snapshot is empty', () => {
    const zero = {
      ...weeklyTrend,
      points: weeklyTrend.points.map((point) =>
        point.snapshot
          ? { ...point, snapshot: { ...point.snapshot, total: { amount: 0, expectedRevenue: 0, count: 0 }, byStage: [] } }
          : point,
      ),
    };
    const empty = pipelineTrendWeeklyChart(zero, north, gbp);
    expect(empty.option).toBeNull();
    expect(empty.emptyMessage).toBe('North had no open pipeline on any of these dates (11 Jan 2016 to 29 Feb 2016).');
  });
});

describe('the short-term trend: weekly as-at snapshots', () => {
  const model = pipelineTrendWeeklyChart(weeklyTrend, north, gbp);

  it('has a point per Monday, stacked by stage', () => {
    expect(categoriesOf(model)).toEqual([
      '11 Jan 2016',
      '18 Jan 2016',
      '25 Jan 2016',
      '1 Feb 2016',
      '8 Feb 2016',
      '15 Feb 2016',
      '22 Feb 2016',
      '29 Feb 2016',
    ]);
    expect(seriesNamed(model, 'Investigation').data).toEqual([5, 10, 15, 20, 25, 30, 35, 40].map((thousands) => major(thousands * 1_000)));
    expect(seriesNamed(model, 'Negotiation').data).toEqual(Array(8).fill(major(25_000)));
    expect(model.title).toBe('Pipeline trend: week by week');
    expect(model.description).toBe('North: the open pipeline by stage as it stood at 00:00 UTC each Monday, 11 Jan 2016 to 29 Feb 2016.');
  });

  it('refuses a monthly series', () => {
    expect(() => pipelineTrendWeeklyChart(monthlyTrend, north, gbp)).toThrow(/weekly/);
  });
});
