/** The stage configuration and the company settings: single items under the CONFIG partition. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_SETTINGS, type Settings, type SettingsRepository } from '../../core/ports/settings-repository.js';
import type { StageConfigurationRepository, VersionedStageConfiguration } from '../../core/ports/stage-configuration-repository.js';
import { Stage } from '../../core/schemas/stage.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from './keys.js';
import { parseStoredItem, putVersioned } from './stored-item.js';

const StageConfigurationItem = z.object({
  stages: z.array(Stage),
  version: z.number().int().positive(),
  updatedAt: z.string(),
});

const SettingsItem = z.object({ fiscalYearStartMonth: z.number().int().min(1).max(12).default(DEFAULT_SETTINGS.fiscalYearStartMonth) });

export class StageConfigurationStore implements StageConfigurationRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(): Promise<VersionedStageConfiguration | undefined> {
    const result = await this.deps.documentClient.send(new GetCommand({ TableName: this.deps.tableName, Key: keys.stageConfiguration(), ConsistentRead: true }));
    return result.Item ? parseStoredItem(StageConfigurationItem, result.Item, 'stage configuration') : undefined;
  }

  save(configuration: VersionedStageConfiguration, expectedVersion: number): Promise<void> {
    const item = { ...keys.stageConfiguration(), type: 'StageConfiguration', stages: configuration.stages, version: configuration.version, updatedAt: configuration.updatedAt };
    return putVersioned(this.deps, item, expectedVersion === 0 ? null : expectedVersion, 'the stage configuration');
  }
}

/** Settings (PUT /settings); absent attributes take their defaults. */
export class SettingsStore implements SettingsRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(): Promise<Settings> {
    const result = await this.deps.documentClient.send(new GetCommand({ TableName: this.deps.tableName, Key: keys.settings() }));
    return result.Item ? parseStoredItem(SettingsItem, result.Item, 'settings') : DEFAULT_SETTINGS;
  }

  async put(settings: Settings): Promise<void> {
    await this.deps.documentClient.send(new PutCommand({ TableName: this.deps.tableName, Item: { ...keys.settings(), type: 'Settings', ...settings } }));
  }
}
