/**
 * The pipeline-history benchmark (`npm run bench:pipeline -- --help`): the as-at snapshot
 * and time travel, with the real use cases and stores, on DynamoDB Local in memory.
 *
 * For each deal count, in a fresh DynamoDB Local:
 * 1. Load the generated organisation, deals and field history straight into a table made
 *    from the table definition, without its stream (timed for context, not in the figures).
 * 2. Scan once unmeasured, so both JITs and the database are warm.
 * 3. Take the snapshot as at the instant in the middle of the history, then again (it
 *    must write nothing); time the history read and the snapshot store apart from the rebuild.
 * 4. Time travel to the same instant for the company and for a region (the full path).
 * 5. Check the snapshot against the generator and time travel against the stored snapshot.
 * 6. From the checkpoint the first snapshot stored (after the change log upgrade, timed):
 *    as-at two weeks after and before it, the change over those four weeks and an
 *    on-demand snapshot a week after, through the fast path (no scan); the as-at after
 *    is checked against the full path to the same instant.
 * 7. The change over the week up to now, which no checkpoint can answer (the last hour),
 *    as the API answers it above the threshold: a job (route and worker timed apart).
 * Then print every size side by side with the growth from the first to the last.
 */

import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { accessContextOf } from '#core/organisation/access-policy.js';
import { COMPANY_SCOPE, type Scope, scopeKeyOf } from '#core/organisation/scope.js';
import { DEFAULT_SETTINGS } from '#core/organisation/settings.js';
import { pipelineAsAt } from '#core/pipeline/pipeline-as-at.js';
import type { PipelineHistory } from '#core/pipeline/pipeline-rebuild.js';
import type { PipelineRebuildRepository } from '#core/pipeline/pipeline-rebuild-repository.js';
import type { PipelineSnapshotRepository } from '#core/pipeline/pipeline-snapshot-repository.js';
import { readPipelineChange } from '#core/pipeline/read-pipeline-change.js';
import { takePipelineSnapshots } from '#core/pipeline/take-pipeline-snapshots.js';
import type { Clock } from '#core/shared/clock.js';
import { instantOf } from '#core/shared/instant.js';
import { adaptersOf } from '#functions/composition-root.js';
import { RepStore } from '#functions/organisation/rep-store.js';
import { TeamStore } from '#functions/organisation/team-store.js';
import { completeChangeLog } from '#functions/pipeline/change-log-upgrade.js';
import { createPipelineJobWorker } from '#functions/pipeline/pipeline-job-handler.js';
import { pipelineJobPortsOf } from '#functions/pipeline/pipeline-job-ports.js';
import { PipelineJobStore } from '#functions/pipeline/pipeline-job-store.js';
import { answerOrJob } from '#functions/pipeline/pipeline-questions.js';
import { PipelineRebuildStore } from '#functions/pipeline/pipeline-rebuild-store.js';
import { PipelineSnapshotStore } from '#functions/pipeline/pipeline-snapshot-store.js';
import { timeTravelOf } from '#functions/pipeline/time-travel-stores.js';
import { createDocumentClient, type Dependencies } from '#functions/shared/dependencies.js';
import { createTableInput } from '#functions/store/create-table-input.js';
import { startDynamoDbLocal } from '#local/dynamodb-local.js';
import { CapacityMeter } from './capacity-meter.js';
import { loadWorkload } from './history-loader.js';
import { machineInfo } from './machine-info.js';
import { type PipelineBenchOptions, parsePipelineBenchOptions } from './pipeline-bench-options.js';
import { formatPipelineReport } from './pipeline-bench-report.js';
import {
  type CallFigures,
  type CheckpointFigures,
  type FastPathFigures,
  type JobFigures,
  type PipelineBenchResult,
  pipelineFailuresOf,
  type SizeResult,
  type SnapshotFigures,
  type TimeTravelFigures,
} from './pipeline-bench-result.js';
import { pipelineWorkload, type Workload } from './pipeline-history-generator.js';
import { ReadCounter } from './pipeline-read-counter.js';
import { ScanCounter } from './scan-counter.js';

/** The clock's fixed now: the generated history ends a day and more before it. */
const NOW = '2026-12-02T12:00:00.000Z';
const TABLE_NAME = 'bench-pipeline-history';
const MIB = 2 ** 20;

const log = (message: string) => process.stderr.write(`${message}\n`);

