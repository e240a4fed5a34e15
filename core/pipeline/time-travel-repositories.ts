import type { ChangeLog, CheckpointDeal } from './deal-checkpoint.js';
import type { PipelineHistory } from './pipeline-rebuild.js';
import type { StaleSnapshotsRepository } from './stale-snapshots.js';

/** The deal-state checkpoints kept with the as-at snapshots. */
export interface DealCheckpointRepository {
  /** The instants that have a complete checkpoint, oldest first. */
  instants(): Promise<string[]>;
  /** The deals of a checkpoint; undefined when it is not (or no longer) complete. */
  read(asAt: string): Promise<CheckpointDeal[] | undefined>;
  /** Stores a checkpoint (unchanged ones write nothing); complete once this resolves. */
  write(asAt: string, deals: readonly CheckpointDeal[]): Promise<void>;
}

/** The change log: creations and field changes, read by their instant. */
export interface ChangeLogRepository {
  /** True once every stored change and creation is in the log (the upgrade has run). */
  isComplete(): Promise<boolean>;
  /** Every creation and change dated in (after, upTo]. */
  read(after: string, upTo: string): Promise<ChangeLog>;
}

/** The small reads of the rebuild: stage configuration versions, rep team versions, teams. */
export interface PipelineContextRepository {
  /**
   * Everything the rebuild needs beside the deals. Rep versions older than the one in force
   * at `since` may be left out: no instant asked about is before it.
   */
  read(since: string): Promise<Omit<PipelineHistory, 'deals'>>;
}

/** What the fast path needs beside the full rebuild's repository. */
export interface TimeTravelRepositories {
  readonly checkpoints: DealCheckpointRepository;
  readonly changeLog: ChangeLogRepository;
  readonly context: PipelineContextRepository;
  readonly staleSnapshots: Pick<StaleSnapshotsRepository, 'read'>;
}
