import * as z from 'zod';

/** Company-wide settings that shape reporting periods. */
export const SettingsInput = z.strictObject({
  /** The month a fiscal year starts: 1 = January (calendar quarters), 4 = April, ... */
  fiscalYearStartMonth: z
    .number()
    .int('must be a month number 1-12')
    .min(1, 'must be a month number 1-12')
    .max(12, 'must be a month number 1-12'),
  /** What managers may change in the teams they manage; both off unless sales operations allows it. */
  managers: z
    .strictObject({
      editDeals: z.boolean().default(false),
      editTargets: z.boolean().default(false),
    })
    .prefault({}),
});
export type SettingsInput = z.infer<typeof SettingsInput>;

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
