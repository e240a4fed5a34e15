import type { AuditEntry } from '../audit.js';

/** Company-wide settings that shape reporting periods. */
export interface Settings {
  /** 1 = January (calendar quarters), 4 = April, ... */
  readonly fiscalYearStartMonth: number;
  /** What managers may change in the teams they manage, beyond reading them. */
  readonly managers: { readonly editDeals: boolean; readonly editTargets: boolean };
}

/** Managers read their teams but change nothing until sales operations allows it. */
export const DEFAULT_SETTINGS: Settings = { fiscalYearStartMonth: 1, managers: { editDeals: false, editTargets: false } };

/** The settings as stored; version 0 stands for the defaults, never written. */
export interface VersionedSettings extends Settings {
  readonly version: number;
}

export interface SettingsRepository {
  /** The stored settings, or DEFAULT_SETTINGS at version 0 while none were written. */
  get(): Promise<VersionedSettings>;
  /**
   * Replaces the settings if the stored version is still `expectedVersion` (0: none
   * written yet); else ConflictError. The audit entry is written with them, or neither is.
   */
  save(settings: VersionedSettings, expectedVersion: number, audit: AuditEntry): Promise<void>;
}
