/**
 * The snapshot Lambda's and CLI's stores, built directly (they run at once, nothing to defer).
 * Part of the composition root, which re-exports it: in a module of its own so that the API
 * bundle, which never calls it, does not import these stores statically. A store module the
 * API also dynamic-imports (composition-root.ts's lazy ports) is a chunk of its own, and a
 * static import of it from the entry chunk, even unused, would load that chunk at cold start.
 */
import type { Adapters } from './composition-root.js';
import { PipelineRebuildStore } from './pipeline/pipeline-rebuild-store.js';
import { PipelineSnapshotStore } from './pipeline/pipeline-snapshot-store.js';
import { StaleSnapshotsStore } from './pipeline/stale-snapshots-store.js';
import { timeTravelOf } from './pipeline/time-travel-stores.js';
import type { Dependencies } from './shared/dependencies.js';

/** What takes as-at snapshots (the scheduled Lambda, the snapshot CLI): the rebuild's reads and the snapshots. */
export function snapshotPortsOf(
  deps: Dependencies,
  options: { readonly scanSegments?: number } = {},
): Pick<Adapters, 'history' | 'snapshots' | 'staleSnapshots' | 'timeTravel' | 'clock'> {
  return {
    history: new PipelineRebuildStore(deps, options.scanSegments === undefined ? {} : { segments: options.scanSegments }),
    snapshots: new PipelineSnapshotStore(deps),
    staleSnapshots: new StaleSnapshotsStore(deps),
    timeTravel: timeTravelOf(deps),
    clock: deps.clock,
  };
}
