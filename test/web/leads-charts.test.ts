/**
 * The leads page's builders over the conversion metrics as the API answers them: what each
 * chart draws, and that each table holds the engine's figures unchanged (rates, averages and
 * ROI are the API's; the builders only pick and label them).
 */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { campaignRoiChart } from '#web/app/charts/campaign-roi.js';
import { conversionBySourceChart } from '#web/app/charts/conversion-by-source.js';
import { conversionHeadline } from '#web/app/charts/conversion-headline.js';
import { init, REGISTERED_COMPONENTS, REGISTERED_SERIES } from '#web/app/charts/echarts-setup.js';
import { leadsByStatusChart } from '#web/app/charts/leads-by-status.js';
import { stageFunnelChart } from '#web/app/charts/stage-funnel.js';
import { winRateByOriginChart } from '#web/app/charts/win-rate-by-origin.js';
import { tableToCsv } from '#web/app/format/csv.js';
import { rangePresets } from '#web/app/state/url-state.js';
import { campaigns, funnel, leadsByMonth, leadsBySource, opportunitiesByMonth } from './conversion-fixtures.js';
import { categoriesOf, columnOf, gbp, major, optionOf, seriesNamed, seriesOf, tooltipText } from './option-reader.js';

const QUARTER = ['Jan 2016', 'Feb 2016', 'Mar 2016'];

describe('leads by month and status', () => {
  const model = leadsByStatusChart(leadsByMonth, gbp);

  it("stacks each month's leads by the status they are in now", () => {
    expect(categoriesOf(model)).toEqual(QUARTER);
    expect(seriesOf(model).map((series) => [series.name, series.stack])).toEqual([
      ['Open', 'leads'],
      ['Contacted', 'leads'],
      ['Qualified', 'leads'],
      ['Closed unqualified', 'leads'],
      ['Converted', 'leads'],
    ]);
    expect(seriesNamed(model, 'Open').data).toEqual([1, 1, '-']);
    expect(seriesNamed(model, 'Converted').data).toEqual([1, 1, '-']);
  });

  it("tables created, each status, converted and the engine's conversion rate", () => {
    expect(model.table.columns.map((column) => column.label)).toEqual([
      'Month',
      'Created',
      'Open',
      'Contacted',
      'Qualified',
      'Closed unqualified',
      'Converted',
      'Conversion rate',
      'Average days to convert',
    ]);
    expect(model.table.rows[0]).toEqual({
      month: '2016-01',
      created: 4,
      'status:open': 1,
      'status:contacted': 1,
      'status:qualified': 0,
      'status:closed-unqualified': 1,
      converted: 1,
      conversionRate: 0.25,
      averageDaysToConvert: 12.5,
    });
    expect(columnOf(model, 'Conversion rate')).toEqual([0.25, 0.3333, null]);
    expect(tableToCsv(model.table).split('\r\n')[3]).toBe('2016-03,0,0,0,0,0,0,,');
    expect(model.description).toBe(
      "Acme Software Ltd, Jan 2016 to Mar 2016: 7 leads created, 2 converted (28.6%); each month's leads by the status they are in now.",
    );
  });

  it('says so when no lead was created', () => {
    const none = leadsByStatusChart(
      {
        ...leadsByMonth,
        rows: leadsByMonth.rows.map((row) => ({ ...row, created: 0 })),
        scope: { kind: 'rep', id: 'erin', name: 'Erin Kaur' },
      },
      gbp,
    );
    expect(none.option).toBeNull();
    expect(none.emptyMessage).toBe('No leads were created for Erin Kaur in these months.');
    expect(none.table.rows).toHaveLength(3);
  });
});

