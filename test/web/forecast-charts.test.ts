/**
 * The forecast and commission insight builders: the engine's figures arranged and worded,
 * none recomputed (the P10-P90 range bar's offset is the only arithmetic, and it is drawn,
 * never shown as a figure).
 */
import { describe, expect, it } from 'vitest';
import { atRiskDealsModel, slipReasonText } from '#web/app/charts/at-risk-deals.js';
import { commissionChangeModel, nextSaleModel } from '#web/app/charts/commission-insight.js';
import { init } from '#web/app/charts/echarts-setup.js';
import { targetByMonthChart } from '#web/app/charts/target-by-month.js';
import { wonRevenueForecastChart } from '#web/app/charts/won-revenue-forecast.js';
import { tableToCsv } from '#web/app/format/csv.js';
import { formatCell } from '#web/app/format/table-cells.js';
import { daveChange, daveForecast, daveNextSale, noTargetForecast } from './forecast-fixtures.js';
import { categoriesOf, columnOf, gbp, major, optionOf, seriesNamed, seriesOf } from './option-reader.js';
import { northYear } from './seed-fixtures.js';

describe('the chance of reaching target, beside the gauge', () => {
  const model = wonRevenueForecastChart(daveForecast, { scopeName: 'Dave Apthorp' }, gbp);

  it('says the chance in its title and the P10 / P50 / P90 and where the rates come from in its caption', () => {
    expect(model.title).toBe('43.1% chance of reaching the £100,000.00 target');
    expect(model.description).toBe(
      'Dave Apthorp, won revenue by the end of Feb 2016: £80,000.00 won so far and 3 deals open (£50,000.00). ' +
        'In 10,000 simulated outcomes, 8 in 10 end between £80,000.00 (P10) and £120,000.00 (P90), the middle one at £95,000.00 (P50). ' +
        'Rates learned 1 Feb 2016.',
    );
  });

  it('draws the simulated range from P10 to P90 with P50 marked, and each expected figure as won so far plus what the open deals add', () => {
    expect(categoriesOf(model)).toEqual(['Simulated P10–P90', 'Slip-adjusted', 'Calibrated', 'As today']);
    expect(seriesNamed(model, 'Closed won so far').data).toEqual(['-', major(80_000), major(80_000), major(80_000)]);
    expect(seriesNamed(model, 'Expected from open deals').data).toEqual(['-', major(14_500), major(24_000), major(30_000)]);
    // The range bar starts at P10 (an invisible base) and spans to P90.
    expect(seriesNamed(model, 'Range start').data).toEqual([major(80_000), '-', '-', '-']);
    expect(seriesNamed(model, 'Range start').itemStyle.color).toBe('transparent');
    expect(seriesNamed(model, 'Likely range (P10–P90)').data).toEqual([major(40_000), '-', '-', '-']);
    expect(seriesNamed(model, 'Middle outcome (P50)').data).toEqual([[major(95_000), 0]]);
    expect(seriesNamed(model, 'Target').data).toEqual([0, 1, 2, 3].map((row) => [major(100_000), row]));
    // Labels: each projection's total, and the range.
    const expected = seriesNamed(model, 'Expected from open deals');
    expect([1, 2, 3].map((dataIndex) => expected.label?.formatter?.({ dataIndex }))).toEqual(['£94.5k', '£104k', '£110k']);
    expect(seriesNamed(model, 'Likely range (P10–P90)').label?.formatter?.({})).toBe('£80k–£120k');
    expect(optionOf(model).legend.data).not.toContain('Range start');
  });

  it('tables every figure as the API gives it, the chance as a ratio', () => {
    expect(columnOf(model, 'Figure')).toEqual([
      'Target',
      'Closed won so far',
      'Open pipeline',
      'Expected as today (stage probability)',
      'Expected, calibrated on history',
      'Expected, slip-adjusted',
      'Simulated P10 (9 in 10 outcomes reach it)',
      'Simulated P50 (the middle outcome)',
      'Simulated P90 (1 in 10 outcomes reach it)',
      'Simulated mean',
      'Chance of reaching target',
      'Standard error of the chance',
    ]);
    expect(columnOf(model, 'Won revenue by period end').slice(3, 10)).toEqual([
      major(110_000),
      major(104_000),
      major(94_500),
      major(80_000),
      major(95_000),
      major(120_000),
      major(94_512.34),
    ]);
    expect(columnOf(model, 'From open deals').slice(2, 6)).toEqual([major(50_000), major(30_000), major(24_000), major(14_500)]);
    expect(columnOf(model, 'Chance').slice(10)).toEqual([0.4312, 0.00495]);
    expect(tableToCsv(model.table).split('\r\n')[11]).toBe('Chance of reaching target,,,0.4312');
  });

  it('without a target: no chance, no target marker; says the stage probabilities stand in before rates are learned', () => {
    const untargeted = wonRevenueForecastChart(noTargetForecast, { scopeName: 'Dave Apthorp' }, gbp);
    expect(untargeted.title).toBe('Won revenue forecast (no target set)');
    expect(seriesOf(untargeted).map((series) => series.name)).not.toContain('Target');
    expect(untargeted.description).toContain('Rates not learned yet: the stage probabilities stand in for win rates.');
  });

  it('draws on the server with only the registered chart types, without a warning', () => {
    const chart = init(null, { ssr: true, width: 640, height: 320 });
    try {
      chart.setOption(model.option ?? {});
      const svg = chart.renderToSVGString();
      expect(svg).toContain('Simulated P10–P90');
      expect(svg).toContain('£80k–£120k');
    } finally {
      chart.dispose();
    }
  });
});

