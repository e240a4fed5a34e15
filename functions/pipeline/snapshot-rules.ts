/**
 * The schedules of the as-at snapshots, as EventBridge cron fields (UTC): CDK builds its
 * rules from these, and the local runtime fires at the same instants. The instants
 * themselves are defined in core/pipeline/snapshot-instants.ts; a test checks the two agree.
 */
import type { SnapshotSeries } from '#core/pipeline/snapshot-instants.js';

export interface SnapshotScheduleDefinition {
  readonly description: string;
  /** EventBridge cron fields; unset fields are '*' (or '?' for the other day field). */
  readonly cron: { readonly minute: string; readonly hour: string; readonly day?: string; readonly weekDay?: string };
}

export const SNAPSHOT_SCHEDULES: Readonly<Record<SnapshotSeries, SnapshotScheduleDefinition>> = {
  monthly: {
    description: 'as-at snapshot of the open pipeline, 00:00 UTC on the 1st of every month',
    cron: { minute: '0', hour: '0', day: '1' },
  },
  weekly: { description: 'as-at snapshot of the open pipeline, 00:00 UTC every Monday', cron: { minute: '0', hour: '0', weekDay: 'MON' } },
};

/** The retake of past snapshots an import made stale (core/pipeline/stale-snapshots.ts): every hour, at minute 30. */
export const STALE_RETAKE_SCHEDULE: SnapshotScheduleDefinition = {
  description: 'retakes the past as-at snapshots an import marked stale, every hour at minute 30; nothing when none are',
  cron: { minute: '30', hour: '*' },
};

/**
 * The refresh of the forecasts' learned rates and backtests (functions/forecasts/forecast-refresh-handler.ts),
 * daily at 02:15 UTC: after the midnight snapshots, so a 1st's run backtests the month just ended.
 */
export const FORECAST_REFRESH_SCHEDULE: SnapshotScheduleDefinition = {
  description: 'refreshes the learned win and slip rates and the 12-month forecast backtest, daily at 02:15 UTC',
  cron: { minute: '15', hour: '2' },
};
