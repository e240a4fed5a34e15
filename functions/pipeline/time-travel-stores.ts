import type { TimeTravelRepositories } from '#core/pipeline/time-travel-repositories.js';
import type { Dependencies } from '../shared/dependencies.js';
import { ChangeLogStore } from './change-log-store.js';
import { DealCheckpointStore } from './deal-checkpoint-store.js';
import { PipelineContextStore } from './pipeline-context-store.js';
import { StaleSnapshotsStore } from './stale-snapshots-store.js';

/** The stores of time travel from a checkpoint (core/pipeline/history-at.ts). */
export function timeTravelOf(deps: Dependencies): TimeTravelRepositories {
  return {
    checkpoints: new DealCheckpointStore(deps),
    changeLog: new ChangeLogStore(deps),
    context: new PipelineContextStore(deps),
    staleSnapshots: new StaleSnapshotsStore(deps),
  };
}
