/** Everything one benchmark run measured: what the table prints and --json emits. */
import type { Drift } from '#core/reconcile/reconcile.js';
import type { BundleSize, ImportTime } from '#infra/bundle-report.js';
import type { CallsPerWrite } from './calls-per-write.js';
import type { CapacityTotals } from './capacity-meter.js';
import type { CostOfRun } from './cost-of-run.js';
import type { InvocationTimes } from './invocation-timer.js';
import type { LatencySummary } from './latency-percentiles.js';
import type { MachineInfo } from './machine-info.js';
import type { RawPutResult } from './raw-put-baseline.js';
import type { ItemSizes, StoredItemKind } from './stored-item-sizes.js';

/** Capacity of one kind of write (or 'all'), summed over its writes. */
export interface CapacityRow {
  readonly kind: string;
  readonly writes: number;
  readonly api: CapacityTotals;
  readonly stream: CapacityTotals;
}

export interface BenchResult {
  readonly date: string;
  /** The command that gives these figures. */
  readonly command: string;
  readonly machine: MachineInfo;
  readonly options: {
    readonly writes: number;
    readonly streamWrites: number;
    readonly warmUp: number;
    readonly reps: number;
    readonly concurrency: number;
    readonly rate: number | null;
    readonly rawPuts: number;
    readonly seed: number;
  };
  readonly workload: { readonly acceptedWrites: number; readonly byKind: Readonly<Record<string, number>>; readonly setupRequests: number };
  readonly throughput: {
    /** Opportunity writes through the HTTP API (token check, validation, the API's reads and put), then the stream. */
    readonly throughApi: {
      /** First API write until every version's stream transaction committed. */
      readonly endToEndSeconds: number;
      readonly endToEndWritesPerSecond: number;
      /** First API write until the last API response. */
      readonly apiSeconds: number;
      readonly apiWritesPerSecond: number;
      /** End-to-end through the API / raw PutItem; no aim (on 2 shared cores the API is the limit there). */
      readonly ratio: number;
    };
    /** The stream itself: versions written straight into the table (direct-writes.ts), see streamPhase. */
    readonly stream: {
      /** First batch sent until every version's stream transaction committed. */
      readonly endToEndSeconds: number;
      readonly endToEndWritesPerSecond: number;
      /** First batch sent until the last batch written. */
      readonly writeSeconds: number;
      readonly writtenPerSecond: number;
      /** Stream end-to-end / raw PutItem: the aim (AIMS.ratio) applies to it. */
      readonly ratio: number;
    };
    readonly rawPut: RawPutResult & { readonly writeUnitsPerPut: number };
  };
  /** Of the writes through the API. */
  readonly latencyMs: {
    /** Request start until the stream's transaction for that version committed. */
    readonly writeToCommit: LatencySummary;
    /** Request start until the stream invocation that handled the version returned. */
    readonly writeToHandled: LatencySummary;
    readonly apiResponse: LatencySummary;
  };
  /** After the API phase, once the stream was idle: versions written straight into the table until the stream committed them all. */
  readonly streamPhase: {
    /** How they were written. */
    readonly method: string;
    readonly writes: number;
    readonly byKind: Readonly<Record<string, number>>;
    readonly latencyMs: {
      /** Batch sent until the stream's transaction for that version committed. */
      readonly writeToCommit: LatencySummary;
      /** Batch sent until the stream invocation that handled the version returned. */
      readonly writeToHandled: LatencySummary;
    };
    /** The stream's round trips to DynamoDB Local during the phase: per write, and by operation (per write, mean ms). */
    readonly streamCalls: CallsPerWrite;
    readonly invocations: number;
    readonly recordsPerInvocation: number;
    /** The stream's write units per version (TransactWriteItems priced as in the API phase). */
    readonly streamWriteUnitsPerWrite: number;
    readonly versionsWithoutTransaction: number;
    /** Versions whose kind as seen by the stream differs from the kind the mix drew. */
    readonly kindMismatches: number;
    /** Bodies that changed nothing (not written, not counted). */
    readonly unchangedWrites: number;
  };
  /** The stream during the writes through the API; failures counted over the whole run. */
  readonly stream: {
    readonly invocations: number;
    readonly recordsPerInvocation: number;
    readonly failedInvocations: number;
    readonly recordsSentToOnFailure: number;
    /** Versions the stream handled without writing their link (nothing to change, or the stream failed to say). */
    readonly versionsWithoutTransaction: number;
  };
  readonly capacity: readonly CapacityRow[];
  /** Mean round trip to DynamoDB Local per operation, for the API and the stream, during the write load. */
  readonly requestMs: {
    readonly api: Record<string, { count: number; meanMs: number }>;
    readonly stream: Record<string, { count: number; meanMs: number }>;
  };
  /**
   * Handler invocations and their wall time: during the measured writes (api, stream), and the
   * API's over writes sent one at a time afterwards (sequentialApi, the cost model's API duration).
   */
  readonly handlerTimes: { readonly api: InvocationTimes; readonly stream: InvocationTimes; readonly sequentialApi: InvocationTimes };
  /** What a million updates would cost on AWS, from the figures above (aws-cost-model.ts). */
  readonly cost: CostOfRun;
  readonly itemSizes: Partial<Record<StoredItemKind, ItemSizes>>;
  readonly bundles: readonly BundleSize[];
  /** Import time of each bundle's entry chunk in fresh Node processes (cold start module loading). */
  readonly importTimes: readonly ImportTime[];
  readonly checks: {
    readonly rejectedWrites: number;
    readonly rejectedSample: readonly string[];
    readonly unchangedWrites: number;
    /** Versions whose kind as seen by the stream differs from the kind the mix sent. */
    readonly kindMismatches: number;
    /** Why the Lambda bundles could not be measured, when they could not. */
    readonly bundleError?: string;
    readonly drift: {
      readonly count: number;
      readonly sample: readonly Drift[];
      readonly checked: { readonly opportunities: number; readonly links: number; readonly records: number };
    };
  };
}

/** Whether the run is trustworthy: any failure here makes the benchmark exit 1. */
export function failuresOf(result: BenchResult): string[] {
  const { checks, stream } = result;
  const failures: string[] = [];
  if (checks.drift.count > 0) failures.push(`RECONCILE DRIFT: ${checks.drift.count} derived records disagree with the opportunities`);
  if (checks.rejectedWrites > 0) failures.push(`${checks.rejectedWrites} writes were rejected by the API`);
  if (stream.failedInvocations > 0 || stream.recordsSentToOnFailure > 0)
    failures.push(
      `the stream failed ${stream.failedInvocations} invocations and sent ${stream.recordsSentToOnFailure} records to the on-failure destination`,
    );
  const recordBytes = result.itemSizes['month record']?.maxBytes ?? 0;
  if (recordBytes > 1024)
    failures.push(`a month record item is ${recordBytes} B: transaction-pricing.ts prices month record updates at 1 KB and under-counts`);
  if (checks.kindMismatches > 0)
    failures.push(`${checks.kindMismatches} versions were seen by the stream as a different kind of write than was sent`);
  if (checks.bundleError !== undefined) failures.push(`the Lambda bundles could not be built: ${checks.bundleError}`);
  if (result.streamPhase.kindMismatches > 0)
    failures.push(
      `${result.streamPhase.kindMismatches} versions written straight into the table were seen by the stream as a different kind of write`,
    );
  return failures;
}
