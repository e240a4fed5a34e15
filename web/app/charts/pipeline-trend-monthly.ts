/**
 * Chart 7: the long-term pipeline trend: the open pipeline by stage as at the 1st of each
 * month. Ask the API for 13 points (`GET /pipeline/trend?series=monthly&last=13`), so this
 * month compares with the same month a year ago.
 */
import type { PipelineTrend } from '#core/pipeline/read-pipeline-trend.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { type PipelineTrendContext, pipelineTrendChart } from './pipeline-trend.js';

/** The `last` to ask the API for: a year and the month it ends in. */
export const MONTHLY_TREND_POINTS = 13;

export function pipelineTrendMonthlyChart(trend: PipelineTrend, context: PipelineTrendContext, fmt: Formatters): ChartModel {
  return pipelineTrendChart(trend, context, fmt, {
    series: 'monthly',
    title: 'Pipeline trend: month by month',
    instants: 'on the 1st of each month',
  });
}