describe('the P10-P90 band on the target-by-month chart', () => {
  const band = { month: '2016-02', p10: major(80_000), p50: major(95_000), p90: major(120_000), probabilityOfReachingTarget: 0.4312 };
  const model = targetByMonthChart(northYear, gbp, [band]);

  it("boxes the month's P10 to P90 with a line at P50, over the month's bar; no box for the other months", () => {
    const box = seriesNamed(model, 'Forecast P10–P90');
    expect(box.type).toBe('boxplot');
    expect(box.data[1]).toEqual([major(80_000), major(80_000), major(95_000), major(120_000), major(120_000)]);
    expect(box.data[0]).toEqual(['-', '-', '-', '-', '-']);
    expect(box.data).toHaveLength(12);
    expect(optionOf(model).legend.data).toContain('Forecast P10–P90');
  });

  it('adds the forecast to the table and the caption, for the months forecast only', () => {
    expect(columnOf(model, 'Forecast P50').slice(0, 3)).toEqual([null, major(95_000), null]);
    expect(columnOf(model, 'Chance of reaching target')[1]).toBe(0.4312);
    expect(model.description).toContain(
      'The forecast of Feb 2016: P10 £80,000.00, P50 £95,000.00, P90 £120,000.00 (43.1% chance of reaching target).',
    );
  });

  it('is the chart it was without forecasts (a fiscal-year view)', () => {
    const plain = targetByMonthChart(northYear, gbp);
    expect(seriesOf(plain).map((series) => series.name)).toEqual(['Closed won', 'Expected revenue', 'Target']);
    expect(plain.table.columns.map((column) => column.label)).not.toContain('Forecast P50');
  });

  it('draws on the server', () => {
    const chart = init(null, { ssr: true, width: 640, height: 400 });
    try {
      chart.setOption(model.option ?? {});
      expect(chart.renderToSVGString()).toMatch(/^<svg/);
    } finally {
      chart.dispose();
    }
  });
});

describe('at risk of slipping', () => {
  const model = atRiskDealsModel(
    daveForecast,
    {
      scopeName: 'Dave Apthorp',
      repNames: { 'dave-apthorp': 'Dave Apthorp' },
      stageNames: { negotiation: 'Negotiation', proposal: 'Proposal' },
    },
    gbp,
  );

  it('lists the ranked deals with the revenue at risk and the reasons in words', () => {
    expect(model.kind).toBe('table');
    expect(columnOf(model, 'Deal')).toEqual(['Umbrella renewal', 'Hooli expansion']);
    expect(columnOf(model, 'Stage')).toEqual(['Negotiation', 'Proposal']);
    expect(columnOf(model, 'Revenue at risk')).toEqual([major(9_750), major(1_500)]);
    expect(columnOf(model, 'Why')).toEqual([
      'Close date pushed 3 times; no stage change for 74 days (typical 21 days); open 160 days; average cycle 90 days; closes this period 35.0% of the time',
      'Close date pushed once',
    ]);
    expect(formatCell(gbp, 'ratio', columnOf(model, 'Closes in period')[0] as number)).toBe('35.0%');
    expect(model.description).toBe(
      'Dave Apthorp, Feb 2016: 2 deals most likely to slip out of the period, ranked by the expected revenue a slip would move out ' +
        '(amount × win rate × chance it does not close in the period). Rates learned 1 Feb 2016.',
    );
  });

  it('words each reason as a manager says it', () => {
    expect(slipReasonText({ kind: 'extensions', closeMonthExtensions: 2 }, gbp)).toBe('close date pushed twice');
    expect(slipReasonText({ kind: 'low-on-time-rate', closeInPeriod: 0.125 }, gbp)).toBe('closes this period 12.5% of the time');
  });

  it('says so when no deal is at risk', () => {
    const none = atRiskDealsModel(noTargetForecast, { scopeName: 'Dave Apthorp' }, gbp);
    expect(none.table.rows).toEqual([]);
    expect(none.emptyMessage).toBe('No open deal of Dave Apthorp closing in Feb 2016 shows a sign of slipping.');
  });
});

