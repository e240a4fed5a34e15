import type { AuditEntry } from '../audit.js';
import type { StageConfiguration } from '../schemas/stage.js';

/** The stage configuration as stored; version 0 stands for the built-in default never written. */
export interface VersionedStageConfiguration extends StageConfiguration {
  readonly version: number;
  readonly updatedAt: string | null;
}

export interface StageConfigurationRepository {
  /** The stored configuration, or undefined while none was ever written. */
  get(): Promise<VersionedStageConfiguration | undefined>;
  /**
   * Writes if the stored version is still `expectedVersion` (0: none stored yet); else
   * ConflictError. The audit entry is written with it, or neither is.
   */
  save(configuration: VersionedStageConfiguration, expectedVersion: number, audit: AuditEntry): Promise<void>;
}
