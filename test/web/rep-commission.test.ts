import { describe, expect, it } from 'vitest';
import type { RepMonthReport } from '#core/reports/read-rep-month.js';
import { openDealsByCommissionChart } from '#web/app/charts/open-deals-by-commission.js';
import { repCommissionChart } from '#web/app/charts/rep-commission.js';
import { tableToCsv } from '#web/app/format/csv.js';
import { categoriesOf, columnOf, gbp, major, seriesOf, tooltipText } from './option-reader.js';
import { daveFebruary, daveJuly } from './seed-fixtures.js';

describe("a rep's commission (the seed: Dave Apthorp, February 2016)", () => {
  const model = repCommissionChart(daveFebruary, gbp);

  it('shows 2,300 earned, 2,400 pipeline commission and 4,700 total potential', () => {
    expect(categoriesOf(model)).toEqual(['Earned', 'Pipeline commission', 'Total potential']);
    const [series, ...others] = seriesOf(model);
    expect(others).toEqual([]);
    expect(series?.data).toEqual([major(2_300), major(2_400), major(4_700)]);
    expect(series?.label?.formatter?.({ value: major(4_700) })).toBe('£4,700.00');
    expect(model.description).toBe(
      'Dave Apthorp, Feb 2016: £2,300.00 earned on closed won deals; £2,400.00 more if every open deal closes; £4,700.00 potential in all.',
    );
  });

  it('tables the same figures with the revenue behind them, and writes them to CSV in pounds', () => {
    expect(model.table.rows).toEqual([
      {
        products: 'All products',
        wonRevenue: major(80_000),
        openRevenue: major(40_000),
        earned: major(2_300),
        pipelineCommission: major(2_400),
        totalPotential: major(4_700),
      },
    ]);
    expect(tableToCsv(model.table)).toBe(
      'Products,Closed won revenue,Open revenue,Commission earned,Pipeline commission,Total potential commission\r\n' +
        'All products,80000.00,40000.00,2300.00,2400.00,4700.00\r\n',
    );
  });

  it('puts product families with levels of their own beside the totals', () => {
    const record = daveFebruary.commissionRecord;
    const withFamilies: RepMonthReport = {
      ...daveFebruary,
      commissionRecord: {
        ...record,
        byFamily: [
          {
            productFamily: null,
            wonRevenue: major(80_000),
            openRevenue: major(1_000),
            earned: major(2_300),
            pipelineCommission: major(60),
            totalPotential: major(2_360),
          },
          {
            productFamily: 'services',
            wonRevenue: major(1_000),
            openRevenue: major(2_000),
            earned: major(100),
            pipelineCommission: major(200),
            totalPotential: major(300),
          },
        ],
      },
    };
    const families = repCommissionChart(withFamilies, gbp);
    expect(seriesOf(families).map((series) => [series.name, series.data])).toEqual([
      ['All products', [record.earned, record.pipelineCommission, record.totalPotential]],
      ['Other products (general levels)', [major(2_300), major(60), major(2_360)]],
      ['services', [major(100), major(200), major(300)]],
    ]);
    expect(columnOf(families, 'Products')).toEqual(['All products', 'Other products (general levels)', 'services']);
    expect(columnOf(families, 'Total potential commission')).toEqual([record.totalPotential, major(2_360), major(300)]);
  });

  it('says so when there is no commission at all', () => {
    const empty = repCommissionChart(daveJuly, gbp);
    expect(empty.option).toBeNull();
    expect(empty.emptyMessage).toBe('No commission earned or in the pipeline for Dave Apthorp in Jul 2016.');
  });
});

describe("a rep's open deals ranked by the commission each would add", () => {
  const model = openDealsByCommissionChart(daveFebruary, gbp);

  it("keeps the API's order: Globex (adds 1,500) before Initech (adds 900), highest at the top", () => {
    expect(categoriesOf(model)).toEqual(['Globex licence', 'Initech pilot']);
    expect((model.option as any).yAxis.inverse).toBe(true);
    expect(seriesOf(model)[0]?.data).toEqual([major(1_500), major(900)]);
    expect(seriesOf(model)[0]?.label?.formatter?.({ value: major(1_500) })).toBe('£1,500.00');
  });

  it('tables each deal with its stage by name, amount, probability and commission', () => {
    expect(model.table.rows).toEqual([
      {
        rank: 1,
        deal: 'Globex licence',
        account: 'Globex',
        stage: 'Negotiation',
        closeDate: '2016-02-20',
        amount: major(25_000),
        probability: 75,
        commission: major(1_500),
      },
      {
        rank: 2,
        deal: 'Initech pilot',
        account: 'Initech',
        stage: 'Proposal Made',
        closeDate: '2016-02-25',
        amount: major(15_000),
        probability: 50,
        commission: major(900),
      },
    ]);
    expect(tooltipText(model, 1)).toBe(
      'Initech pilot (Initech)\nWould add £900.00 commission\n£15,000.00 · Proposal Made · 50%\nCloses 25 Feb 2016',
    );
  });

  it('does not re-sort: a list the API ranked otherwise keeps that rank', () => {
    const reversed = openDealsByCommissionChart(
      {
        ...daveFebruary,
        commissionRecord: { ...daveFebruary.commissionRecord, openDeals: [...daveFebruary.commissionRecord.openDeals].reverse() },
      },
      gbp,
    );
    expect(categoriesOf(reversed)).toEqual(['Initech pilot', 'Globex licence']);
  });

  it('escapes deal names in the HTML tooltip', () => {
    const deal = daveFebruary.commissionRecord.openDeals[0];
    if (!deal) throw new Error('fixture has open deals');
    const hostile = openDealsByCommissionChart(
      {
        ...daveFebruary,
        commissionRecord: { ...daveFebruary.commissionRecord, openDeals: [{ ...deal, name: '<img src=x onerror=alert(1)>' }] },
      },
      gbp,
    );
    expect(tooltipText(hostile, 0)).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(tooltipText(hostile, 0)).not.toContain('<img');
  });

  it('says so when the rep has no open deals', () => {
    const empty = openDealsByCommissionChart(daveJuly, gbp);
    expect(empty.option).toBeNull();
    expect(empty.table.rows).toEqual([]);
    expect(empty.emptyMessage).toBe('Dave Apthorp has no open deals closing in Jul 2016.');
  });
});
