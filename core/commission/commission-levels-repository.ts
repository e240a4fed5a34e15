import type { AuditEntry } from '../shared/audit-entry.js';
import type { CommissionLevelsEntry } from './commission-levels-timeline.js';

/** A rep's whole timeline, every family, with the version that guards its writes. */
export interface VersionedCommissionLevels {
  readonly entries: readonly CommissionLevelsEntry[];
  /** Counts the writes of the timeline; 0 while none was written. */
  readonly version: number;
}

export interface CommissionLevelsRepository {
  /** Every effective-dated entry of a rep, all families. */
  entries(repId: string): Promise<CommissionLevelsEntry[]>;
  /** The entries of many reps, keyed by rep id; a rep without levels maps to []. */
  entriesOf(repIds: readonly string[]): Promise<Map<string, CommissionLevelsEntry[]>>;
  /** The rep's timeline and its version (read consistently: a write is planned on it). */
  timeline(repId: string): Promise<VersionedCommissionLevels>;
  /**
   * Replaces the rep's whole timeline with `timeline` if its stored version is still
   * `expectedVersion` (0: none written yet); else ConflictError. The audit entry is
   * written with it, or neither is.
   */
  save(repId: string, timeline: VersionedCommissionLevels, expectedVersion: number, audit: AuditEntry): Promise<void>;
}
