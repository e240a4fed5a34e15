/**
 * Reads what the as-at rebuild needs in one parallel scan of the table: opportunity items
 * (and the tombstones hard deletes leave), their field history after an instant, the
 * version each deal's links carry, the versions of the stage configuration and of each
 * rep's team, and the teams.
 *
 * Why a scan: the pipeline at an instant involves every deal that was open then, under
 * any owner, so there is no narrower key to query; snapshots run weekly and time travel
 * is an occasional question. A scan costs by the table's size and needs no index, so the
 * stream's writes pay nothing extra for it. It is read consistently: an eventually
 * consistent page could show a link of a version whose history it does not show yet.
 */
import * as z from 'zod';
import type { FieldChange } from '#core/opportunities/field-history.js';
import { Opportunity } from '#core/opportunities/opportunity.js';
import type { TeamNode } from '#core/organisation/team-tree.js';
import type { DealRecord, PipelineHistory, RepTeamVersion, StageConfigurationVersion } from '#core/pipeline/pipeline-rebuild.js';
import type { PipelineRebuildRepository, ReadProgress } from '#core/pipeline/pipeline-rebuild-repository.js';
import type { SkippedItem } from '#core/shared/skipped-item.js';
import { fieldChangeFromItem } from '../opportunities/field-history-item.js';
import { repTeamVersionFromItem } from '../organisation/rep-store.js';
import { stageConfigurationVersionFromItem } from '../organisation/stage-configuration-store.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { scanInSegments } from '../store/parallel-scan.js';
import { CorruptItemError, parseStoredItem, reportSkippedItem } from '../store/stored-item.js';

/**
 * Segments scanned side by side. The read units are the same whatever the count; the
 * wall time is not: each segment pages on its own, and DynamoDB Local pages a segment in
 * time that grows with the square of its size (1.1 million items in 4 segments took over
 * 8 minutes, in 64 well under a minute). 16 keeps a 100,000-deal table quick locally and
 * is a modest number of concurrent requests for one Lambda on AWS.
 */
export const DEFAULT_SCAN_SEGMENTS = 16;

export interface PipelineHistoryStoreOptions {
  /** @default DEFAULT_SCAN_SEGMENTS */
  readonly segments?: number;
}

/** What a rebuild reads of a deal's item (or of the tombstone a hard delete left). */
export const DealItem = Opportunity.pick({
  id: true,
  ownerId: true,
  stageId: true,
  closeDate: true,
  amount: true,
  probability: true,
  deleted: true,
  createdAt: true,
  updatedAt: true,
  version: true,
});
const LinkVersionItem = z.object({ opportunityId: z.string(), version: z.number().int().positive() });
const RepItem = z.object({ id: z.string(), version: z.number().int().positive(), updatedAt: z.string(), teamId: z.string() });
const DeletedHead = z.object({ deleted: z.boolean(), updatedAt: z.string() });
const TeamItem = z.object({ id: z.string(), name: z.string(), parentTeamId: z.string().nullable() });

/** Every attribute any of the read item kinds needs; a scan has one projection for all. */
const PROJECTED = [
  'pk',
  'sk',
  'id',
  'name',
  'ownerId',
  'stageId',
  'closeDate',
  'amount',
  'probability',
  'deleted',
  'createdAt',
  'updatedAt',
  'version',
  'opportunityId',
  'field',
  'oldValue',
  'newValue',
  'changedAt',
  'repId',
  'teamId',
  'parentTeamId',
  'stages',
];

const SK = {
  opportunity: keys.opportunity('').sk,
  removed: keys.removedOpportunity('').sk,
  rep: keys.rep('').sk,
  team: keys.team('').sk,
  stages: keys.stageConfiguration().sk,
};

interface Collected {
  readonly live: Map<string, DealRecord['current']>;
  readonly removed: Map<string, DealRecord['current']>;
  readonly history: Map<string, FieldChange[]>;
  readonly applied: Map<string, number>;
  readonly stageVersions: Map<number, StageConfigurationVersion>;
  readonly repVersions: Map<string, RepTeamVersion>;
  readonly teams: TeamNode[];
  readonly skipped: SkippedItem[];
}

/** What an item of the scan is, for a report of one that was skipped. */
function kindOf(sk: string): string {
  if (sk === SK.opportunity || sk === SK.removed) return 'opportunity';
  if (sk.startsWith(SORT_KEY_PREFIX.history)) return 'field history';
  if (sk.startsWith(SORT_KEY_PREFIX.dealLink)) return 'deal link';
  if (sk === SK.rep || sk.startsWith(SORT_KEY_PREFIX.repVersion)) return 'rep';
  if (sk === SK.team) return 'team';
  return 'stage configuration';
}

/**
 * An invalid deal that was already deleted at `since` cannot be in the pipeline at any
 * instant asked about: left out without a report, so a deal mended by DELETE stops being
 * reported once the questions are about later instants.
 */
function deletedBefore(item: Record<string, unknown>, since: string): boolean {
  const head = DeletedHead.safeParse(item);
  return head.success && head.data.deleted && Date.parse(head.data.updatedAt) <= Date.parse(since);
}

