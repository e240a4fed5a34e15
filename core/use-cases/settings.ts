/**
 * The company settings: the fiscal year and what managers may change.
 *
 * Set: only admins (sales operations); the settings are replaced as a whole.
 */
import { requireAdmin, type AccessContext } from '../access-policy.js';
import type { Settings, SettingsRepository } from '../ports/settings-repository.js';

export interface SettingsPorts {
  readonly settings: SettingsRepository;
}

export async function putSettings({ settings }: SettingsPorts, access: AccessContext, input: Settings): Promise<Settings> {
  requireAdmin(access, 'change the settings');
  await settings.put(input);
  return input;
}
