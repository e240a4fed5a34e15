/**
 * Past snapshots a backfill made stale. An import writes deals created (and changed) before
 * snapshots already taken, so those snapshots no longer show the pipeline as it was. The
 * import marks the earliest instant it writes; the snapshot function's retake run takes every
 * snapshot instant from there to now again and then clears the mark — unless another import
 * marked it meanwhile, whose deals the run may not have read (then the next run retakes).
 * A retake of figures already right writes nothing, so a spurious or repeated mark costs
 * only a rebuild.
 */
import { instantOf } from '../shared/instant.js';
import { snapshotInstantsBetween } from './snapshot-instants.js';
import type { SnapshotResult, TakeSnapshotsPorts } from './take-pipeline-snapshots.js';
import { takePipelineSnapshots } from './take-pipeline-snapshots.js';

/** The mark: snapshots from `from` on are stale; `marks` counts the imports that marked it. */
export interface StaleSnapshots {
  readonly from: string;
  readonly marks: number;
}

export interface StaleSnapshotsRepository {
  /** Marks the snapshots from `instant` on as stale, keeping the earliest instant marked. */
  markStaleFrom(instant: string): Promise<void>;
  /** The mark, or null when every snapshot is up to date. */
  read(): Promise<StaleSnapshots | null>;
  /** Clears the mark as read; false (and kept) when an import marked it again since. */
  clear(seen: StaleSnapshots): Promise<boolean>;
}

export interface RetakeStaleSnapshotsPorts extends TakeSnapshotsPorts {
  readonly staleSnapshots: StaleSnapshotsRepository;
}

export interface StaleRetake {
  /** The mark the run found; null when there was none (and nothing was retaken). */
  readonly staleFrom: string | null;
  readonly snapshots: readonly SnapshotResult[];
  /** False when an import marked the snapshots stale again during the run: the next run retakes. */
  readonly cleared: boolean;
}

/** Retakes every snapshot instant (of both series, and every checkpoint) from the mark to now, then clears the mark. */
export async function retakeStaleSnapshots(ports: RetakeStaleSnapshotsPorts): Promise<StaleRetake> {
  const stale = await ports.staleSnapshots.read();
  if (stale === null) return { staleFrom: null, snapshots: [], cleared: true };
  const from = Date.parse(stale.from);
  // Checkpoints from the mark on may lack the imported deals: retaken with the snapshots.
  const checkpoints = ports.timeTravel ? await ports.timeTravel.checkpoints.instants() : [];
  const instants = [
    ...snapshotInstantsBetween(instantOf(stale.from), ports.clock.now()),
    ...checkpoints.filter((asAt) => Date.parse(asAt) >= from).map(instantOf),
  ];
  const snapshots = await takePipelineSnapshots(ports, instants);
  return { staleFrom: stale.from, snapshots, cleared: await ports.staleSnapshots.clear(stale) };
}
