import type { AuditEntry } from '../shared/audit-entry.js';
import type { VersionedSettings } from './settings.js';

export interface SettingsRepository {
  /** The stored settings, or DEFAULT_SETTINGS at version 0 while none were written. */
  get(): Promise<VersionedSettings>;
  /**
   * Replaces the settings if the stored version is still `expectedVersion` (0: none
   * written yet); else ConflictError. The audit entry is written with them, or neither is.
   */
  save(settings: VersionedSettings, expectedVersion: number, audit: AuditEntry): Promise<void>;
}
