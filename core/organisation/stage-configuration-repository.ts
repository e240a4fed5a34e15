import type { AuditEntry } from '../shared/audit-entry.js';
import type { VersionedStageConfiguration } from './stage.js';

export interface StageConfigurationRepository {
  /** The stored configuration, or undefined while none was ever written. */
  get(): Promise<VersionedStageConfiguration | undefined>;
  /**
   * Writes if the stored version is still `expectedVersion` (0: none stored yet); else
   * ConflictError. The audit entry is written with it, or neither is.
   */
  save(configuration: VersionedStageConfiguration, expectedVersion: number, audit: AuditEntry): Promise<void>;
}
