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
import { ProcessCache } from '../store/process-cache.js';
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

export interface StageConfigurationStoreOptions {
  /**
   * Keep the configuration read for this long (ms; process-cache.ts): the API reads it on
   * every opportunity write and it changes rarely. Another process's change is seen within
   * this bound; this store's own writes are seen at once. @default - no cache: every get reads
   */
  readonly cacheMs?: number;
  /** Monotonic milliseconds for the cache (tests). @default performance.now */
  readonly now?: () => number;
}

export class StageConfigurationStore implements StageConfigurationRepository {
  private readonly cache: ProcessCache<VersionedStageConfiguration | undefined> | undefined;

  constructor(
    private readonly deps: Dependencies,
    options: StageConfigurationStoreOptions = {},
  ) {
    this.cache = options.cacheMs === undefined ? undefined : new ProcessCache(options.cacheMs, options.now);
  }

  get(): Promise<VersionedStageConfiguration | undefined> {
    return this.cache ? this.cache.get(() => this.read()) : this.read();
  }

  private async read(): Promise<VersionedStageConfiguration | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.stageConfiguration(), ConsistentRead: true }),
    );
    return result.Item ? parseStoredItem(StageConfigurationItem, result.Item, 'stage configuration') : undefined;
  }

  /**
   * The configuration, its version item and the audit entry, together or not at all. Whatever
   * the outcome the cache is dropped: written, or lost to another writer (a ConflictError: the
   * retry must read theirs), or unknown.
   */
  async save(configuration: VersionedStageConfiguration, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const { stages, version, updatedAt } = configuration;
    if (updatedAt === null) throw new Error('a stored stage configuration needs the instant it was written');
    const item = { ...keys.stageConfiguration(), type: 'StageConfiguration', stages, version, updatedAt };
    try {
      await putVersionedWith(
        this.deps,
        { item, expectedVersion: expectedVersion === 0 ? null : expectedVersion, what: 'the stage configuration' },
        plainPut(this.deps, stageConfigurationVersionToItem({ version, updatedAt, stages })),
        auditEntryPut(this.deps, audit),
      );
    } finally {
      this.cache?.invalidate();
    }
  }
}