describe('conversion rate by source', () => {
  const model = conversionBySourceChart(leadsBySource, gbp);

  it("draws the engine's rate for each source that brought leads, labelled with its counts", () => {
    expect(categoriesOf(model)).toEqual(['Website', 'Referral', 'Event']);
    const series = seriesNamed(model, 'Conversion rate');
    expect(series.data).toEqual([0.25, 0.5, 0]);
    expect(series.label?.formatter?.({ dataIndex: 1 })).toBe('50.0% (1 of 2)');
    expect(tooltipText(model, 0)).toBe('Website\nConversion rate 25.0%\n1 of 4 leads converted');
    expect(optionOf(model).xAxis.axisLabel.formatter(0.5)).toBe('50%');
  });

  it('tables every source, a source without leads with no rate', () => {
    expect(columnOf(model, 'Source')).toEqual(['Website', 'Referral', 'Partner', 'Event']);
    expect(columnOf(model, 'Leads created')).toEqual([4, 2, 0, 1]);
    expect(columnOf(model, 'Converted')).toEqual([1, 1, 0, 0]);
    expect(columnOf(model, 'Conversion rate')).toEqual([0.25, 0.5, null, 0]);
  });
});

describe('win rate: deals from leads vs others', () => {
  const model = winRateByOriginChart(opportunitiesByMonth, gbp);

  it("puts the two origins' win rates side by side each month, none where nothing closed", () => {
    expect(categoriesOf(model)).toEqual(QUARTER);
    expect(seriesNamed(model, 'From leads').data).toEqual([1, '-', '-']);
    expect(seriesNamed(model, 'Other deals').data).toEqual([0.5, 0, '-']);
    expect(seriesOf(model).every((series) => series.stack === undefined)).toBe(true);
    expect(optionOf(model).yAxis.max).toBe(1);
  });

  it("headlines the range's win rates and revenue contribution, and tables both origins", () => {
    expect(model.description).toBe(
      'Acme Software Ltd, Jan 2016 to Mar 2016: deals from converted leads won 100.0% of those closed, other deals 33.3%; ' +
        'converted leads brought 28.6% of won revenue.',
    );
    expect(model.table.rows[0]).toMatchObject({
      month: '2016-01',
      'fromLeads:count': 1,
      'fromLeads:winRate': 1,
      'fromLeads:wonRevenue': major(12_000),
      'others:won': 1,
      'others:lost': 1,
      'others:winRate': 0.5,
      revenueContribution: 0.2857,
    });
    expect(columnOf(model, 'Revenue from leads')).toEqual([0.2857, null, null]);
  });

  it('says why there is nothing to draw', () => {
    const open = {
      ...opportunitiesByMonth,
      total: {
        ...opportunitiesByMonth.total,
        fromLeads: { ...opportunitiesByMonth.total.fromLeads, winRate: null },
        others: { ...opportunitiesByMonth.total.others, winRate: null },
      },
    };
    expect(winRateByOriginChart(open, gbp).emptyMessage).toBe(
      'None of the deals Acme Software Ltd created in these months has been won or lost yet.',
    );
    const none = { ...open, total: { ...open.total, all: { ...open.total.all, count: 0 } } };
    expect(winRateByOriginChart(none, gbp).emptyMessage).toBe('No deals were created for Acme Software Ltd in these months.');
  });
});

describe('revenue and ROI by campaign', () => {
  const model = campaignRoiChart(campaigns, gbp);

  it('draws won revenue and actual cost of each campaign with something to show, ROI beside the revenue', () => {
    // The trade show cost nothing and won nothing; "No campaign" has no cost to weigh.
    expect(categoriesOf(model)).toEqual(['Spring webinars']);
    expect(seriesNamed(model, 'Won revenue').data).toEqual([major(12_000)]);
    expect(seriesNamed(model, 'Actual cost').data).toEqual([major(4_000)]);
    expect(seriesNamed(model, 'Won revenue').label?.formatter?.({ dataIndex: 0 })).toBe('£12k · ROI 200.0%');
    expect(tooltipText(model, 0)).toContain('ROI 200.0%');
  });

  it("tables every row with the engine's costs per lead and per won deal and ROI, a missing one as none", () => {
    expect(columnOf(model, 'Campaign')).toEqual(['Spring webinars', 'London trade show', 'No campaign']);
    expect(columnOf(model, 'Type')).toEqual(['Webinar', 'Trade show', null]);
    expect(columnOf(model, 'Cost per lead')).toEqual([major(1_000), 0, null]);
    expect(columnOf(model, 'Cost per won deal')).toEqual([major(4_000), null, null]);
    expect(columnOf(model, 'ROI')).toEqual([2, null, null]);
    expect(tableToCsv(model.table).split('\r\n')[1]).toBe('Spring webinars,Webinar,4,2,2,9000.00,1,12000.00,4000.00,1000.00,4000.00,2');
  });
});

