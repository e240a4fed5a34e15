import type { ImportRepository } from '#core/backfill/import-repository.js';
import type { CampaignRepository } from '#core/campaigns/campaign-repository.js';
import type { CommissionLevelsRepository } from '#core/commission/commission-levels-repository.js';
import type { ConversionCellRepository } from '#core/conversion/conversion-cell-repository.js';
import type { LeadRepository } from '#core/leads/lead-repository.js';
import type { OpportunityRepository } from '#core/opportunities/opportunity-repository.js';
import type { RepRepository } from '#core/organisation/rep-repository.js';
import type { SettingsRepository } from '#core/organisation/settings-repository.js';
import type { StageConfigurationRepository } from '#core/organisation/stage-configuration-repository.js';
import type { TeamRepository } from '#core/organisation/team-repository.js';
import type { PipelineRebuildRepository } from '#core/pipeline/pipeline-rebuild-repository.js';
import type { PipelineSnapshotRepository } from '#core/pipeline/pipeline-snapshot-repository.js';
import type { StaleSnapshotsRepository } from '#core/pipeline/stale-snapshots.js';
import type { TimeTravelRepositories } from '#core/pipeline/time-travel-repositories.js';
import type { QualityTableRepository } from '#core/quality/quality-table-repository.js';
import type { ReconcileRepository } from '#core/reconcile/reconcile-repository.js';
import type { RepMonthRepository } from '#core/reports/rep-month-repository.js';
import type { AuditRepository } from '#core/shared/audit-repository.js';
import type { Clock } from '#core/shared/clock.js';
import type { TargetRepository } from '#core/targets/target-repository.js';
import { AuditStore } from './audit/audit-store.js';
import { ImportStore } from './backfill/import-store.js';
import { CampaignStore } from './campaigns/campaign-store.js';
import { CommissionLevelsStore } from './commission/commission-levels-store.js';
import { ConversionCellStore } from './conversion/conversion-cell-store.js';
import { LeadStore } from './leads/lead-store.js';
import { DealLinkStore } from './linkage/deal-link-store.js';
import { OpportunityStore } from './opportunities/opportunity-store.js';
import { RepStore } from './organisation/rep-store.js';
import { StageConfigurationStore } from './organisation/stage-configuration-store.js';
import { TeamStore } from './organisation/team-store.js';
import { PipelineRebuildStore } from './pipeline/pipeline-rebuild-store.js';
import { PipelineSnapshotStore } from './pipeline/pipeline-snapshot-store.js';
import { StaleSnapshotsStore } from './pipeline/stale-snapshots-store.js';
import { timeTravelOf } from './pipeline/time-travel-stores.js';
import { QualityTableStore } from './quality/quality-table-store.js';
import { ReconcileStore } from './reconcile/reconcile-store.js';
import { RepMonthStore } from './reports/rep-month-store.js';
import type { Dependencies } from './shared/dependencies.js';
import { SettingsStore } from './store/settings-store.js';
import { TargetStore } from './targets/target-store.js';

/**
 * The composition root: the one place the DynamoDB stores are built, for every Lambda (the
 * API, the stream, the snapshots, reconcile) and every CLI. Each builds what it needs once
 * per process, at cold start.
 */

/** Every port the API's use cases need, implemented by the DynamoDB stores. Built once per process. */
export interface Adapters {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly opportunities: OpportunityRepository;
  readonly configurations: StageConfigurationRepository;
  readonly settings: SettingsRepository;
  readonly targets: TargetRepository;
  readonly levels: CommissionLevelsRepository;
  readonly repMonths: RepMonthRepository;
  readonly quality: QualityTableRepository;
  readonly imports: ImportRepository;
  readonly history: PipelineRebuildRepository;
  readonly snapshots: PipelineSnapshotRepository;
  readonly staleSnapshots: StaleSnapshotsRepository;
  /** Time travel from the nearest checkpoint; absent: always the full rebuild. */
  readonly timeTravel?: TimeTravelRepositories;
  readonly audit: AuditRepository;
  readonly campaigns: CampaignRepository;
  readonly leads: LeadRepository;
  readonly conversionCells: ConversionCellRepository;
  readonly clock: Clock;
}

export function adaptersOf(deps: Dependencies): Adapters {
  return {
    reps: new RepStore(deps),
    teams: new TeamStore(deps),
    opportunities: new OpportunityStore(deps),
    configurations: new StageConfigurationStore(deps),
    settings: new SettingsStore(deps),
    targets: new TargetStore(deps),
    levels: new CommissionLevelsStore(deps),
    repMonths: new RepMonthStore(deps),
    quality: new QualityTableStore(deps),
    history: new PipelineRebuildStore(deps),
    snapshots: new PipelineSnapshotStore(deps),
    staleSnapshots: new StaleSnapshotsStore(deps),
    timeTravel: timeTravelOf(deps),
    imports: new ImportStore(deps),
    audit: new AuditStore(deps),
    campaigns: new CampaignStore(deps),
    leads: new LeadStore(deps),
    conversionCells: new ConversionCellStore(deps),
    clock: deps.clock,
  };
}

/** What the stream recalculation writes: links, month totals, field history and tombstones. */
export function dealLinksOf(deps: Dependencies): DealLinkStore {
  return new DealLinkStore(deps);
}

/** What takes as-at snapshots (the scheduled Lambda, the snapshot CLI): the rebuild's reads and the snapshots. */
export function snapshotPortsOf(
  deps: Dependencies,
  options: { readonly scanSegments?: number } = {},
): Pick<Adapters, 'history' | 'snapshots' | 'staleSnapshots' | 'timeTravel' | 'clock'> {
  return {
    history: new PipelineRebuildStore(deps, options.scanSegments === undefined ? {} : { segments: options.scanSegments }),
    snapshots: new PipelineSnapshotStore(deps),
    staleSnapshots: new StaleSnapshotsStore(deps),
    timeTravel: timeTravelOf(deps),
    clock: deps.clock,
  };
}

/** What reconcile reads and repairs (the Lambda, the CLI, the benchmark). */
export function reconcileStoreOf(deps: Dependencies): ReconcileRepository {
  return new ReconcileStore(deps);
}
