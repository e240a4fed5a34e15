/**
 * Chart 8: the short-term pipeline trend: the open pipeline by stage as at each Monday of
 * the last weeks (`GET /pipeline/trend?series=weekly&last=8`; the API's default is 6).
 */
import type { PipelineTrend } from '#core/pipeline/read-pipeline-trend.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { type PipelineTrendContext, pipelineTrendChart } from './pipeline-trend.js';

/** The `last` to ask the API for: two months of weeks. */
export const WEEKLY_TREND_POINTS = 8;

export function pipelineTrendWeeklyChart(trend: PipelineTrend, context: PipelineTrendContext, fmt: Formatters): ChartModel {
  return pipelineTrendChart(trend, context, fmt, {
    series: 'weekly',
    title: 'Pipeline trend: week by week',
    instants: 'each Monday',
  });
}
