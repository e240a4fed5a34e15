/**
 * The stage configuration and the company settings: single items under the CONFIG
 * partition, and beside the configuration every version of it, so the pipeline at a past
 * instant is judged by the stages in force then.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AuditEntry } from '../../core/shared/audit-entry.js';
import type { StageConfigurationVersion } from '../../core/pipeline/pipeline-rebuild.js';
import { type SettingsRepository } from '../../core/organisation/settings-repository.js';
import type { StageConfigurationRepository } from '../../core/organisation/stage-configuration-repository.js';
import { Instant } from '../../core/shared/common-schemas.js';
import { Stage, type VersionedStageConfiguration } from '../../core/organisation/stage.js';
import type { Dependencies } from '../shared/dependencies.js';
import { auditEntryPut } from './audit-item.js';
import { keys } from './keys.js';
import { parseStoredItem, plainPut, putVersionedWith, writeTogether } from './stored-item.js';
import { DEFAULT_SETTINGS, type VersionedSettings } from '../../core/organisation/settings.js';

const StageConfigurationItem = z.object({
  stages: z.array(Stage),
  version: z.number().int().positive(),
  updatedAt: z.string(),
});

const StageConfigurationVersionItem = z.object({
  version: z.number().int().positive(),
  updatedAt: Instant,
  stages: z.array(Stage),
});

/** One stored version of the stage configuration, validated (CorruptItemError if not). */
export function stageConfigurationVersionFromItem(item: Record<string, unknown>): StageConfigurationVersion {
  return parseStoredItem(StageConfigurationVersionItem, item, 'stage configuration version');
}

function stageConfigurationVersionToItem({ version, updatedAt, stages }: StageConfigurationVersion): Record<string, unknown> {
  return { ...keys.stageConfigurationVersion(version), type: 'StageConfigurationVersion', version, updatedAt, stages };
}

const SettingsItem = z.object({
  fiscalYearStartMonth: z.number().int().min(1).max(12).default(DEFAULT_SETTINGS.fiscalYearStartMonth),
  managers: z.object({ editDeals: z.boolean(), editTargets: z.boolean() }).default(DEFAULT_SETTINGS.managers),
  // Settings written before they were versioned have none: they count as version 0.
  version: z.number().int().positive().default(0),
});

export class StageConfigurationStore implements StageConfigurationRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(): Promise<VersionedStageConfiguration | undefined> {
    const result = await this.deps.documentClient.send(new GetCommand({ TableName: this.deps.tableName, Key: keys.stageConfiguration(), ConsistentRead: true }));
    return result.Item ? parseStoredItem(StageConfigurationItem, result.Item, 'stage configuration') : undefined;
  }

  /** The configuration, its version item and the audit entry, together or not at all. */
  async save(configuration: VersionedStageConfiguration, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const { stages, version, updatedAt } = configuration;
    if (updatedAt === null) throw new Error('a stored stage configuration needs the instant it was written');
    const item = { ...keys.stageConfiguration(), type: 'StageConfiguration', stages, version, updatedAt };
    await putVersionedWith(
      this.deps,
      { item, expectedVersion: expectedVersion === 0 ? null : expectedVersion, what: 'the stage configuration' },
      plainPut(this.deps, stageConfigurationVersionToItem({ version, updatedAt, stages })),
      auditEntryPut(this.deps, audit),
    );
  }
}

/** Settings (PUT /settings), versioned like the stage configuration; absent attributes take their defaults. */
export class SettingsStore implements SettingsRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(): Promise<VersionedSettings> {
    const result = await this.deps.documentClient.send(new GetCommand({ TableName: this.deps.tableName, Key: keys.settings(), ConsistentRead: true }));
    return result.Item ? parseStoredItem(SettingsItem, result.Item, 'settings') : { ...DEFAULT_SETTINGS, version: 0 };
  }

  /** The settings and the audit entry, together or not at all, over the version read. */
  async save(settings: VersionedSettings, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const { fiscalYearStartMonth, managers, version } = settings;
    const item = { ...keys.settings(), type: 'Settings', fiscalYearStartMonth, managers, version };
    // Version 0 is no item or one written before settings were versioned: neither has a version.
    const condition =
      expectedVersion === 0 ? { ConditionExpression: 'attribute_not_exists(version)' } : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };
    await writeTogether(this.deps, [{ write: { Put: { TableName: this.deps.tableName, Item: item, ...condition } }, guarded: true }, auditEntryPut(this.deps, audit)], 'the settings');
  }
}
