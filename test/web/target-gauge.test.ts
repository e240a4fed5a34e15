import { describe, expect, it } from 'vitest';
import { pipelineByStageChart } from '#web/app/charts/pipeline-by-stage.js';
import { targetGaugeChart } from '#web/app/charts/target-gauge.js';
import { tableToCsv } from '#web/app/format/csv.js';
import { gbp, major, optionOf, seriesOf, tooltipText } from './option-reader.js';
import { daveFebruary, daveJuly, northFebruary } from './seed-fixtures.js';

describe('the target gauge', () => {
  const model = targetGaugeChart(daveFebruary.targetRecord, { scopeName: 'Dave Apthorp', period: '2016-02' }, gbp);
  const [gauge, targetMarker] = seriesOf(model);

  it('points at closed won (80,000) and marks the target (100,000), on bands that follow the target', () => {
    expect(gauge?.type).toBe('gauge');
    expect(gauge?.data.map((item: { name: string; value: number }) => [item.name, item.value])).toEqual([['Closed won', major(80_000)]]);
    expect(targetMarker?.type).toBe('gauge');
    expect(targetMarker?.data).toEqual([{ name: 'Target', value: major(100_000) }]);
    expect(targetMarker?.pointer.icon).toBe('rect');
    // Red to 80,000, amber to 100,000, green beyond: fractions of a dial that runs to 120,000.
    for (const dial of [gauge, targetMarker])
      expect([dial?.min, dial?.max, dial?.startAngle, dial?.endAngle]).toEqual([0, major(120_000), 200, -20]);
    expect(gauge?.axisLine.lineStyle.color).toEqual([
      [2 / 3, '#B91C1C'],
      [5 / 6, '#B45309'],
      [1, '#15803D'],
    ]);
    expect(gauge?.axisLabel.formatter(major(40_000))).toBe('£40k');
  });

  it('says the status in words, not only in colour', () => {
    expect(gauge?.data[0].detail.formatter()).toBe('£80,000.00\n80.0% of £100,000.00 target\nAmber: short of target');
    expect(model.description).toBe(
      'Dave Apthorp, Feb 2016: £80,000.00 closed won of a £100,000.00 target (80.0%). Amber: short of target (amber from £80,000.00, green from £100,000.00).',
    );
    expect(optionOf(model).aria).toEqual({
      enabled: true,
      label: { enabled: true, description: model.description },
      decal: { show: true },
    });
  });

  it("tables the engine's figures as they are", () => {
    expect(model.table.rows).toEqual([
      {
        target: major(100_000),
        closedWon: major(80_000),
        attainment: 0.8,
        amberFrom: major(80_000),
        greenFrom: major(100_000),
        status: 'Amber: short of target',
      },
    ]);
    expect(tableToCsv(model.table)).toBe(
      'Target,Closed won,Attainment,Amber from,Green from,Status\r\n100000.00,80000.00,0.8,80000.00,100000.00,Amber: short of target\r\n',
    );
  });

  it('stretches the dial when closed won passes the headroom, so the pointer stays on it', () => {
    const beyond = targetGaugeChart(
      { ...daveFebruary.targetRecord, closedWon: major(150_000), gauge: { ...daveFebruary.targetRecord.gauge, status: 'green' } },
      { scopeName: 'Dave Apthorp', period: '2016-02' },
      gbp,
    );
    expect(seriesOf(beyond).map((dial) => dial.max)).toEqual([major(150_000), major(150_000)]);
  });

  it('says so when there is no target', () => {
    const empty = targetGaugeChart(daveJuly.targetRecord, { scopeName: 'Dave Apthorp', period: '2016-07' }, gbp);
    expect(empty.option).toBeNull();
    expect(empty.emptyMessage).toBe('No target set for Dave Apthorp in Jul 2016.');
    expect(empty.table.rows).toEqual([{ target: null, closedWon: 0, attainment: null, amberFrom: null, greenFrom: null, status: null }]);
  });

  it('names quarters and years in the message', () => {
    const quarter = targetGaugeChart(daveJuly.targetRecord, { scopeName: 'North', period: '2016-Q3' }, gbp);
    expect(quarter.emptyMessage).toBe('No target set for North in Q3 2016.');
  });
});

describe('the open pipeline by stage (doughnut)', () => {
  const model = pipelineByStageChart(daveFebruary.targetRecord, { scopeName: 'Dave Apthorp', period: '2016-02' }, gbp);

  it('has a slice for each open stage with deals: Proposal Made 15,000 and Negotiation 25,000', () => {
    const [pie] = seriesOf(model);
    expect(pie?.type).toBe('pie');
    expect(pie?.radius).toEqual(['42%', '68%']);
    expect(pie?.data.map((slice: { name: string; value: number }) => [slice.name, slice.value])).toEqual([
      ['Proposal Made', major(15_000)],
      ['Negotiation', major(25_000)],
    ]);
    // Named in the legend (long names beside a doughnut are cut at the card's edge), figures in the tooltip.
    expect(pie?.label).toEqual({ show: false });
    expect(optionOf(model).legend.data).toEqual(['Proposal Made', 'Negotiation']);
    expect(tooltipText(model, 0)).toBe('Proposal Made\n£15,000.00\n1 deal');
    expect(model.description).toBe('Dave Apthorp, Feb 2016: £40,000.00 of open deals, by stage.');
  });

  it('keeps each stage its colour in the funnel, whatever stages are empty', () => {
    const [pie] = seriesOf(model);
    // Proposal Made is the third open stage, Negotiation the fourth.
    expect(pie?.data.map((slice: { itemStyle: { color: string } }) => slice.itemStyle.color)).toEqual(['#007A5E', '#A23B72']);
  });

  it('tables every open stage, empty ones too, and no won or lost stage', () => {
    expect(model.table.rows).toEqual([
      { stage: 'Prospecting', probability: 10, count: 0, amount: 0 },
      { stage: 'Investigation', probability: 20, count: 0, amount: 0 },
      { stage: 'Proposal Made', probability: 50, count: 1, amount: major(15_000) },
      { stage: 'Negotiation', probability: 75, count: 1, amount: major(25_000) },
    ]);
  });

  it("shows a team's pipeline the same way", () => {
    const team = pipelineByStageChart(northFebruary.targetRecord, { scopeName: 'North', period: '2016-02' }, gbp);
    expect(seriesOf(team)[0]?.data.map((slice: { name: string; value: number }) => [slice.name, slice.value])).toEqual([
      ['Prospecting', major(10_000)],
      ['Proposal Made', major(15_000)],
      ['Negotiation', major(25_000)],
    ]);
  });

  it('says so when there is no open pipeline', () => {
    const empty = pipelineByStageChart(daveJuly.targetRecord, { scopeName: 'Dave Apthorp', period: '2016-07' }, gbp);
    expect(empty.option).toBeNull();
    expect(empty.emptyMessage).toBe('No open pipeline for Dave Apthorp in Jul 2016.');
  });
});