/** Collects one item; one that fails its schema is skipped and reported, the rebuild goes on. */
function collectOrSkip(collected: Collected, item: Record<string, unknown>, since: string): void {
  try {
    collect(collected, item);
  } catch (error) {
    if (!(error instanceof CorruptItemError)) throw error;
    const kind = kindOf(String(item.sk));
    if (kind === 'opportunity' && deletedBefore(item, since)) return;
    collected.skipped.push(reportSkippedItem(item, kind, error.reason ?? error.message, 'pipeline history'));
  }
}

function collect(collected: Collected, item: Record<string, unknown>): void {
  const sk = String(item.sk);
  if (sk === SK.opportunity || sk === SK.removed) {
    const deal = parseStoredItem(DealItem, item, 'opportunity');
    (sk === SK.opportunity ? collected.live : collected.removed).set(deal.id, deal);
  } else if (sk.startsWith(SORT_KEY_PREFIX.history)) {
    const change = fieldChangeFromItem(item);
    const changes = collected.history.get(change.opportunityId);
    if (changes) changes.push(change);
    else collected.history.set(change.opportunityId, [change]);
  } else if (sk.startsWith(SORT_KEY_PREFIX.dealLink)) {
    const link = parseStoredItem(LinkVersionItem, item, 'deal link');
    collected.applied.set(link.opportunityId, Math.max(link.version, collected.applied.get(link.opportunityId) ?? 0));
  } else if (sk === SK.stages || sk.startsWith(SORT_KEY_PREFIX.stageConfigurationVersion)) {
    // The configuration item holds the version in force: the same attributes as a version item.
    const version = stageConfigurationVersionFromItem(item);
    collected.stageVersions.set(version.version, version);
  } else if (sk === SK.rep) {
    const rep = parseStoredItem(RepItem, item, 'rep');
    collected.repVersions.set(`${rep.id}#${rep.version}`, {
      repId: rep.id,
      version: rep.version,
      updatedAt: rep.updatedAt,
      teamId: rep.teamId,
    });
  } else if (sk.startsWith(SORT_KEY_PREFIX.repVersion)) {
    const version = repTeamVersionFromItem(item);
    collected.repVersions.set(`${version.repId}#${version.version}`, version);
  } else if (sk === SK.team) {
    collected.teams.push(parseStoredItem(TeamItem, item, 'team'));
  }
}

export class PipelineRebuildStore implements PipelineRebuildRepository {
  constructor(
    private readonly deps: Dependencies,
    private readonly options: PipelineHistoryStoreOptions = {},
  ) {}

  async read(since: string, progress?: ReadProgress): Promise<PipelineHistory> {
    const collected: Collected = {
      live: new Map(),
      removed: new Map(),
      history: new Map(),
      applied: new Map(),
      stageVersions: new Map(),
      repVersions: new Map(),
      teams: [],
      skipped: [],
    };
    const names = Object.fromEntries(PROJECTED.map((attribute, index) => [`#a${index}`, attribute]));
    const name = (attribute: string): string => `#a${PROJECTED.indexOf(attribute)}`;
    await scanInSegments(
      this.deps,
      {
        ConsistentRead: true,
        ProjectionExpression: Object.keys(names).join(', '),
        FilterExpression: [
          `${name('sk')} IN (:opportunity, :removed, :rep, :team, :stages)`,
          `begins_with(${name('sk')}, :link)`,
          `begins_with(${name('sk')}, :repVersion)`,
          `begins_with(${name('sk')}, :stagesVersion)`,
          `(begins_with(${name('sk')}, :history) AND ${name('changedAt')} > :since)`,
        ].join(' OR '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':opportunity': SK.opportunity,
          ':removed': SK.removed,
          ':rep': SK.rep,
          ':team': SK.team,
          ':stages': SK.stages,
          ':link': SORT_KEY_PREFIX.dealLink,
          ':repVersion': SORT_KEY_PREFIX.repVersion,
          ':stagesVersion': SORT_KEY_PREFIX.stageConfigurationVersion,
          ':history': SORT_KEY_PREFIX.history,
          ':since': since,
        },
      },
      this.options.segments ?? DEFAULT_SCAN_SEGMENTS,
      (items) => {
        for (const item of items) collectOrSkip(collected, item, since);
        progress?.(collected.live.size + collected.removed.size);
      },
    );
    return historyOf(collected);
  }
}

/** A live item wins over a tombstone: a deal re-created after a hard delete is the live one. */
function historyOf(collected: Collected): PipelineHistory {
  const currentById = new Map([...collected.removed, ...collected.live]);
  const deals: DealRecord[] = [...currentById].map(([opportunityId, current]) => ({
    current,
    history: collected.history.get(opportunityId) ?? [],
    appliedVersion: collected.applied.get(opportunityId) ?? null,
  }));
  const skipped = [...collected.skipped].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    deals,
    stageVersions: [...collected.stageVersions.values()],
    repVersions: [...collected.repVersions.values()],
    teams: collected.teams,
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}