// A full collection before each measured call and after each read, so the heap figures say
// what is held, not what happens to be uncollected yet; its time is left out of the figures.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The history port, timed, with the heap measured while the read history is still held. */
class MeasuredHistory implements PipelineRebuildRepository {
  readMs = 0;
  collectionMs = 0;
  heapAfterRead = 0;
  heapRetained = 0;

  constructor(private readonly inner: PipelineRebuildRepository) {}

  async read(since: string): Promise<PipelineHistory> {
    const startedAt = performance.now();
    const history = await this.inner.read(since);
    const readAt = performance.now();
    this.readMs += readAt - startedAt;
    this.heapAfterRead = process.memoryUsage().heapUsed;
    collectGarbage();
    this.heapRetained = process.memoryUsage().heapUsed;
    this.collectionMs += performance.now() - readAt;
    return history;
  }
}

/** The snapshot port, timed. */
class MeasuredSnapshots implements PipelineSnapshotRepository {
  storeMs = 0;

  constructor(private readonly inner: PipelineSnapshotRepository) {}

  readInstant: PipelineSnapshotRepository['readInstant'] = (asAt) => this.timed(() => this.inner.readInstant(asAt));
  write: PipelineSnapshotRepository['write'] = (snapshotWrite) => this.timed(() => this.inner.write(snapshotWrite));
  readSeries: PipelineSnapshotRepository['readSeries'] = (scope, instants) => this.timed(() => this.inner.readSeries(scope, instants));

  private async timed<T>(action: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await action();
    } finally {
      this.storeMs += performance.now() - startedAt;
    }
  }
}

interface Session {
  readonly deps: Dependencies;
  readonly options: PipelineBenchOptions;
  readonly meter: CapacityMeter;
  readonly scans: ScanCounter;
  readonly reads: ReadCounter;
}

/** Runs one use-case call with fresh instruments and returns what it measured. */
async function measured<T>(
  session: Session,
  kind: string,
  call: (history: MeasuredHistory) => Promise<T>,
): Promise<{ value: T; figures: CallFigures; history: MeasuredHistory }> {
  const history = new MeasuredHistory(new PipelineRebuildStore(session.deps, { segments: session.options.segments }));
  collectGarbage();
  session.scans.take();
  const startedAt = performance.now();
  const value = await session.meter.run({ side: 'pipeline', kind }, () => call(history));
  const seconds = (performance.now() - startedAt - history.collectionMs) / 1000;
  const capacity = session.meter.bySide('pipeline').get(kind);
  const scanned = session.scans.take();
  return {
    value,
    history,
    figures: {
      seconds,
      readSeconds: history.readMs / 1000,
      readUnits: capacity?.readUnits ?? 0,
      writeUnits: capacity?.writeUnits ?? 0,
      scanRequests: scanned.requests,
      itemsScanned: scanned.scanned,
      itemsReturned: scanned.returned,
      heapAfterReadMiB: history.heapAfterRead / MIB,
      heapRetainedMiB: history.heapRetained / MIB,
    },
  };
}

async function snapshotOnce(session: Session, kind: string, clock: Clock, instant: string): Promise<SnapshotFigures> {
  const snapshots = new MeasuredSnapshots(new PipelineSnapshotStore(session.deps));
  const { value, figures } = await measured(session, kind, (history) =>
    takePipelineSnapshots({ history, snapshots, clock, timeTravel: timeTravelOf(session.deps) }, [instantOf(instant)]),
  );
  const result = value[0];
  if (!result) throw new Error('takePipelineSnapshots returned no result for the instant');
  const storeSeconds = snapshots.storeMs / 1000;
  return {
    ...figures,
    storeSeconds,
    rebuildSeconds: figures.seconds - figures.readSeconds - storeSeconds,
    outcome: result.outcome,
    scopesWritten: result.scopesWritten,
    scopesDeleted: result.scopesDeleted,
    openDeals: result.openDeals,
  };
}

/** The benchmark reads as sales operations would: time travel over everything. */
const BENCH_ADMIN = accessContextOf({
  principal: { repId: 'bench', role: 'admin' },
  principalTeamId: undefined,
  tree: undefined,
  managers: DEFAULT_SETTINGS.managers,
});

async function timeTravel(session: Session, kind: string, clock: Clock, scope: Scope, instant: string) {
  const ports = { reps: new RepStore(session.deps), teams: new TeamStore(session.deps), clock };
  const { value, figures } = await measured(session, kind, (history) =>
    pipelineAsAt({ ...ports, history }, BENCH_ADMIN, scope, instantOf(instant)),
  );
  const travelled: TimeTravelFigures = { ...figures, scope: scopeKeyOf(scope), openDeals: value.total.count };
  return { travelled, snapshot: value };
}

