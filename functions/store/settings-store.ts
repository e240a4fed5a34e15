/** The company settings: one item under the CONFIG partition, versioned, written with its audit entry. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_SETTINGS, type VersionedSettings } from '#core/organisation/settings.js';
import type { SettingsRepository } from '#core/organisation/settings-repository.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from './keys.js';
import { parseStoredItem, writeTogether } from './stored-item.js';

const SettingsItem = z.object({
  fiscalYearStartMonth: z.number().int().min(1).max(12).default(DEFAULT_SETTINGS.fiscalYearStartMonth),
  managers: z.object({ editDeals: z.boolean(), editTargets: z.boolean() }).default(DEFAULT_SETTINGS.managers),
  // Settings written before the currency and locale existed have neither: the seed company's pounds, written the British way.
  currency: z.string().default(DEFAULT_SETTINGS.currency),
  locale: z.string().default(DEFAULT_SETTINGS.locale),
  // Settings written before lead sources existed have none: the default list.
  leadSources: z.array(z.object({ id: z.string(), name: z.string() })).default(() => [...DEFAULT_SETTINGS.leadSources]),
  // Settings written before they were versioned have none: they count as version 0.
  version: z.number().int().positive().default(0),
});

/** Settings (PUT /settings), versioned like the stage configuration; absent attributes take their defaults. */
export class SettingsStore implements SettingsRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(): Promise<VersionedSettings> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.settings(), ConsistentRead: true }),
    );
    return result.Item ? parseStoredItem(SettingsItem, result.Item, 'settings') : { ...DEFAULT_SETTINGS, version: 0 };
  }

  /** The settings and the audit entry, together or not at all, over the version read. */
  async save(settings: VersionedSettings, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const { fiscalYearStartMonth, managers, currency, locale, leadSources, version } = settings;
    const item = { ...keys.settings(), type: 'Settings', fiscalYearStartMonth, managers, currency, locale, leadSources, version };
    // Version 0 is no item or one written before settings were versioned: neither has a version.
    const condition =
      expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(version)' }
        : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };
    await writeTogether(
      this.deps,
      [{ write: { Put: { TableName: this.deps.tableName, Item: item, ...condition } }, guarded: true }, auditEntryPut(this.deps, audit)],
      'the settings',
    );
  }
}
