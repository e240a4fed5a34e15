/** Lambda entry of the scheduled as-at snapshots and the daily forecast refresh (EventBridge rules, see infra/). */
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { ForecastRefreshSummary } from '#core/forecasts/refresh-forecasts.js';
import type { SnapshotResult } from '#core/pipeline/take-pipeline-snapshots.js';
import type { ForecastRefreshHandler } from '../forecasts/forecast-refresh-handler.js';
import { dependenciesFromEnvironment } from '../shared/dependencies.js';
import { createSnapshotHandler } from './snapshot-handler.js';

const dependencies = { ...dependenciesFromEnvironment(), metrics: new Metrics() };
const snapshot = createSnapshotHandler(dependencies);
let refresh: Promise<ForecastRefreshHandler> | undefined;

/** `{ refresh: 'forecasts' }` runs the refresh (loaded on its first use: the hourly retakes never load it); anything else is a snapshot event. */
export const handler = async (event: unknown): Promise<SnapshotResult[] | ForecastRefreshSummary> => {
  if (typeof event === 'object' && event !== null && 'refresh' in event) {
    refresh ??= import('../forecasts/forecast-refresh-handler.js').then((module) => module.createForecastRefreshHandler(dependencies));
    return (await refresh)(event);
  }
  return snapshot(event);
};
