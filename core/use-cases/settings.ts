/**
 * The company settings: the fiscal year and what managers may change.
 *
 * Set: only admins (sales operations); the settings are replaced as a whole. Settings
 * equal to those in force write and record nothing; otherwise they are written with their
 * audit entry (before: the settings in force, the defaults until first set).
 */
import { requireAdmin, type AccessContext } from '../access-policy.js';
import { auditEntryOf, auditSubjects, sameState } from '../audit.js';
import type { Clock } from '../clock.js';
import type { Settings, SettingsRepository } from '../ports/settings-repository.js';

export interface SettingsPorts {
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

export async function putSettings({ settings, clock }: SettingsPorts, access: AccessContext, input: Settings): Promise<Settings> {
  requireAdmin(access, 'change the settings');
  const before = await settings.get();
  if (sameState(before, input)) return input;
  await settings.put(input, auditEntryOf({ actor: access.principal, at: clock.now(), subject: auditSubjects.settings(), before, after: input }));
  return input;
}
