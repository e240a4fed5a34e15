import type { Clock } from '../../core/shared/clock.js';
import type { AuditRepository } from '../../core/shared/audit-repository.js';
import type { CommissionLevelsRepository } from '../../core/commission/commission-levels-repository.js';
import type { ImportRepository } from '../../core/backfill/import-repository.js';
import type { OpportunityRepository } from '../../core/opportunities/opportunity-repository.js';
import type { PipelineHistoryRepository } from '../../core/pipeline/pipeline-rebuild-repository.js';
import type { PipelineSnapshotRepository } from '../../core/pipeline/pipeline-snapshot-repository.js';
import type { QualityTableRepository } from '../../core/quality/quality-table-repository.js';
import type { RepMonthRepository } from '../../core/reports/rep-month-repository.js';
import type { RepRepository } from '../../core/organisation/rep-repository.js';
import type { SettingsRepository } from '../../core/organisation/settings-repository.js';
import type { StageConfigurationRepository } from '../../core/organisation/stage-configuration-repository.js';
import type { TargetRepository } from '../../core/targets/target-repository.js';
import type { TeamRepository } from '../../core/organisation/team-repository.js';
import type { Dependencies } from '../shared/dependencies.js';
import { AuditStore } from '../store/audit-store.js';
import { CommissionLevelsStore } from '../store/commission-levels-store.js';
import { ImportStore } from '../store/import-store.js';
import { OpportunityStore } from '../store/opportunity-store.js';
import { PipelineHistoryStore } from '../store/pipeline-history-store.js';
import { PipelineSnapshotStore } from '../store/pipeline-snapshot-store.js';
import { QualityTableStore } from '../store/quality-table-store.js';
import { RepMonthStore } from '../store/rep-month-store.js';
import { RepStore } from '../store/rep-store.js';
import { StageConfigurationStore } from '../store/stage-configuration-store.js';
import { TargetStore } from '../store/target-store.js';
import { TeamStore } from '../store/team-store.js';
import { SettingsStore } from '../store/settings-store.js';

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
  readonly history: PipelineHistoryRepository;
  readonly snapshots: PipelineSnapshotRepository;
  readonly audit: AuditRepository;
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
    history: new PipelineHistoryStore(deps),
    snapshots: new PipelineSnapshotStore(deps),
    imports: new ImportStore(deps),
    audit: new AuditStore(deps),
    clock: deps.clock,
  };
}