describe("the rep's next sale", () => {
  const model = nextSaleModel(daveNextSale, { repName: 'Dave Apthorp', month: '2016-02' }, gbp);

  it('gives each pool its band, marginal rate and the revenue left to the next band', () => {
    expect(model.title).toBe('Next sale: the rate by product family');
    expect(columnOf(model, 'Products')).toEqual(['General levels (Hardware, Software)', 'Services']);
    expect(columnOf(model, 'Band now')).toEqual(['£50,000.00 and up', '£30,000.00 to £50,000.00']);
    expect(columnOf(model, 'Next sale earns')).toEqual([6, 2]);
    expect(columnOf(model, 'Revenue to next band')).toEqual([null, major(10_000)]);
    expect(columnOf(model, 'In words')).toEqual(['Top band: every further sale earns this rate', '£10,000.00 more reaches 4%']);
    expect(model.description).toBe(
      'Dave Apthorp, Feb 2016, the next sale: General levels (Hardware, Software) 6% (band £50,000.00 and up) — top band: every further ' +
        'sale earns this rate; Services 2% (band £30,000.00 to £50,000.00) — £10,000.00 more reaches 4%.',
    );
  });

  it('one pool: the rate in the title; no levels: says a sale earns nothing', () => {
    const single = nextSaleModel(
      { ...daveNextSale, pools: daveNextSale.pools.slice(0, 1) },
      { repName: 'Dave Apthorp', month: '2016-02' },
      gbp,
    );
    expect(single.title).toBe('Next sale earns 6%');
    const none = nextSaleModel({ ...daveNextSale, levels: null, pools: [] }, { repName: 'Dave Apthorp', month: '2016-02' }, gbp);
    expect(none.table.rows).toEqual([]);
    expect(none.emptyMessage).toBe('Dave Apthorp has no commission levels for Feb 2016.');
  });
});

describe('why the commission changed', () => {
  const model = commissionChangeModel(daveChange, { repName: 'Dave Apthorp', month: '2016-02' }, gbp);

  it('lists each line with its three amounts, then a total row that is the API’s change', () => {
    expect(columnOf(model, 'What')).toEqual([
      'Won',
      'Moved out of the month',
      'Commission levels changed',
      'Target changed',
      'Total change',
    ]);
    expect(columnOf(model, 'Deal')).toEqual(['Globex licence', 'Initech upgrade', null, null, null]);
    const total = model.table.rows.at(-1);
    expect([total?.earned, total?.pipelineCommission, total?.totalPotential]).toEqual([major(800), major(-1_200), major(-400)]);
    // The lines add up to it (the engine's guarantee, which the table shows unchanged).
    for (const key of ['earned', 'pipelineCommission', 'totalPotential'])
      expect(model.table.rows.slice(0, -1).reduce((sum, row) => sum + (row[key] as number), 0)).toBe(total?.[key]);
    expect(tableToCsv(model.table).trimEnd().split('\r\n').at(-1)).toBe(
      ',Total change,,between 1 Feb 2016 and 25 Feb 2016,800.00,-1200.00,-400.00',
    );
  });

  it('says before, after and the change of each figure in its caption', () => {
    expect(model.description).toBe(
      'Dave Apthorp, Feb 2016, between 1 Feb 2016 and 25 Feb 2016: earned £1,500.00 → £2,300.00 (+£800.00), pipeline commission ' +
        '£3,600.00 → £2,400.00 (-£1,200.00), total potential £5,100.00 → £4,700.00 (-£400.00). ' +
        'Each line is one change to a deal, the levels or the stages; the lines add up to the total.',
    );
  });

  it('says so when nothing changed', () => {
    const none = commissionChangeModel({ ...daveChange, lines: [] }, { repName: 'Dave Apthorp', month: '2016-02' }, gbp);
    expect(none.table.rows).toEqual([]);
    expect(none.emptyMessage).toBe("Nothing changed Dave Apthorp's commission for Feb 2016 between 1 Feb 2016 and 25 Feb 2016.");
  });
});