const DAY_MS = 86_400_000;
const daysFrom = (instant: string, days: number) => new Date(Date.parse(instant) + days * DAY_MS).toISOString();

/** One call through the fast path, measured. */
async function fastPath<T>(session: Session, kind: string, call: () => Promise<T>, openDeals: (value: T) => number) {
  collectGarbage();
  session.scans.take();
  session.reads.take();
  const startedAt = performance.now();
  const value = await session.meter.run({ side: 'pipeline', kind }, call);
  const seconds = (performance.now() - startedAt) / 1000;
  const capacity = session.meter.bySide('pipeline').get(kind);
  const read = session.reads.take();
  const figures: FastPathFigures = {
    seconds,
    readUnits: capacity?.readUnits ?? 0,
    writeUnits: capacity?.writeUnits ?? 0,
    readRequests: read.requests,
    itemsRead: read.items,
    scanRequests: session.scans.take().requests,
    openDeals: openDeals(value),
  };
  return { value, figures };
}

/** Time travel from the checkpoint at `instant` (stored by the first snapshot), through the fast path. */
async function fromCheckpoint(
  session: Session,
  clock: Clock,
  instant: string,
  upgrade: { seconds: number; creationsWritten: number },
): Promise<CheckpointFigures> {
  const ports = {
    reps: new RepStore(session.deps),
    teams: new TeamStore(session.deps),
    clock,
    history: new PipelineRebuildStore(session.deps, { segments: session.options.segments }),
    snapshots: new PipelineSnapshotStore(session.deps),
    timeTravel: timeTravelOf(session.deps),
  };
  const forwardTo = daysFrom(instant, 14);
  const backwardTo = daysFrom(instant, -14);
  const snapshotAt = daysFrom(instant, 7);
  log(`  as-at ${forwardTo} (forward 14 days)...`);
  const forward = await fastPath(
    session,
    'fast-as-at-forward',
    () => pipelineAsAt(ports, BENCH_ADMIN, COMPANY_SCOPE, instantOf(forwardTo)),
    (value) => value.total.count,
  );
  log(`  as-at ${backwardTo} (backward 14 days)...`);
  const backward = await fastPath(
    session,
    'fast-as-at-backward',
    () => pipelineAsAt(ports, BENCH_ADMIN, COMPANY_SCOPE, instantOf(backwardTo)),
    (value) => value.total.count,
  );
  log(`  change ${backwardTo} .. ${forwardTo}...`);
  const change = await fastPath(
    session,
    'fast-change',
    () => readPipelineChange(ports, BENCH_ADMIN, { scope: COMPANY_SCOPE, from: instantOf(backwardTo), to: instantOf(forwardTo) }),
    (value) => value.total.closing.count,
  );
  log(`  on-demand snapshot as at ${snapshotAt}...`);
  const snapshot = await fastPath(
    session,
    'fast-snapshot',
    () => takePipelineSnapshots(ports, [instantOf(snapshotAt)]),
    (value) => value[0]?.openDeals ?? 0,
  );
  log(`  the full path to ${forwardTo}, for the check...`);
  const { timeTravel: _fast, ...fullPorts } = ports;
  const startedAt = performance.now();
  const full = await pipelineAsAt(fullPorts, BENCH_ADMIN, COMPANY_SCOPE, instantOf(forwardTo));
  const fullAsAtForwardSeconds = (performance.now() - startedAt) / 1000;
  return {
    upgradeSeconds: upgrade.seconds,
    creationsWritten: upgrade.creationsWritten,
    forwardTo,
    backwardTo,
    snapshotAt,
    asAtForward: forward.figures,
    asAtBackward: backward.figures,
    change: change.figures,
    snapshot: snapshot.figures,
    fullAsAtForwardSeconds,
    fastEqualsFull: isDeepStrictEqual(forward.value, full),
  };
}

/**
 * The change over the week up to now, as the API answers it: the last hour has no usable
 * checkpoint (the stream may still be late), so above the threshold it is a job. The route's
 * part (decision, job stored, message sent) and the worker's run (the full path, the result
 * stored) are measured apart; the worker runs here, as the queue's Lambda would.
 */
