/**
 * The part of ECharts the dashboard uses, and nothing else, so the bundle carries only
 * that: the chart types and components the builders' options name, and the SVG renderer.
 *
 * SVG rather than canvas: the dashboard draws a dozen small charts of a few dozen shapes
 * each, where SVG uses less memory than a canvas per chart, stays sharp at any zoom and in
 * print, and leaves real elements in the page that the browser tests can query; the
 * same renderer also renders on the server (`ssr: true`), which is how the unit tests
 * check that every builder's option draws with exactly these registrations. Canvas pays
 * off for thousands of points, which no chart here has.
 */
import { BarChart, BoxplotChart, GaugeChart, PieChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsInitOpts, type EChartsType, init as initECharts, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  BoxplotChart,
  GaugeChart,
  PieChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

/** The series types registered above: what `series[].type` may be in a builder's option. */
export const REGISTERED_SERIES = ['bar', 'boxplot', 'gauge', 'pie', 'scatter'] as const;
/** The components registered above, by their option key (grid brings its xAxis and yAxis). */
export const REGISTERED_COMPONENTS = ['aria', 'grid', 'legend', 'tooltip'] as const;

/** Where a chart is drawn: an element in the page, or null with `ssr: true` (server-side rendering, tests). */
export type ChartHost = Parameters<typeof initECharts>[0];

/** An ECharts instance on the SVG renderer, the only one registered. */
export function init(host: ChartHost, options: Omit<EChartsInitOpts, 'renderer'> = {}): EChartsType {
  return initECharts(host, null, { ...options, renderer: 'svg' });
}
