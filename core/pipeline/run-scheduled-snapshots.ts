/**
 * A scheduled run of one series: the snapshot of the instant the schedule fired for, and
 * every earlier instant of the series within the catch-up window, so a run missed in an
 * outage or a deploy is taken by the next one, for the instant it should have had.
 * Instants already stored with the same figures are left as they are.
 */
import { lastSeriesInstants, type SnapshotSeries } from './snapshot-instants.js';
import { type SnapshotResult, type TakeSnapshotsPorts, takePipelineSnapshots } from './take-pipeline-snapshots.js';

/** Instants of each series a run (re)checks: a year and a month of months, two months of weeks. */
export const CATCH_UP_INSTANTS: Readonly<Record<SnapshotSeries, number>> = { monthly: 13, weekly: 8 };

export function runScheduledSnapshots(ports: TakeSnapshotsPorts, series: SnapshotSeries, firedAt: Date): Promise<SnapshotResult[]> {
  return takePipelineSnapshots(ports, lastSeriesInstants(series, CATCH_UP_INSTANTS[series], firedAt));
}
