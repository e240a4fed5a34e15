/**
 * The small reads of a rebuild from a checkpoint: the versions of the stage configuration
 * (the CONFIG partition), the reps (GSI1) and the teams (GSI1): three queries, plus one per
 * rep changed after the earliest instant asked about (its partition's versions; a rep
 * unchanged since is in the version its item holds at every such instant). Nothing grows
 * with the deals.
 * An item that fails its schema is left out and reported, as in the full rebuild.
 */
import * as z from 'zod';
import type { TeamNode } from '#core/organisation/team-tree.js';
import type { PipelineHistory, RepTeamVersion, StageConfigurationVersion } from '#core/pipeline/pipeline-rebuild.js';
import type { PipelineContextRepository } from '#core/pipeline/time-travel-repositories.js';
import type { SkippedItem } from '#core/shared/skipped-item.js';
import { repTeamVersionFromItem } from '../organisation/rep-store.js';
import { stageConfigurationVersionFromItem } from '../organisation/stage-configuration-store.js';
import type { Dependencies } from '../shared/dependencies.js';
import { mapConcurrently, READ_CONCURRENCY } from '../store/concurrency.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { CorruptItemError, parseStoredItem, reportSkippedItem } from '../store/stored-item.js';

const RepItem = z.object({ id: z.string(), version: z.number().int().positive(), updatedAt: z.string(), teamId: z.string() });
const TeamItem = z.object({ id: z.string(), name: z.string(), parentTeamId: z.string().nullable() });

export class PipelineContextStore implements PipelineContextRepository {
  constructor(private readonly deps: Dependencies) {}

  async read(since: string): Promise<Omit<PipelineHistory, 'deals'>> {
    const skipped: SkippedItem[] = [];
    const parsed = <T>(item: Record<string, unknown>, kind: string, parse: (item: Record<string, unknown>) => T): T[] => {
      try {
        return [parse(item)];
      } catch (error) {
        if (!(error instanceof CorruptItemError)) throw error;
        skipped.push(reportSkippedItem(item, kind, error.reason ?? error.message, 'pipeline history'));
        return [];
      }
    };
    const [configItems, repItems, teamItems] = await Promise.all([
      queryAll(this.deps, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stages)',
        ExpressionAttributeValues: { ':pk': keys.stageConfiguration().pk, ':stages': keys.stageConfiguration().sk },
        ConsistentRead: true,
      }),
      queryAll(this.deps, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.repsIndex().gsi1pk },
      }),
      queryAll(this.deps, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.teamsIndex().gsi1pk },
      }),
    ]);
    // The configuration item holds the version in force: the same attributes as a version item.
    const stageVersions = new Map<number, StageConfigurationVersion>();
    for (const item of configItems)
      for (const version of parsed(item, 'stage configuration', stageConfigurationVersionFromItem))
        stageVersions.set(version.version, version);

    const repVersions = new Map<string, RepTeamVersion>();
    const reps = repItems.flatMap((item) => parsed(item, 'rep', (rep) => parseStoredItem(RepItem, rep, 'rep')));
    for (const rep of reps)
      repVersions.set(`${rep.id}#${rep.version}`, { repId: rep.id, version: rep.version, updatedAt: rep.updatedAt, teamId: rep.teamId });
    const changedSince = reps.filter((rep) => !(Date.parse(rep.updatedAt) <= Date.parse(since)));
    const versionItems = await mapConcurrently(changedSince, READ_CONCURRENCY, (rep) =>
      queryAll(this.deps, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
        ExpressionAttributeValues: { ':pk': keys.rep(rep.id).pk, ':version': SORT_KEY_PREFIX.repVersion },
        ConsistentRead: true,
      }),
    );
    for (const item of versionItems.flat())
      for (const version of parsed(item, 'rep', repTeamVersionFromItem)) repVersions.set(`${version.repId}#${version.version}`, version);

    const teams: TeamNode[] = teamItems.flatMap((item) => parsed(item, 'team', (team) => parseStoredItem(TeamItem, team, 'team')));
    return {
      stageVersions: [...stageVersions.values()],
      repVersions: [...repVersions.values()],
      teams,
      ...(skipped.length > 0 ? { skipped } : {}),
    };
  }
}
