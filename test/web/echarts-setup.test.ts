/**
 * Every builder's option, drawn by ECharts on the server (SVG, `ssr: true`) with only what
 * echarts-setup registers: a chart type or component used but not registered makes ECharts
 * warn, and one registered but used by no builder is dead weight in the bundle.
 */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { ChartModel } from '#web/app/charts/chart-model.js';
import { closedWonByMemberChart } from '#web/app/charts/closed-won-by-member.js';
import { init, REGISTERED_COMPONENTS, REGISTERED_SERIES } from '#web/app/charts/echarts-setup.js';
import { memberAttainmentChart } from '#web/app/charts/member-attainment.js';
import { openDealsByCommissionChart } from '#web/app/charts/open-deals-by-commission.js';
import { pipelineByCloseMonthChart } from '#web/app/charts/pipeline-by-close-month.js';
import { pipelineByStageChart } from '#web/app/charts/pipeline-by-stage.js';
import { pipelineChangeWaterfallChart } from '#web/app/charts/pipeline-change-waterfall.js';
import { pipelineTrendMonthlyChart } from '#web/app/charts/pipeline-trend-monthly.js';
import { pipelineTrendWeeklyChart } from '#web/app/charts/pipeline-trend-weekly.js';
import { repCommissionChart } from '#web/app/charts/rep-commission.js';
import { targetByMonthChart } from '#web/app/charts/target-by-month.js';
import { targetGaugeChart } from '#web/app/charts/target-gauge.js';
import { wonRevenueForecastChart } from '#web/app/charts/won-revenue-forecast.js';
import { daveForecast } from './forecast-fixtures.js';
import { gbp, major } from './option-reader.js';
import {
  companyFirstQuarter,
  companyYear,
  daveFebruary,
  februaryChange,
  monthlyTrend,
  northFebruary,
  northYear,
  weeklyTrend,
} from './seed-fixtures.js';

const models: Record<string, ChartModel> = {
  'target gauge': targetGaugeChart(daveFebruary.targetRecord, { scopeName: 'Dave Apthorp', period: '2016-02' }, gbp),
  'target by month': targetByMonthChart(northYear, gbp),
  'members over and under target': memberAttainmentChart(northFebruary, gbp),
  'members of the company': memberAttainmentChart(companyFirstQuarter, gbp),
  'pipeline by stage': pipelineByStageChart(daveFebruary.targetRecord, { scopeName: 'Dave Apthorp', period: '2016-02' }, gbp),
  'closed won by member': closedWonByMemberChart(companyYear, gbp),
  'pipeline by close month': pipelineByCloseMonthChart(northYear, gbp, { fromMonth: '2016-02' }),
  'monthly trend': pipelineTrendMonthlyChart(monthlyTrend, { scopeName: 'North' }, gbp),
  'weekly trend': pipelineTrendWeeklyChart(weeklyTrend, { scopeName: 'North' }, gbp),
  'pipeline change': pipelineChangeWaterfallChart(februaryChange, { scopeName: 'North' }, gbp),
  'rep commission': repCommissionChart(daveFebruary, gbp),
  'open deals by commission': openDealsByCommissionChart(daveFebruary, gbp),
  'won revenue forecast': wonRevenueForecastChart(daveForecast, { scopeName: 'Dave Apthorp' }, gbp),
  'target by month with its forecast band': targetByMonthChart(northYear, gbp, [
    { month: '2016-02', p10: major(80_000), p50: major(95_000), p90: major(120_000), probabilityOfReachingTarget: 0.4312 },
  ]),
};

const options = Object.values(models).map((model) => model.option as Record<string, any>);

/** Top-level option keys that are not components: the palette and the text style. */
const PLAIN_KEYS = new Set(['color', 'textStyle', 'series']);
/** Option keys that a registered component brings: a grid's axes. */
const COMPONENT_OF_KEY: Record<string, string> = { xAxis: 'grid', yAxis: 'grid' };

describe('echarts-setup', () => {
  it('registers exactly the chart types the builders use', () => {
    const used = new Set(options.flatMap((option) => (option.series as Array<{ type: string }>).map((series) => series.type)));
    expect([...used].sort()).toEqual([...REGISTERED_SERIES].sort());
  });

  it('registers exactly the components the builders use', () => {
    const used = new Set(
      options.flatMap((option) =>
        Object.keys(option)
          .filter((key) => !PLAIN_KEYS.has(key))
          .map((key) => COMPONENT_OF_KEY[key] ?? key),
      ),
    );
    expect([...used].sort()).toEqual([...REGISTERED_COMPONENTS].sort());
  });

  it('turns on decals and the accessible description in every chart', () => {
    for (const [name, model] of Object.entries(models)) {
      expect(model.option, name).not.toBeNull();
      expect((model.option as Record<string, any>).aria, name).toEqual({
        enabled: true,
        label: { enabled: true, description: model.description },
        decal: { show: true },
      });
    }
  });

  describe('draws every builder option without a warning', () => {
    // ECharts reports through all three (a missing registration is an error, a deprecation a log).
    let consoleCalls: MockInstance[] = [];
    beforeEach(() => {
      consoleCalls = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it.each(Object.entries(models))('%s', (_name, model) => {
      const chart = init(null, { ssr: true, width: 640, height: 400 });
      try {
        chart.setOption(model.option ?? {});
        const svg = chart.renderToSVGString();
        expect(svg).toMatch(/^<svg[^>]*width="640"/);
        // Decals are drawn as SVG patterns.
        expect(svg).toContain('<pattern');
      } finally {
        chart.dispose();
      }
      for (const calls of consoleCalls) expect(calls.mock.calls).toEqual([]);
    });
  });

  it('draws the labels the builders format: deal names and amounts in pounds', () => {
    const chart = init(null, { ssr: true, width: 640, height: 400 });
    try {
      chart.setOption(models['open deals by commission']?.option ?? {});
      const svg = chart.renderToSVGString();
      expect(svg).toContain('Globex licence');
      expect(svg).toContain('£1,500.00');
    } finally {
      chart.dispose();
    }
  });
});
