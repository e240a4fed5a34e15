/**
 * The stage configuration: a single item under the CONFIG partition, and beside it every
 * version of it, so the pipeline at a past instant is judged by the stages in force then.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Stage, type VersionedStageConfiguration } from '#core/organisation/stage.js';
import type { StageConfigurationRepository } from '#core/organisation/stage-configuration-repository.js';
import type { StageConfigurationVersion } from '#core/pipeline/pipeline-rebuild.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import { Instant } from '#core/shared/common-schemas.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { parseStoredItem, plainPut, putVersionedWith } from '../store/stored-item.js';

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

export class StageConfigurationStore implements StageConfigurationRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(): Promise<VersionedStageConfiguration | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.stageConfiguration(), ConsistentRead: true }),
    );
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