describe('stage conversion funnel', () => {
  const model = stageFunnelChart(funnel, gbp);

  it('draws the deals that reached each stage in configuration order, won last, lost in the table only', () => {
    expect(categoriesOf(model)).toEqual(['Prospecting', 'Proposal made', 'Closed Won']);
    const series = seriesNamed(model, 'Deals that reached the stage');
    expect(series.data.map((point: { value: number }) => point.value)).toEqual([8, 5, 2]);
    expect(series.label?.formatter?.({ dataIndex: 0 })).toBe('8 · 25.0% won');
    expect(series.label?.formatter?.({ dataIndex: 2 })).toBe('2');
  });

  it('tables the share reaching each later stage, the share won and the days in the stage', () => {
    expect(model.table.columns.map((column) => column.label)).toEqual([
      'Stage',
      'Deals reached',
      'Reached Prospecting',
      'Reached Proposal made',
      'Reached Closed Won',
      'Reached Closed Lost',
      'Won',
      'Average days in stage',
    ]);
    expect(model.table.rows[0]).toEqual({
      stage: 'Prospecting',
      reached: 8,
      'later:proposal-made': 0.625,
      'later:closed-won': 0.25,
      'later:closed-lost': 0.25,
      won: 0.25,
      averageDaysInStage: 9.5,
    });
    expect(tableToCsv(model.table).split('\r\n')[2]).toBe('Proposal made,5,,,0.4,0.2,0.4,14');
  });
});

describe('headline figures', () => {
  it("are the API's totals, formatted", () => {
    expect(conversionHeadline(leadsByMonth, opportunitiesByMonth, gbp).map(({ label, value, note }) => [label, value, note])).toEqual([
      ['Leads created', '7', '2 converted so far'],
      ['Conversion rate', '28.6%', 'of the leads created'],
      ['Time to convert', '12.5 days', 'on average, created to converted'],
      ['Win rate, deals from leads', '100.0%', '1 won, 0 lost'],
      ['Win rate, other deals', '33.3%', '1 won, 2 lost'],
      ['Won revenue from leads', '28.6%', '£12,000.00 of £42,000.00'],
    ]);
  });
});

describe('quick ranges', () => {
  it('are the last 12 months, this fiscal year so far and the last fiscal year', () => {
    expect(rangePresets('2016-02', 4)).toEqual([
      { label: 'Last 12 months', from: '2015-03', to: '2016-02' },
      { label: 'This fiscal year', from: '2015-04', to: '2016-02' },
      { label: 'Last fiscal year', from: '2014-04', to: '2015-03' },
    ]);
  });
});

describe('every chart of the leads page draws with what echarts-setup registers', () => {
  let warn: MockInstance;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  const models = [
    leadsByStatusChart(leadsByMonth, gbp),
    conversionBySourceChart(leadsBySource, gbp),
    winRateByOriginChart(opportunitiesByMonth, gbp),
    campaignRoiChart(campaigns, gbp),
    stageFunnelChart(funnel, gbp),
  ];

  it('uses only registered series and components, with decals and the description', () => {
    for (const model of models) {
      const option = optionOf(model);
      for (const series of option.series) expect(REGISTERED_SERIES).toContain(series.type);
      for (const key of Object.keys(option).filter((name) => !['color', 'textStyle', 'series', 'xAxis', 'yAxis'].includes(name)))
        expect(REGISTERED_COMPONENTS).toContain(key);
      expect(option.aria).toEqual({ enabled: true, label: { enabled: true, description: model.description }, decal: { show: true } });
      const chart = init(null, { ssr: true, width: 600, height: 320 });
      chart.setOption(model.option as Record<string, unknown>);
      expect(chart.renderToSVGString()).toContain('<svg');
      chart.dispose();
    }
    expect(warn).not.toHaveBeenCalled();
  });
});
