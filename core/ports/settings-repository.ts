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

export interface SettingsRepository {
  /** The stored settings, or DEFAULT_SETTINGS while none were written. */
  get(): Promise<Settings>;
  /** Replaces the settings and writes the audit entry, together or not at all. */
  put(settings: Settings, audit: AuditEntry): Promise<void>;
}