async function changeToNowAsJob(session: Session, clock: Clock, workload: Workload): Promise<JobFigures> {
  const sent: string[] = [];
  const deps: Dependencies = {
    ...session.deps,
    clock,
    // Threshold 0: every size goes through the job (the deployed default makes a job above 10,000 deals).
    pipelineJobs: { queue: { enqueue: async (jobId) => void sent.push(jobId) }, syncFullPathMaxDeals: 0 },
  };
  // A rep of the organisation asking as an admin: the worker rebuilds the requester's access from their rep.
  const requester = workload.organisation.reps[0]?.id ?? 'bench';
  const access = accessContextOf({
    principal: { repId: requester, role: 'admin' },
    principalTeamId: undefined,
    tree: undefined,
    managers: DEFAULT_SETTINGS.managers,
  });
  const to = clock.now().toISOString();
  const from = daysFrom(to, -7);
  session.meter.reset();
  const submittedAt = performance.now();
  const response = await session.meter.run({ side: 'pipeline', kind: 'job-submit' }, () =>
    answerOrJob('change', { from }, { access, prefer: undefined }, { ...adaptersOf(deps), pipelineJobs: pipelineJobPortsOf(deps) }),
  );
  const submitMs = performance.now() - submittedAt;
  const jobId = sent[0];
  const worker = createPipelineJobWorker({ ...deps, scanSegments: session.options.segments });
  const ranAt = performance.now();
  const outcome = jobId === undefined ? 'no job' : await session.meter.run({ side: 'pipeline', kind: 'job-run' }, () => worker(jobId));
  const runSeconds = (performance.now() - ranAt) / 1000;
  const job = jobId === undefined ? undefined : await new PipelineJobStore(deps).read(jobId);
  const result = job?.result as { total?: { closing?: { count?: number } } } | undefined;
  const capacity = session.meter.bySide('pipeline');
  return {
    from,
    to,
    status: response.status,
    submitMs,
    submitReadUnits: capacity.get('job-submit')?.readUnits ?? 0,
    runSeconds,
    runReadUnits: capacity.get('job-run')?.readUnits ?? 0,
    runWriteUnits: capacity.get('job-run')?.writeUnits ?? 0,
    outcome,
    dealsRead: job?.progress.itemsRead ?? 0,
    closingDeals: result?.total?.closing?.count ?? 0,
  };
}

async function residentMiB(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}

/**
 * The table of the table definition (keys, indexes) without its stream: nothing here reads
 * the stream, a scan reads and costs the same without it, and DynamoDB Local's stream
 * halves its write rate and keeps a record of every one of the million writes in memory.
 */
async function createTableWithoutStream(client: DynamoDBClient): Promise<void> {
  const { StreamSpecification: _stream, ...input } = createTableInput(TABLE_NAME);
  await client.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: TABLE_NAME });
}

