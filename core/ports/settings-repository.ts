/** Company-wide settings that shape reporting periods. */
export interface Settings {
  /** 1 = January (calendar quarters), 4 = April, ... */
  readonly fiscalYearStartMonth: number;
}

export const DEFAULT_SETTINGS: Settings = { fiscalYearStartMonth: 1 };

export interface SettingsRepository {
  /** The stored settings, or DEFAULT_SETTINGS while none were written. */
  get(): Promise<Settings>;
  put(settings: Settings): Promise<void>;
}
