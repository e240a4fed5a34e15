import * as z from 'zod';
import { reconcileDerivedRecords, type ReconcileSummary } from '../../core/use-cases/reconcile-derived-records.js';
import type { Dependencies } from '../shared/dependencies.js';
import { ReconcileStore } from '../store/reconcile-store.js';

export const ReconcileRequest = z.strictObject({ repair: z.boolean().default(false) }).default({ repair: false });

/** At most this many drift entries are returned; the count is always complete. */
const DRIFT_SAMPLE = 100;

export type ReconcileHandler = (event?: unknown) => Promise<ReconcileSummary>;

export function createReconcileHandler(deps: Dependencies): ReconcileHandler {
  const store = new ReconcileStore(deps);
  return async (event) => {
    const { repair } = ReconcileRequest.parse(event ?? {});
    const summary = await reconcileDerivedRecords(store, { repair });
    return { ...summary, drift: summary.drift.slice(0, DRIFT_SAMPLE) };
  };
}
