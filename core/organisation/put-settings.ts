/**
 * The company settings: the fiscal year, what managers may change, the currency and locale.
 *
 * Set: only admins (sales operations); the settings are replaced as a whole.
 * 1. Read the settings in force and their version (0: the defaults, never written); a
 *    stale If-Match is a ConflictError.
 * 2. Settings equal to those in force write and record nothing.
 * 3. Otherwise write version + 1, conditioned on the version read, with the audit entry
 *    (before: the settings in force, the defaults until first set). A concurrent change
 *    makes the loser a ConflictError even without If-Match: a PUT replaces every setting
 *    as the admin last saw them, so writing it over the other change would undo that
 *    change unseen.
 */

import { auditEntryOf, auditSubjects, sameState } from '../shared/audit-entry.js';
import type { Clock } from '../shared/clock.js';
import { checkVersionPrecondition, type VersionPrecondition } from '../shared/version-precondition.js';
import { type AccessContext, requireAdmin } from './access-policy.js';
import type { Settings, VersionedSettings } from './settings.js';
import type { SettingsRepository } from './settings-repository.js';

export interface SettingsPorts {
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

export async function putSettings(
  { settings, clock }: SettingsPorts,
  access: AccessContext,
  input: Settings,
  precondition?: VersionPrecondition,
): Promise<VersionedSettings> {
  requireAdmin(access, 'change the settings');
  const current = await settings.get();
  checkVersionPrecondition('the settings', current.version, precondition);
  const before = settingsOf(current);
  if (sameState(before, input)) return current;
  const next = { ...settingsOf(input), version: current.version + 1 };
  // The entry keeps the settings alone, as it always has: the version is the ETag's business.
  await settings.save(
    next,
    current.version,
    auditEntryOf({ actor: access.principal, at: clock.now(), subject: auditSubjects.settings(), before, after: settingsOf(input) }),
  );
  return next;
}

/** The settings without their version: what a client reads, sends and the audit trail records. */
export function settingsOf({ fiscalYearStartMonth, managers, currency, locale, leadSources }: Settings): Settings {
  return { fiscalYearStartMonth, managers, currency, locale, leadSources };
}
