/**
 * Every key format of the table, as pure functions. The README's access-pattern table
 * points at these. No other module builds a key string.
 */
import type { RepMonth } from '#core/linkage/rep-month.js';

const GENERAL = 'G';
const FAMILY = 'F';

function familyPart(productFamily: string | null): string {
  return productFamily === null ? GENERAL : `${FAMILY}#${productFamily}`;
}

/** The partitions of the per-caller request counters: the API may update items only there (its IAM policy's leading keys). */
export const CALLER_PARTITION_PREFIX = 'CALLER#';

export const keys = {
  rep: (repId: string) => ({ pk: `REP#${repId}`, sk: 'REP' }),
  /** GSI1: all reps; GSI2: the reps of a team. */
  repIndexes: (repId: string, teamId: string) => ({ gsi1pk: 'REPS', gsi1sk: repId, gsi2pk: `TEAM#${teamId}`, gsi2sk: `REP#${repId}` }),

  team: (teamId: string) => ({ pk: `TEAM#${teamId}`, sk: 'TEAM' }),
  /** GSI1: all teams; GSI2: the child teams of a team (absent for the root). */
  teamIndexes: (teamId: string, parentTeamId: string | null) => ({
    gsi1pk: 'TEAMS',
    gsi1sk: teamId,
    ...(parentTeamId === null ? {} : { gsi2pk: `TEAM#${parentTeamId}`, gsi2sk: `TEAM#${teamId}` }),
  }),
  teamMembersIndex: (teamId: string) => ({ gsi2pk: `TEAM#${teamId}` }),
  /** GSI3 (keys only): the teams a rep manages (team.managerId), so a manager's request finds them without reading every team. */
  teamManagerIndexes: (teamId: string, managerId: string | null) =>
    managerId === null ? {} : { gsi3pk: `MANAGER#${managerId}`, gsi3sk: `TEAM#${teamId}` },
  managedTeamsIndex: (managerId: string) => ({ gsi3pk: `MANAGER#${managerId}` }),
  repsIndex: () => ({ gsi1pk: 'REPS' }),
  teamsIndex: () => ({ gsi1pk: 'TEAMS' }),

  /** One version of a rep's placement, kept so a snapshot taken late uses the team of its instant. */
  repVersion: (repId: string, version: number) => ({ pk: `REP#${repId}`, sk: `VERSION#${String(version).padStart(10, '0')}` }),

  /** Requests of one caller in one time window (the per-caller rate limit); expires after it. */
  callerRequests: (repId: string, windowStart: string) => ({ pk: `${CALLER_PARTITION_PREFIX}${repId}`, sk: `REQUESTS#${windowStart}` }),

  stageConfiguration: () => ({ pk: 'CONFIG', sk: 'STAGES' }),
  /** One version of the stage configuration, kept so a snapshot taken late uses the stages of its instant. */
  stageConfigurationVersion: (version: number) => ({ pk: 'CONFIG', sk: `STAGES#VERSION#${String(version).padStart(10, '0')}` }),
  settings: () => ({ pk: 'CONFIG', sk: 'SETTINGS' }),
  /** The mark of past snapshots an import made stale (functions/pipeline/stale-snapshots-store.ts). */
  staleSnapshots: () => ({ pk: 'CONFIG', sk: 'SNAPSHOTS#STALE' }),

  opportunity: (opportunityId: string) => ({ pk: `OPP#${opportunityId}`, sk: 'OPPORTUNITY' }),
  /** GSI3 (keys only): a rep's opportunities by close date. Removed when the deal is deleted. */
  opportunityIndexes: (ownerId: string, closeDate: string, opportunityId: string) => ({
    gsi3pk: `OWNER#${ownerId}`,
    gsi3sk: `${closeDate}#${opportunityId}`,
  }),
  ownerOpportunitiesIndex: (ownerId: string) => ({ gsi3pk: `OWNER#${ownerId}` }),

  /** What a hard delete leaves of a deal (its last image, deleted), so its past can still be rebuilt. */
  removedOpportunity: (opportunityId: string) => ({ pk: `OPP#${opportunityId}`, sk: 'REMOVED' }),

  /** One field change of a deal; the key is deterministic so a replayed change overwrites itself. */
  fieldHistory: (opportunityId: string, changedAt: string, version: number, field: string) => ({
    pk: `OPP#${opportunityId}`,
    sk: `HISTORY#${changedAt}#${String(version).padStart(10, '0')}#${field}`,
  }),
  fieldHistoryPrefix: (opportunityId: string) => ({ pk: `OPP#${opportunityId}`, skPrefix: 'HISTORY#' }),

  /** The partition of a rep's month: record, targets and deal links, read in one query. */
  repMonthPartition: ({ repId, month }: RepMonth) => ({ pk: `REPMONTH#${repId}#${month}` }),
  repMonthRecord: (repMonth: RepMonth) => ({ pk: `REPMONTH#${repMonth.repId}#${repMonth.month}`, sk: 'RECORD' }),
  dealLink: (repMonth: RepMonth, opportunityId: string) => ({
    pk: `REPMONTH#${repMonth.repId}#${repMonth.month}`,
    sk: `DEAL#${opportunityId}`,
  }),

  repTarget: (repMonth: RepMonth, productFamily: string | null) => ({
    pk: `REPMONTH#${repMonth.repId}#${repMonth.month}`,
    sk: `TARGET#${familyPart(productFamily)}`,
  }),
  teamTarget: (teamId: string, month: string, productFamily: string | null) => ({
    pk: `TEAMMONTH#${teamId}#${month}`,
    sk: `TARGET#${familyPart(productFamily)}`,
  }),
  teamMonthPartition: (teamId: string, month: string) => ({ pk: `TEAMMONTH#${teamId}#${month}` }),

  /** One scope's as-at snapshot of the open pipeline; an instant's scopes share a partition. */
  pipelineSnapshot: (asAt: string, scopeKey: string) => ({ pk: `SNAPSHOT#${asAt}`, sk: `SCOPE#${scopeKey}` }),
  pipelineSnapshotPartition: (asAt: string) => ({ pk: `SNAPSHOT#${asAt}` }),
  /** One page of a long list (byOwner, byTeam) of a scope's snapshot, so no item grows with the organisation. */
  pipelineSnapshotPage: (asAt: string, scopeKey: string, list: string, page: number) => ({
    pk: `SNAPSHOT#${asAt}`,
    sk: `PAGE#${scopeKey}#${list}#${String(page).padStart(4, '0')}`,
  }),
  /** The pages of one scope's snapshot (scopeKey given), or of every scope of the instant. */
  pipelineSnapshotPagePrefix: (asAt: string, scopeKey?: string) => ({
    pk: `SNAPSHOT#${asAt}`,
    skPrefix: scopeKey === undefined ? 'PAGE#' : `PAGE#${scopeKey}#`,
  }),

  campaign: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' }),
  /** GSI1: all campaigns, by id. */
  campaignIndexes: (campaignId: string) => ({ gsi1pk: 'CAMPAIGNS', gsi1sk: campaignId }),
  campaignsIndex: () => ({ gsi1pk: 'CAMPAIGNS' }),

  lead: (leadId: string) => ({ pk: `LEAD#${leadId}`, sk: 'LEAD' }),
  /**
   * A lead's index entries, newest first in each: GSI1 by owner, GSI2 by campaign (`-` for
   * none), GSI3 (keys only) by status. The owner and campaign rarely change; the status entry
   * moves with every status change, at the cost of a keys-only index write.
   */
  leadIndexes: (lead: {
    readonly id: string;
    readonly ownerId: string;
    readonly campaignId: string | null;
    readonly status: string;
    readonly createdAt: string;
  }) => ({
    gsi1pk: `LEADS#OWNER#${lead.ownerId}`,
    gsi1sk: `${lead.createdAt}#${lead.id}`,
    gsi2pk: `LEADS#CAMPAIGN#${lead.campaignId ?? '-'}`,
    gsi2sk: `${lead.createdAt}#${lead.id}`,
    gsi3pk: `LEADS#STATUS#${lead.status}`,
    gsi3sk: `${lead.createdAt}#${lead.id}`,
  }),
  leadsByOwnerIndex: (ownerId: string) => ({ gsi1pk: `LEADS#OWNER#${ownerId}` }),
  leadsByCampaignIndex: (campaignId: string | null) => ({ gsi2pk: `LEADS#CAMPAIGN#${campaignId ?? '-'}` }),
  leadsByStatusIndex: (status: string) => ({ gsi3pk: `LEADS#STATUS#${status}` }),

  /**
   * The conversion counters of one owner's month (core/conversion): the leads created or
   * converted in it (written by the API with the lead) and the deals created or entering a
   * stage in it (written by the stream with the deal's link). A month's cells share a
   * partition, so a report reads a month in one Query.
   */
  conversionLeadCell: (month: string, repId: string) => ({ pk: `CONVERSION#${month}`, sk: `LEADS#${repId}` }),
  conversionDealCell: (month: string, repId: string) => ({ pk: `CONVERSION#${month}`, sk: `DEALS#${repId}` }),
  conversionMonthPartition: (month: string) => ({ pk: `CONVERSION#${month}` }),

  /** A rep's commission-levels timeline: every family's entries and the timeline's version, in one item. */
  commissionLevelsTimeline: (repId: string) => ({ pk: `REP#${repId}`, sk: 'LEVELS' }),
  /** One entry of the layout before the timeline item (read until a write folds it in). */
  commissionLevels: (repId: string, productFamily: string | null, fromMonth: string) => ({
    pk: `REP#${repId}`,
    sk: `LEVELS#${familyPart(productFamily)}#${fromMonth}`,
  }),
  commissionLevelsPrefix: (repId: string) => ({ pk: `REP#${repId}`, skPrefix: 'LEVELS#' }),

  /**
   * One audit entry, in its UTC month's partition, ordered by instant; the suffix (unique,
   * from the store) keeps two changes of the same millisecond apart. Changes are rare
   * admin writes, so a month's partition stays small and cold.
   */
  auditEntry: (at: string, suffix: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${suffix}` }),
  auditMonthPartition: (month: string) => ({ pk: `AUDIT#${month}` }),
  /** GSI1: one subject's entries by instant. */
  auditSubjectIndex: (subject: { readonly kind: string; readonly id: string }, at: string, suffix: string) => ({
    gsi1pk: `AUDIT#${subject.kind}#${subject.id}`,
    gsi1sk: `${at}#${suffix}`,
  }),
  auditSubjectPartition: (subject: { readonly kind: string; readonly id: string }) => ({ gsi1pk: `AUDIT#${subject.kind}#${subject.id}` }),

  /**
   * GSI1: the change log, a deal's field changes and creation by instant (time travel from a
   * checkpoint reads the changes between two instants). One partition per UTC day and shard
   * (by the deal id), so a busy day is not one hot partition.
   */
  changeLogIndex: (opportunityId: string, changedAt: string, version: number, field: string) => ({
    gsi1pk: `CHANGES#${changedAt.slice(0, 10)}#${changeLogShardOf(opportunityId)}`,
    gsi1sk: `${changedAt}#${opportunityId}#${String(version).padStart(10, '0')}#${field}`,
  }),
  changeLogPartition: (day: string, shard: number) => ({ gsi1pk: `CHANGES#${day}#${shard}` }),
  /** A deal's tracked fields as created (not under HISTORY#: readers of the history never see it). */
  dealCreation: (opportunityId: string) => ({ pk: `OPP#${opportunityId}`, sk: 'CREATED' }),
  /** Written once every stored change and creation is in the change log (the upgrade has run). */
  changeLogComplete: () => ({ pk: 'CONFIG', sk: 'CHANGELOG#COMPLETE' }),

  /** The list of deal-state checkpoints: one entry per instant, naming its complete generation. */
  dealCheckpoint: (asAt: string) => ({ pk: 'CHECKPOINTS', sk: asAt }),
  dealCheckpointsPartition: () => ({ pk: 'CHECKPOINTS' }),
  /** One chunk of a checkpoint's deals; a rewrite goes to a new generation, then the entry moves. */
  dealCheckpointChunk: (asAt: string, generation: string, index: number) => ({
    pk: `CHECKPOINT#${asAt}#${generation}`,
    sk: `CHUNK#${String(index).padStart(5, '0')}`,
  }),
  dealCheckpointGeneration: (asAt: string, generation: string) => ({ pk: `CHECKPOINT#${asAt}#${generation}` }),

  /** An asynchronous pipeline job (status, request, progress; its result inline when small). */
  pipelineJob: (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' }),
  /** One chunk of a large job result, in the job's partition: the job and its result are one Query. */
  pipelineJobResultChunk: (jobId: string, attempt: number, index: number) => ({
    pk: `JOB#${jobId}`,
    sk: `RESULT#${attempt}#${String(index).padStart(5, '0')}`,
  }),
  pipelineJobPartition: (jobId: string) => ({ pk: `JOB#${jobId}` }),

  /** The forecasts' learned rates of the latest refresh (gzipped JSON, one item). */
  forecastRates: () => ({ pk: 'FORECASTS', sk: 'RATES' }),
  /** One scope's backtest of the latest refresh (gzipped JSON); every scope's share a partition, replaced together. */
  forecastBacktest: (scopeKey: string) => ({ pk: 'FORECASTS', sk: `BACKTEST#${scopeKey}` }),
  forecastBacktestPrefix: () => ({ pk: 'FORECASTS', skPrefix: 'BACKTEST#' }),
} as const;

/** Shards of a day of the change log. */
export const CHANGE_LOG_SHARDS = 4;

/** A deal's shard of the change log: FNV-1a of its id. */
export function changeLogShardOf(opportunityId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < opportunityId.length; index++) {
    hash ^= opportunityId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % CHANGE_LOG_SHARDS;
}

export const SORT_KEY_PREFIX = {
  dealLink: 'DEAL#',
  target: 'TARGET#',
  record: 'RECORD',
  history: 'HISTORY#',
  levels: 'LEVELS#',
  repVersion: 'VERSION#',
  stageConfigurationVersion: 'STAGES#VERSION#',
  snapshotScope: 'SCOPE#',
  snapshotPage: 'PAGE#',
  conversionLeadCell: 'LEADS#',
  conversionDealCell: 'DEALS#',
} as const;
