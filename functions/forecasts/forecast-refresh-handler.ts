/**
 * The scheduled refresh of the learned rates and backtests (core/forecasts/refresh-forecasts.ts),
 * run by the snapshot function (snapshot-lambda.ts sends it the `{ refresh: 'forecasts' }`
 * event of FORECAST_REFRESH_SCHEDULE) and by the local runtime. While the stream is still
 * recording changes it waits and tries again within the invocation, as the snapshot run
 * does; after that it fails and the asynchronous invocation's retries take it later.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { type ForecastRefreshSummary, refreshForecasts } from '#core/forecasts/refresh-forecasts.js';
import { retryWhileHistoryIsRecorded } from '#core/pipeline/history-recorded.js';
import { instantOf } from '#core/shared/instant.js';
import type { Dependencies } from '../shared/dependencies.js';
import { forecastRefreshPortsOf } from './forecast-refresh-ports.js';

/** What the schedule's target sends: the refresh and the event's time (`<aws.events.event.time>`). */
export const ForecastRefreshEvent = z.strictObject({
  refresh: z.literal('forecasts'),
  time: z.iso.datetime().optional().meta({ description: 'when the schedule fired; defaults to now' }),
});
export type ForecastRefreshEvent = z.infer<typeof ForecastRefreshEvent>;

export interface ForecastRefreshDependencies extends Dependencies {
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Attempts while the stream catches up, and the wait between them (tests inject). @default 6, the error's Retry-After */
  readonly attempts?: number;
  readonly wait?: (seconds: number) => Promise<void>;
  /** Segments of the parallel scan. @default DEFAULT_SCAN_SEGMENTS (16) */
  readonly scanSegments?: number;
  /** Backtest draws per forecast. @default MIN_DRAWS */
  readonly draws?: number;
}

export type ForecastRefreshHandler = (event: unknown) => Promise<ForecastRefreshSummary>;

export function createForecastRefreshHandler(deps: ForecastRefreshDependencies): ForecastRefreshHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'sales-performance-forecast-refresh' });
  const ports = forecastRefreshPortsOf(deps, deps.scanSegments === undefined ? {} : { scanSegments: deps.scanSegments });
  const attempts = deps.attempts ?? 6;
  const wait = deps.wait ?? ((seconds: number) => sleep(seconds * 1000));

  return async (event) => {
    const { time } = ForecastRefreshEvent.parse(event);
    const now = deps.clock.now();
    // Learned as at the schedule's instant, never later than now (a delayed delivery learns the same).
    const at = time !== undefined && instantOf(time).getTime() < now.getTime() ? instantOf(time) : now;
    const summary = await retryWhileHistoryIsRecorded(
      () => refreshForecasts(ports, at, { elapsedMs: () => performance.now(), ...(deps.draws === undefined ? {} : { draws: deps.draws }) }),
      {
        attempts,
        wait,
        onWait: (error, attempt) => logger.info('waiting for the stream before the forecast refresh', { attempt, reason: error.message }),
      },
    );
    logger.info('forecasts refreshed', { ...summary, months: summary.months.length });
    deps.metrics?.addMetric('ForecastRefreshDeals', MetricUnit.Count, summary.dealsRead);
    deps.metrics?.addMetric('ForecastRefreshScopes', MetricUnit.Count, summary.scopes);
    const { readMs, learnMs, backtestMs, writeMs } = summary.durations;
    deps.metrics?.addMetric('ForecastRefreshMilliseconds', MetricUnit.Milliseconds, readMs + learnMs + backtestMs + writeMs);
    deps.metrics?.publishStoredMetrics();
    return summary;
  };
}
