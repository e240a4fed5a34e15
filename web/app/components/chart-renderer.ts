/**
 * Draws a ChartModel's ECharts option into a card. ECharts is loaded on first use, as its
 * own chunks (`import()` of the charts helper's piecewise setup), so the first paint needs
 * none of it; every later chart reuses the loaded module.
 */
import type { EChartsCoreOption } from 'echarts/core';

export interface ChartHandle {
  /** Fits the chart to its container again (the card's ResizeObserver calls it). */
  resize(): void;
  dispose(): void;
  /** A click on a data item, with the names it carries: its own (a category: a member, a deal) and its series' (a member's stack). */
  onItemClick(listener: (names: readonly string[]) => void): void;
}

export type RenderChart = (container: HTMLElement, option: EChartsCoreOption) => ChartHandle;

let renderer: Promise<RenderChart> | undefined;

export function loadChartRenderer(): Promise<RenderChart> {
  renderer ??= import('../charts/echarts-setup.js').then(
    ({ init }): RenderChart =>
      (container, option) => {
        const chart = init(container);
        // Someone who asked their system for less motion gets the chart drawn at once.
        const reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
        chart.setOption(reducedMotion ? { ...option, animation: false } : option);
        return {
          resize: () => chart.resize(),
          dispose: () => chart.dispose(),
          onItemClick: (listener) => {
            chart.on('click', (event) => {
              listener([event.name, event.seriesName].filter((name): name is string => typeof name === 'string' && name !== ''));
            });
          },
        };
      },
  );
  // A failed load (a deployment replaced the chunks) is tried again by the next chart.
  renderer.catch(() => {
    renderer = undefined;
  });
  return renderer;
}
