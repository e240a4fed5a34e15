/** What the pipeline-history benchmark measured: what its table prints and --json emits. */
import type { SnapshotOutcome } from '#core/pipeline/take-pipeline-snapshots.js';
import type { LoadResult } from './history-loader.js';
import type { MachineInfo } from './machine-info.js';
import type { PipelineBenchOptions } from './pipeline-bench-options.js';

/** One measured call: wall time (forced garbage collections excluded), capacity, scan, heap. */
export interface CallFigures {
  readonly seconds: number;
  /** Of `seconds`: PipelineRebuildStore.read, the parallel scan and the parsing of its pages. */
  readonly readSeconds: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly scanRequests: number;
  readonly itemsScanned: number;
  readonly itemsReturned: number;
  /** process.memoryUsage().heapUsed right after the read, before any collection. */
  readonly heapAfterReadMiB: number;
  /** The same after a full collection with the read history still held: what the rebuild keeps. */
  readonly heapRetainedMiB: number;
}

export interface SnapshotFigures extends CallFigures {
  /** Of `seconds`: reading the stored scopes of the instant and writing the changed ones. */
  readonly storeSeconds: number;
  /** Of `seconds`: the rest, the rebuild of every scope and the comparison. */
  readonly rebuildSeconds: number;
  readonly outcome: SnapshotOutcome;
  readonly scopesWritten: number;
  readonly scopesDeleted: number;
  readonly openDeals: number;
}

export interface TimeTravelFigures extends CallFigures {
  readonly scope: string;
  readonly openDeals: number;
}

/** One call through the fast path (a checkpoint and the change log, no scan). */
export interface FastPathFigures {
  readonly seconds: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Query, GetItem and BatchGetItem requests, and the items they returned. */
  readonly readRequests: number;
  readonly itemsRead: number;
  /** Must be 0: a scan means the full path was taken. */
  readonly scanRequests: number;
  readonly openDeals: number;
}

export interface CheckpointFigures {
  /** `npm run reconcile -- --repair`'s change log upgrade over the loaded table (creation rows). */
  readonly upgradeSeconds: number;
  readonly creationsWritten: number;
  /** The instant of the one checkpoint (taken with the first snapshot) and the instants asked about. */
  readonly forwardTo: string;
  readonly backwardTo: string;
  readonly snapshotAt: string;
  readonly asAtForward: FastPathFigures;
  readonly asAtBackward: FastPathFigures;
  readonly change: FastPathFigures;
  readonly snapshot: FastPathFigures;
  /** The full path to `forwardTo`, for comparison (and the check). */
  readonly fullAsAtForwardSeconds: number;
  readonly fastEqualsFull: boolean;
}

/** The change report up to now (the last hour: no checkpoint is usable), asked as the API asks it: a job. */
export interface JobFigures {
  readonly from: string;
  readonly to: string;
  /** 202 or 200: a job only above the threshold (the estimate from the checkpoint). */
  readonly status: number;
  /** The route's part: the decision (checkpoint rules, deal-count estimate) and the job stored and sent. */
  readonly submitMs: number;
  readonly submitReadUnits: number;
  /** The worker: the full path over the whole table, the result stored. */
  readonly runSeconds: number;
  readonly runReadUnits: number;
  readonly runWriteUnits: number;
  readonly outcome: string;
  /** Deals the job's progress counted, and the closing open deals of its result. */
  readonly dealsRead: number;
  readonly closingDeals: number;
}

export interface SizeResult {
  readonly deals: number;
  readonly load: LoadResult;
  /** Resident memory of DynamoDB Local's Java process after the load (Linux only). */
  readonly dynamoDbLocalRssMiB: number | null;
  /** An unmeasured scan first, so both JITs and the database pages are warm. */
  readonly warmUpScanSeconds: number;
  readonly snapshot: SnapshotFigures;
  readonly snapshotAgain: SnapshotFigures;
  readonly timeTravelCompany: TimeTravelFigures;
  readonly timeTravelTeam: TimeTravelFigures;
  readonly fromCheckpoint: CheckpointFigures;
  readonly changeToNow: JobFigures;
  readonly checks: {
    readonly expectedOpenDeals: number;
    readonly expectedOpenAmount: number;
    readonly snapshotOpenAmount: number;
    /** Time travel at the instant equals the stored snapshot, as JSON. */
    readonly companyEqualsStored: boolean;
    readonly teamEqualsStored: boolean;
  };
}

export interface PipelineBenchResult {
  readonly date: string;
  readonly machine: MachineInfo;
  readonly options: PipelineBenchOptions;
  readonly workload: {
    readonly now: string;
    readonly instant: string;
    readonly historyFrom: string;
    readonly historyTo: string;
    readonly teams: number;
    readonly reps: number;
    readonly repsMoved: number;
    readonly teamScope: string;
  };
  readonly sizes: readonly SizeResult[];
}

/** What makes the run untrustworthy: figures that disagree with the generator or with each other. */
export function pipelineFailuresOf(result: PipelineBenchResult): string[] {
  return result.sizes.flatMap(({ deals, snapshot, snapshotAgain, checks, fromCheckpoint, changeToNow }) => {
    const failures: string[] = [];
    const at = `${deals.toLocaleString('en-US')} deals`;
    if (snapshot.openDeals !== checks.expectedOpenDeals)
      failures.push(`${at}: the snapshot counts ${snapshot.openDeals} open deals, the generator made ${checks.expectedOpenDeals}`);
    if (checks.snapshotOpenAmount !== checks.expectedOpenAmount)
      failures.push(`${at}: the snapshot's open amount is ${checks.snapshotOpenAmount}, the generator's ${checks.expectedOpenAmount}`);
    if (snapshot.outcome !== 'created') failures.push(`${at}: the first snapshot was ${snapshot.outcome}, not created`);
    if (snapshotAgain.outcome !== 'unchanged' || snapshotAgain.writeUnits > 0)
      failures.push(`${at}: the second snapshot was ${snapshotAgain.outcome} and wrote ${snapshotAgain.writeUnits} WCU`);
    if (!checks.companyEqualsStored) failures.push(`${at}: time travel of the company differs from the stored snapshot`);
    if (!checks.teamEqualsStored) failures.push(`${at}: time travel of the team differs from the stored snapshot`);
    if (!fromCheckpoint.fastEqualsFull) failures.push(`${at}: time travel from the checkpoint differs from the full rebuild`);
    if (changeToNow.outcome !== 'succeeded') failures.push(`${at}: the change to now as a job ended ${changeToNow.outcome}`);
    const { asAtForward, asAtBackward, change, snapshot: fastSnapshot } = fromCheckpoint;
    for (const [name, figures] of Object.entries({ asAtForward, asAtBackward, change, snapshot: fastSnapshot }))
      if (figures.scanRequests > 0) failures.push(`${at}: ${name} scanned the table: the fast path was not taken`);
    return failures;
  });
}