async function measureSize(options: PipelineBenchOptions, workload: Workload, deals: number): Promise<SizeResult> {
  const label = `${deals.toLocaleString('en-US')} deals`;
  log(`${label}: starting DynamoDB Local in memory...`);
  const database = await startDynamoDbLocal({ inMemory: true });
  const client = new DynamoDBClient(database.clientConfig);
  const documentClient = createDocumentClient(database.clientConfig);
  try {
    const clock: Clock = { now: () => new Date(workload.now) };
    const deps: Dependencies = { documentClient, tableName: TABLE_NAME, clock };
    const session: Session = { deps, options, meter: new CapacityMeter(), scans: new ScanCounter(), reads: new ReadCounter() };
    session.meter.instrument(documentClient);
    session.scans.instrument(documentClient);
    session.reads.instrument(documentClient);
    await createTableWithoutStream(client);

    log(`${label}: loading ${(deals * options.historyPerDeal).toLocaleString('en-US')} history entries with ${options.writers} writers...`);
    // Through a client of its own, unmetered: the load is context, and the fastest way in.
    const loadClient = createDocumentClient(database.clientConfig);
    const load = await loadWorkload({ ...deps, documentClient: loadClient }, workload, { writers: options.writers, log }).finally(() =>
      loadClient.destroy(),
    );
    log(
      `${label}: loaded ${(load.opportunityItems + load.historyItems + load.organisationItems).toLocaleString('en-US')} items in ${load.seconds.toFixed(1)} s (${load.itemsPerSecond.toFixed(0)} items/s)`,
    );
    const dynamoDbLocalRssMiB = await residentMiB(database.pid);

    log(`${label}: warm-up scan...`);
    const warmUp = await measured(session, 'warm-up', (history) => history.read(workload.historyTo));
    session.meter.reset();

    // The upgrade of a table written before the change log: every deal's creation row.
    log(`${label}: change log upgrade (creation rows)...`);
    const upgradeStartedAt = performance.now();
    const upgraded = await completeChangeLog(deps, { segments: options.segments });
    const upgrade = { seconds: (performance.now() - upgradeStartedAt) / 1000, creationsWritten: upgraded.creationsWritten };
    session.meter.reset();

    log(`${label}: snapshot as at ${workload.instant} (stores the checkpoint)...`);
    const snapshot = await snapshotOnce(session, 'snapshot', clock, workload.instant);
    log(`${label}: the same snapshot again...`);
    const snapshotAgain = await snapshotOnce(session, 'snapshot-again', clock, workload.instant);
    log(`${label}: time travel to ${workload.instant}, company...`);
    const company = await timeTravel(session, 'time-travel-company', clock, COMPANY_SCOPE, workload.instant);
    const teamScope: Scope = { kind: 'team', teamId: workload.organisation.regionTeamId };
    log(`${label}: time travel to ${workload.instant}, team ${teamScope.teamId}...`);
    const team = await timeTravel(session, 'time-travel-team', clock, teamScope, workload.instant);
    log(`${label}: time travel from the checkpoint at ${workload.instant}...`);
    const fast = await fromCheckpoint(session, clock, workload.instant, upgrade);
    log(`${label}: the change over the week to now (no checkpoint usable: a job)...`);
    const changeToNow = await changeToNowAsJob(session, clock, workload);

    const stored = new Map(
      (await new PipelineSnapshotStore(deps).readInstant(workload.instant)).map((entry) => [scopeKeyOf(entry.scope), entry.snapshot]),
    );
    const storedCompany = stored.get(scopeKeyOf(COMPANY_SCOPE));
    return {
      deals,
      load,
      dynamoDbLocalRssMiB,
      warmUpScanSeconds: warmUp.figures.seconds,
      snapshot,
      snapshotAgain,
      timeTravelCompany: company.travelled,
      timeTravelTeam: team.travelled,
      fromCheckpoint: fast,
      changeToNow,
      checks: {
        expectedOpenDeals: load.expected.openAtInstant,
        expectedOpenAmount: load.expected.openAmountAtInstant,
        snapshotOpenAmount: storedCompany?.total.amount ?? 0,
        companyEqualsStored: isDeepStrictEqual(company.snapshot, storedCompany),
        teamEqualsStored: isDeepStrictEqual(team.snapshot, stored.get(scopeKeyOf(teamScope))),
      },
    };
  } finally {
    documentClient.destroy();
    client.destroy();
    await database.stop();
  }
}

export async function pipelineBenchmark(options: PipelineBenchOptions): Promise<PipelineBenchResult> {
  const machine = await machineInfo();
  // DynamoDB Local's options have no heap size; the JVM reads this variable from its environment.
  process.env.JAVA_TOOL_OPTIONS = `${process.env.JAVA_TOOL_OPTIONS ?? ''} -Xmx${options.javaHeap}`.trim();
  const sizes: SizeResult[] = [];
  let workload: Workload | undefined;
  for (const deals of options.deals) {
    workload = pipelineWorkload({ deals, historyPerDeal: options.historyPerDeal, reps: options.reps, seed: options.seed, now: NOW });
    sizes.push(await measureSize(options, workload, deals));
  }
  if (!workload) throw new Error('no deal count to measure');
  const { organisation } = workload;
  return {
    date: new Date().toISOString(),
    machine,
    options,
    workload: {
      now: workload.now,
      instant: workload.instant,
      historyFrom: workload.historyFrom,
      historyTo: workload.historyTo,
      teams: organisation.teams.length,
      reps: organisation.reps.length,
      repsMoved: organisation.moves.length,
      teamScope: scopeKeyOf({ kind: 'team', teamId: organisation.regionTeamId }),
    },
    sizes,
  };
}

/** `npm run bench -- --pipeline [options]` and `npm run bench:pipeline -- [options]`. */
export async function runPipelineBench(argv: readonly string[]): Promise<void> {
  const options = parsePipelineBenchOptions(argv);
  const startedAt = performance.now();
  const result = await pipelineBenchmark(options);
  const report = `${formatPipelineReport(result)}\nWall time of the whole run, loading included: ${((performance.now() - startedAt) / 1000).toFixed(0)} s`;
  if (options.json) {
    log(report);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    console.log(report);
  }
  const failures = pipelineFailuresOf(result);
  if (failures.length > 0) {
    const banner = '!'.repeat(78);
    log(`\n${banner}\n${failures.map((failure) => `!! ${failure}`).join('\n')}\n${banner}`);
    process.exitCode = 1;
  }
}
