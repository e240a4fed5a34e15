import type { Scope } from '../organisation/scope.js';
import type { ScopedSnapshot } from './pipeline-rebuild.js';
import type { PipelineSnapshot } from './pipeline-snapshot.js';

/** A stored as-at snapshot of one scope. */
export interface StoredSnapshot extends ScopedSnapshot {
  /** When the figures were first written; a re-run that finds them equal keeps it. */
  readonly takenAt: string;
}

export interface SnapshotWrite {
  readonly asAt: string;
  /** Scopes whose figures are new or differ from the stored ones. */
  readonly puts: readonly ScopedSnapshot[];
  /** Scopes stored for the instant that no longer have open deals then. */
  readonly deletes: readonly Scope[];
  readonly takenAt: string;
}

/** A scope's figures at one instant of a series; `taken` is false where no snapshot exists yet. */
export interface SeriesPoint {
  readonly asAt: string;
  readonly taken: boolean;
  /** Undefined when not taken, or taken with no open deal in the scope then. */
  readonly snapshot: PipelineSnapshot | undefined;
  /** The company's snapshot of the instant: its stage list frames a scope with no deals. */
  readonly company: PipelineSnapshot | undefined;
}

export interface PipelineSnapshotRepository {
  /** Every scope stored for the instant (empty when never taken). */
  readInstant(asAt: string): Promise<StoredSnapshot[]>;
  write(change: SnapshotWrite): Promise<void>;
  /** The scope at each instant, in the order asked. */
  readSeries(scope: Scope, instants: readonly string[]): Promise<SeriesPoint[]>;
}
