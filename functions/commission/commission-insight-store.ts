/**
 * The reads of "why did my commission change" beside the deal, levels and audit stores:
 * the ids of every deal ever linked to a rep's month (live links and tombstones: one query
 * of the partition's DEAL# items, ids only) and the stage configuration versions (one
 * query of the CONFIG partition, as the pipeline rebuild reads them; a corrupt version is
 * left out).
 */
import type { CommissionInsightRepository } from '#core/commission/commission-insight-repository.js';
import type { RepMonth } from '#core/linkage/rep-month.js';
import type { StageConfigurationVersion } from '#core/pipeline/pipeline-rebuild.js';
import { stageConfigurationVersionFromItem } from '../organisation/stage-configuration-store.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { CorruptItemError } from '../store/stored-item.js';

export class CommissionInsightStore implements CommissionInsightRepository {
  constructor(private readonly deps: Dependencies) {}

  async dealIdsEverLinked(repMonth: RepMonth): Promise<string[]> {
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :deal)',
      ExpressionAttributeValues: { ':pk': keys.repMonthPartition(repMonth).pk, ':deal': SORT_KEY_PREFIX.dealLink },
      ProjectionExpression: 'opportunityId',
      ConsistentRead: true,
    });
    return [...new Set(items.map((item) => item.opportunityId).filter((id): id is string => typeof id === 'string'))];
  }

  async stageVersions(): Promise<StageConfigurationVersion[]> {
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stages)',
      ExpressionAttributeValues: { ':pk': keys.stageConfiguration().pk, ':stages': keys.stageConfiguration().sk },
      ConsistentRead: true,
    });
    // The configuration item holds the version in force, with the same attributes as a version item.
    const versions = new Map<number, StageConfigurationVersion>();
    for (const item of items) {
      try {
        const version = stageConfigurationVersionFromItem(item);
        versions.set(version.version, version);
      } catch (error) {
        if (!(error instanceof CorruptItemError)) throw error;
      }
    }
    return [...versions.values()];
  }
}
