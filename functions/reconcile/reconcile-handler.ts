import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { type ReconcileSummary, reconcileDerivedRecords } from '#core/reconcile/reconcile-derived-records.js';
import type { ReconcileRepository } from '#core/reconcile/reconcile-repository.js';
import { reconcileStoreOf } from '../composition-root.js';
import { indexManagedTeams } from '../organisation/team-index-upgrade.js';
import { completeChangeLog } from '../pipeline/change-log-upgrade.js';
import type { Dependencies } from '../shared/dependencies.js';

export const ReconcileRequest = z.strictObject({ repair: z.boolean().default(false) }).default({ repair: false });

/** At most this many drift entries are returned; the count is always complete. */
const DRIFT_SAMPLE = 100;

/**
 * The metrics of each run (Powertools: the function's namespace, dimension `service`).
 * infra alarms on drift and invalid items above zero; zero is published too, so a clean
 * run shows on the graph and a missing point means no run.
 */
export const RECONCILE_METRICS = {
  drift: 'ReconcileDrift',
  invalidItems: 'ReconcileInvalidItems',
  repaired: 'ReconcileRepaired',
} as const;

export interface ReconcileHandlerDependencies extends Dependencies {
  /** Where the run's figures go (the Lambda entry passes one); none: nothing is published. */
  readonly metrics?: Metrics;
  /** Where the run's outcome is logged (counts and ids only, never amounts). */
  readonly logger?: Logger;
  /** @default ReconcileStore on the dependencies' table */
  readonly repository?: ReconcileRepository;
}

export type ReconcileHandler = (event?: unknown) => Promise<ReconcileSummary>;

export function createReconcileHandler(deps: ReconcileHandlerDependencies): ReconcileHandler {
  const repository = deps.repository ?? reconcileStoreOf(deps);
  return async (event) => {
    const { repair } = ReconcileRequest.parse(event ?? {});
    const summary = await reconcileDerivedRecords(repository, { repair });
    // A repair also completes the change log of time travel (a no-op past the first run but the mark).
    if (repair) {
      const upgrade = await completeChangeLog(deps);
      deps.logger?.info('change log completed', { ...upgrade });
      // And the managers' index entries of teams written before it (a no-op once done).
      const indexed = await indexManagedTeams(deps);
      deps.logger?.info('managed teams indexed', { ...indexed });
    }
    if (deps.metrics) {
      deps.metrics.addMetric(RECONCILE_METRICS.drift, MetricUnit.Count, summary.driftCount);
      deps.metrics.addMetric(RECONCILE_METRICS.invalidItems, MetricUnit.Count, summary.invalidItems.length);
      deps.metrics.addMetric(RECONCILE_METRICS.repaired, MetricUnit.Count, summary.repaired);
      deps.metrics.publishStoredMetrics();
    }
    // A scheduled (asynchronous) run's result goes nowhere: the log says what drifted, by id.
    deps.logger?.[summary.driftCount > 0 || summary.invalidItems.length > 0 ? 'warn' : 'info']('reconciled', {
      repair,
      checked: summary.checked,
      driftCount: summary.driftCount,
      drift: summary.drift
        .slice(0, DRIFT_SAMPLE)
        .map(({ kind, repMonth, opportunityId }) => ({ kind, ...repMonth, ...(opportunityId ? { opportunityId } : {}) })),
      invalidItems: summary.invalidItems.slice(0, DRIFT_SAMPLE).map(({ pk, sk }) => ({ pk, sk })),
      repaired: summary.repaired,
      changedMeanwhile: summary.changedMeanwhile,
    });
    return { ...summary, drift: summary.drift.slice(0, DRIFT_SAMPLE) };
  };
}
