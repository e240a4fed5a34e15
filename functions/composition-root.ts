import type { ImportRepository } from '#core/backfill/import-repository.js';
import type { CampaignRepository } from '#core/campaigns/campaign-repository.js';
import type { CommissionInsightRepository } from '#core/commission/commission-insight-repository.js';
import type { CommissionLevelsRepository } from '#core/commission/commission-levels-repository.js';
import type { ConversionCellRepository } from '#core/conversion/conversion-cell-repository.js';
import type { BacktestRepository, LearnedRatesRepository } from '#core/forecasts/forecast-repositories.js';
import type { LeadRepository } from '#core/leads/lead-repository.js';
import type { OpportunityRepository } from '#core/opportunities/opportunity-repository.js';
import type { RepRepository } from '#core/organisation/rep-repository.js';
import type { SettingsRepository } from '#core/organisation/settings-repository.js';
import type { StageConfigurationRepository } from '#core/organisation/stage-configuration-repository.js';
import type { TeamRepository } from '#core/organisation/team-repository.js';
import type { PipelineJobPorts } from '#core/pipeline/pipeline-job-repository.js';
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
import { CampaignStore } from './campaigns/campaign-store.js';
import { DealLinkStore } from './linkage/deal-link-store.js';
import { OpportunityStore } from './opportunities/opportunity-store.js';
import { RepStore } from './organisation/rep-store.js';
import { StageConfigurationStore } from './organisation/stage-configuration-store.js';
import { TeamStore } from './organisation/team-store.js';
import { pipelineJobPortsOf } from './pipeline/pipeline-job-ports.js';
import { ReconcileStore } from './reconcile/reconcile-store.js';
import { RepMonthStore } from './reports/rep-month-store.js';
import type { Dependencies } from './shared/dependencies.js';
import { lazyPort } from './shared/lazy-port.js';
import { PROCESS_CACHE_TTL_MS } from './store/process-cache.js';
import { SettingsStore } from './store/settings-store.js';

/**
 * The composition root: the one place the DynamoDB stores are built, for every Lambda (the
 * API, the stream, the snapshots, reconcile) and every CLI. Each builds what it needs once
 * per process, at cold start; the API's ports that only lazily loaded routes use load their
 * store on first use (lazy-port.ts).
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
  readonly commissionInsight: CommissionInsightRepository;
  readonly clock: Clock;
  /** Time-travel questions answered as jobs (202): the jobs, their queue, the size estimate, the threshold. */
  readonly pipelineJobs: PipelineJobPorts;
  /** The forecasts' stored rates and backtests (written by the refresh). */
  readonly learnedRates: LearnedRatesRepository;
  readonly backtests: BacktestRepository;
}

export function adaptersOf(deps: Dependencies): Adapters {
  return {
    reps: new RepStore(deps),
    teams: new TeamStore(deps),
    opportunities: new OpportunityStore(deps),
    // Read by every opportunity write, changed rarely: kept a few seconds per process (process-cache.ts).
    configurations: new StageConfigurationStore(deps, { cacheMs: PROCESS_CACHE_TTL_MS }),
    settings: new SettingsStore(deps),
    campaigns: new CampaignStore(deps),
    repMonths: new RepMonthStore(deps),
    clock: deps.clock,
    ...lazilyLoadedPortsOf(deps),
  };
}

/**
 * The ports only lazily loaded route groups use (lazy-routes.ts): each store's module is a
 * dynamic import, loaded by the first call, so the API's entry chunk (its cold start) holds
 * only the stores of the routes it bundles: the caller, the organisation, the opportunities.
 */
function lazilyLoadedPortsOf(
  deps: Dependencies,
): Omit<Adapters, 'reps' | 'teams' | 'opportunities' | 'configurations' | 'settings' | 'campaigns' | 'repMonths' | 'clock'> {
  const timeTravel = lazyTimeTravelOf(deps);
  return {
    targets: lazyPort(async () => new (await import('./targets/target-store.js')).TargetStore(deps)),
    levels: lazyPort(async () => new (await import('./commission/commission-levels-store.js')).CommissionLevelsStore(deps)),
    quality: lazyPort(async () => new (await import('./quality/quality-table-store.js')).QualityTableStore(deps)),
    imports: lazyPort(async () => new (await import('./backfill/import-store.js')).ImportStore(deps)),
    history: lazyPort(async () => new (await import('./pipeline/pipeline-rebuild-store.js')).PipelineRebuildStore(deps)),
    snapshots: lazyPort(async () => new (await import('./pipeline/pipeline-snapshot-store.js')).PipelineSnapshotStore(deps)),
    staleSnapshots: lazyPort(async () => new (await import('./pipeline/stale-snapshots-store.js')).StaleSnapshotsStore(deps)),
    timeTravel,
    audit: lazyPort(async () => new (await import('./audit/audit-store.js')).AuditStore(deps)),
    leads: lazyPort(async () => new (await import('./leads/lead-store.js')).LeadStore(deps)),
    conversionCells: lazyPort(async () => new (await import('./conversion/conversion-cell-store.js')).ConversionCellStore(deps)),
    commissionInsight: lazyPort(async () => new (await import('./commission/commission-insight-store.js')).CommissionInsightStore(deps)),
    pipelineJobs: pipelineJobPortsOf(deps),
    learnedRates: lazyPort(async () => new (await import('./forecasts/learned-rates-store.js')).LearnedRatesStore(deps)),
    backtests: lazyPort(async () => new (await import('./forecasts/backtest-store.js')).BacktestStore(deps)),
  };
}

/** timeTravelOf's stores, each loaded on first use (one module, so one import for all four). */
function lazyTimeTravelOf(deps: Dependencies): TimeTravelRepositories {
  const stores = async () => (await import('./pipeline/time-travel-stores.js')).timeTravelOf(deps);
  return {
    checkpoints: lazyPort(async () => (await stores()).checkpoints),
    changeLog: lazyPort(async () => (await stores()).changeLog),
    context: lazyPort(async () => (await stores()).context),
    staleSnapshots: lazyPort(async () => (await stores()).staleSnapshots),
  };
}

/** What the stream recalculation writes: links, month totals, field history and tombstones. */
export function dealLinksOf(deps: Dependencies): DealLinkStore {
  return new DealLinkStore(deps);
}

/** What takes as-at snapshots (the scheduled Lambda, the snapshot CLI), built directly; see snapshot-ports.ts. */
export { snapshotPortsOf } from './snapshot-ports.js';

/** What reconcile reads and repairs (the Lambda, the CLI, the benchmark). */
export function reconcileStoreOf(deps: Dependencies): ReconcileRepository {
  return new ReconcileStore(deps);
}
