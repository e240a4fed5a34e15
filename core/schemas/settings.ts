import * as z from 'zod';

/** Company-wide settings that shape reporting periods. */
export const SettingsInput = z.strictObject({
  /** The month a fiscal year starts: 1 = January (calendar quarters), 4 = April, ... */
  fiscalYearStartMonth: z.number().int('must be a month number 1-12').min(1, 'must be a month number 1-12').max(12, 'must be a month number 1-12'),
});
export type SettingsInput = z.infer<typeof SettingsInput>;
