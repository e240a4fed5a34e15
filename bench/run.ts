/**
 * The benchmark (`npm run bench -- --help`): the whole engine on DynamoDB Local, in memory.
 *
 * 1. Start the local runtime with the real API and stream handlers, wrapped to meter
 *    capacity and to see which opportunity versions the stream has handled.
 * 2. Set up an organisation through the API; wait for the stream to be idle.
 * 3. Send a warm-up share of the write mix, then the measured writes, through HTTP at a
 *    fixed concurrency; wait until the stream has committed every version written.
 *    Then send a few writes one at a time, to time the API handler without queueing.
 * 4. Once the stream is idle, write as many versions of the same mix straight into the
 *    table (direct-writes.ts: what PUT would store, by BatchWriteItem) and wait until the
 *    stream has committed every one: the stream's own end-to-end rate, without the API.
 * 5. Measure raw PutItem on the same DynamoDB Local, reconcile (drift must be 0) and
 *    measure the stored items.
 * 6. Stop the runtime, measure the Lambda bundles and their import times, price a million
 *    writes on AWS (aws-cost-model.ts), print; exit 1 if a check failed.
 *
 * With --pipeline it runs the pipeline-history benchmark instead (pipeline-history-bench.ts).
 */
import '#local/quiet-sdk-node-warning.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { bootstrapOrganisation } from '#core/organisation/bootstrap-organisation.js';
import { stageConfigurationInForce } from '#core/organisation/stage-configuration.js';
import { reconcileDerivedRecords } from '#core/reconcile/reconcile-derived-records.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { adaptersOf, reconcileStoreOf } from '#functions/composition-root.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { measureBundles, measureImportTimes } from '#infra/bundle-report.js';
import { startLocalRuntime } from '#local/local-runtime.js';
import { type BenchOptions, benchCommand, parseBenchOptions } from './bench-options.js';
import { formatReport } from './bench-report.js';
import { type BenchResult, type CapacityRow, failuresOf } from './bench-result.js';
import { callsPerWrite } from './calls-per-write.js';
import { CapacityMeter, emptyTotals } from './capacity-meter.js';
import { costOfRun } from './cost-of-run.js';
import { DIRECT_BATCH_SIZE, DIRECT_BATCHES_IN_FLIGHT, storedOpportunities, writeStraightIntoTable } from './direct-writes.js';
import { endToEndFigures } from './end-to-end-figures.js';
import { HttpJsonClient } from './http-json-client.js';
import { InvocationTimer } from './invocation-timer.js';
import { type AcceptedWrite, KIND_HEADER, type LoadResult, runWriteLoad } from './load-generator.js';
import { machineInfo } from './machine-info.js';
import { setUpOrganisation } from './organisation-setup.js';
import { measureRawPutRate } from './raw-put-baseline.js';
import { storedItemSizes } from './stored-item-sizes.js';
import { StreamProgress, versionKey } from './stream-progress.js';
import { WRITE_KINDS } from './write-kinds.js';
import { WriteMix } from './write-mix.js';

/** Writes sent one at a time after the measured ones, to time the API handler without queueing. */
const DURATION_PROBE_WRITES = 200;

/** The stream counts as stuck when it handles nothing for this long. */
const STALL_MS = 60_000;

const BENCH_ADMIN = { id: 'bench-admin', name: 'Benchmark', email: 'bench@example.com' };

const log = (message: string) => process.stderr.write(`${message}\n`);

async function benchmark(options: BenchOptions): Promise<BenchResult> {
  const meter = new CapacityMeter();
  const timer = new InvocationTimer();
  const progress = new StreamProgress();
  const dataDirectory = await mkdtemp(path.join(tmpdir(), 'sales-performance-bench-'));
  log('starting DynamoDB Local and the local runtime...');
  const runtime = await startLocalRuntime({
    inMemory: true,
    port: 0,
    dataDirectory,
    createHandlers: async (dependencies, failureSink) => {
      meter.instrument(dependencies.documentClient);
      progress.instrument(dependencies.documentClient);
      const api = createApiHandler(dependencies);
      const stream = createStreamHandler({ ...dependencies, failureSink });
      return {
        api: (event, context) => {
          const kind = event.headers?.[KIND_HEADER];
          if (!kind) return meter.run({ side: 'setup' }, () => api(event, context));
          return timer.time('api', () => meter.run({ side: 'api', kind }, () => api(event, context)));
        },
        stream: progress.wrap((event, context) =>
          timer.time('stream', () => meter.run({ side: 'stream', kind: progress.kindOfCall }, () => stream(event, context))),
        ),
      };
    },
  }).catch(async (error: unknown) => {
    await rm(dataDirectory, { recursive: true, force: true });
    throw error;
  });
  // The organisation's first admin sends the setup and the load, as an integration's service user would.
  await bootstrapOrganisation(adaptersOf(runtime.dependencies), { company: { id: 'company', name: 'Company' }, admin: BENCH_ADMIN });
  const token = await runtime.identity.issueToken({ repId: BENCH_ADMIN.id, role: 'admin', expiresIn: '1d' });
  const client = new HttpJsonClient(runtime.url, options.concurrency, { authorization: `Bearer ${token}` });
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    client.close();
    await runtime.stop();
    await rm(dataDirectory, { recursive: true, force: true });
  };
  try {
    log(`setting up ${options.reps} reps...`);
    const organisation = await setUpOrganisation(client, {
      reps: options.reps,
      concurrency: options.concurrency,
      now: runtime.dependencies.clock.now(),
      seed: options.seed,
    });
    await runtime.poller.waitUntilIdle(STALL_MS);

    const mix = new WriteMix({ repIds: organisation.repIds, months: organisation.closeMonths, seed: options.seed });
    /** Makes writes (`send` reports how many so far) and waits until the stream has committed every version they made. */
    const writeAndWait = async (send: (onProgress: (count: number) => void) => Promise<LoadResult>, verb: string) => {
      let sent = 0;
      const handledBefore = progress.processed.size;
      const ticker = setInterval(() => log(`  ${sent} ${verb}, ${progress.processed.size - handledBefore} handled by the stream`), 5_000);
      const load = await send((count) => (sent = count)).finally(() => clearInterval(ticker));
      log(`  all ${verb}; waiting for the stream (${progress.processed.size - handledBefore}/${load.accepted.length} handled)...`);
      await progress.waitForAll(
        load.accepted.map((write) => versionKey(write.opportunityId, write.version)),
        STALL_MS,
      );
      await runtime.poller.waitUntilIdle(STALL_MS);
      return load;
    };
    /** Sends writes of the mix through the API and waits until the stream has committed every version they made. */
    const sendWrites = (writes: number, concurrency = options.concurrency, rate = options.rate) =>
      writeAndWait((onProgress) => runWriteLoad(client, mix, { writes, concurrency, rate, onProgress }), 'sent');

    // Both JITs (Node's and Java's) warm up before the clock starts, as for the raw PutItem.
    if (options.warmUp > 0) {
      log(`warming up with ${options.warmUp} opportunity writes...`);
      await sendWrites(options.warmUp);
    }
    meter.reset();
    timer.reset();
    const statsBefore = runtime.poller.stats();
    log(
      `sending ${options.writes} opportunity writes at concurrency ${options.concurrency}${options.rate ? `, ${options.rate}/s` : ''}...`,
    );
    const load = await sendWrites(options.writes);
    const statsAfter = runtime.poller.stats();
    const invocations = statsAfter.invocations - statsBefore.invocations;
    const capacity = capacityRows(meter, load.accepted);
    const requestMs = { api: meter.meanMilliseconds('api'), stream: meter.meanMilliseconds('stream') };
    const handlerTimes = { api: timer.of('api'), stream: timer.of('stream') };
    const figures = endToEndFigures(load.accepted, progress.processed);

    // On Lambda each request has an execution environment to itself; locally 16 share two
    // cores, so their wall time is mostly queueing. One at a time is the closer estimate.
    const probeWrites = Math.min(DURATION_PROBE_WRITES, options.writes);
    log(`timing the API handler one request at a time (${probeWrites} writes)...`);
    timer.reset();
    await sendWrites(probeWrites, 1, undefined);
    const sequentialApi = timer.of('api');

    // The stream itself: the same mix written straight into the table, as an import would, once the stream is idle.
    const directMethod = `BatchWriteItem of ${DIRECT_BATCH_SIZE} opportunities, ${DIRECT_BATCHES_IN_FLIGHT} batches in flight`;
    log(`writing ${options.streamWrites} opportunity versions straight into the table (${directMethod})...`);
    const { stages } = await stageConfigurationInForce(adaptersOf(runtime.dependencies).configurations);
    const stored = await meter.run({ side: 'setup' }, () => storedOpportunities(runtime.dependencies));
    meter.reset();
    const directStatsBefore = runtime.poller.stats();
    const direct = await meter.run({ side: 'direct' }, () =>
      writeAndWait(
        (onProgress) =>
          writeStraightIntoTable(runtime.dependencies, mix, stored, {
            writes: options.streamWrites,
            stages,
            updatedBy: BENCH_ADMIN.id,
            onProgress,
          }),
        'written',
      ),
    );
    const directStatsAfter = runtime.poller.stats();
    const directInvocations = directStatsAfter.invocations - directStatsBefore.invocations;
    const directFigures = endToEndFigures(direct.accepted, progress.processed);
    const directStreamCalls = callsPerWrite(meter.meanMilliseconds('stream'), direct.accepted.length);
    const directStreamUnits = meter.sideTotal('stream').writeUnits;

    log(`measuring raw PutItem (${options.rawPuts} items)...`);
    const rawClient = new DynamoDBClient(runtime.clientConfig);
    meter.instrument(rawClient);
    const rawPut = await meter
      .run({ side: 'raw' }, () => measureRawPutRate(rawClient, { items: options.rawPuts, concurrency: options.concurrency }))
      .finally(() => rawClient.destroy());
    const rawTotals = meter.sideTotal('raw');

    log('reconciling...');
    const reconcile = await meter.run({ side: 'reconcile' }, () =>
      reconcileDerivedRecords(reconcileStoreOf(runtime.dependencies), { repair: false }),
    );
    const itemSizes = await meter.run({ side: 'reconcile' }, () => storedItemSizes(runtime.dependencies));
    await stop();

    log('measuring the Lambda bundles and their import times...');
    // A build that fails (a source file mid-edit) must not lose the figures measured above: it fails the run instead.
    let bundleError: string | undefined;
    const [bundles, importTimes] = await (async () => [await measureBundles(), await measureImportTimes()] as const)().catch(
      (error: unknown) => {
        bundleError = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return [[], []] as const;
      },
    );
    const localRecordsPerInvocation = invocations === 0 ? 0 : load.accepted.length / invocations;

    return {
      date: new Date().toISOString(),
      command: benchCommand(options),
      machine: await machineInfo(),
      options: {
        writes: options.writes,
        streamWrites: options.streamWrites,
        warmUp: options.warmUp,
        reps: options.reps,
        concurrency: options.concurrency,
        rate: options.rate ?? null,
        rawPuts: options.rawPuts,
        seed: options.seed,
      },
      workload: { acceptedWrites: load.accepted.length, byKind: figures.byKind, setupRequests: organisation.requests },
      throughput: {
        throughApi: {
          endToEndSeconds: figures.endToEndSeconds,
          endToEndWritesPerSecond: figures.endToEndWritesPerSecond,
          apiSeconds: figures.apiSeconds,
          apiWritesPerSecond: figures.apiWritesPerSecond,
          ratio: figures.endToEndWritesPerSecond / rawPut.itemsPerSecond,
        },
        stream: {
          endToEndSeconds: directFigures.endToEndSeconds,
          endToEndWritesPerSecond: directFigures.endToEndWritesPerSecond,
          writeSeconds: directFigures.apiSeconds,
          writtenPerSecond: directFigures.apiWritesPerSecond,
          ratio: directFigures.endToEndWritesPerSecond / rawPut.itemsPerSecond,
        },
        rawPut: { ...rawPut, writeUnitsPerPut: rawTotals.requests === 0 ? 0 : rawTotals.writeUnits / rawTotals.requests },
      },
      latencyMs: { writeToCommit: figures.writeToCommit, writeToHandled: figures.writeToHandled, apiResponse: figures.apiResponse },
      streamPhase: {
        method: directMethod,
        writes: direct.accepted.length,
        byKind: directFigures.byKind,
        latencyMs: { writeToCommit: directFigures.writeToCommit, writeToHandled: directFigures.writeToHandled },
        streamCalls: directStreamCalls,
        invocations: directInvocations,
        recordsPerInvocation: directInvocations === 0 ? 0 : direct.accepted.length / directInvocations,
        streamWriteUnitsPerWrite: direct.accepted.length === 0 ? 0 : directStreamUnits / direct.accepted.length,
        versionsWithoutTransaction: directFigures.versionsWithoutTransaction,
        kindMismatches: directFigures.kindMismatches,
        unchangedWrites: direct.unchanged,
      },
      stream: {
        invocations,
        recordsPerInvocation: localRecordsPerInvocation,
        // Counted from the start to the end of the stream phase: any failure makes the run untrustworthy.
        failedInvocations: directStatsAfter.failedInvocations,
        recordsSentToOnFailure: directStatsAfter.recordsSentToOnFailure,
        versionsWithoutTransaction: figures.versionsWithoutTransaction,
      },
      capacity,
      requestMs,
      handlerTimes: { ...handlerTimes, sequentialApi },
      cost: costOfRun(capacity, { api: sequentialApi, stream: handlerTimes.stream }, localRecordsPerInvocation, handlerTimes.api),
      itemSizes,
      bundles,
      importTimes,
      checks: {
        rejectedWrites: load.rejected.length,
        rejectedSample: load.rejected.slice(0, 5).map((write) => `${write.kind} ${write.opportunityId}: ${write.status} ${write.detail}`),
        unchangedWrites: load.unchanged,
        kindMismatches: figures.kindMismatches,
        ...(bundleError === undefined ? {} : { bundleError }),
        drift: { count: reconcile.driftCount, sample: reconcile.drift.slice(0, 10), checked: reconcile.checked },
      },
    };
  } finally {
    await stop();
  }
}

/** Capacity by kind of write, API and stream side by side, with an 'all' row first. */
function capacityRows(meter: CapacityMeter, accepted: readonly AcceptedWrite[]): CapacityRow[] {
  const api = meter.bySide('api');
  const stream = meter.bySide('stream');
  const kinds = [...new Set<string>([...WRITE_KINDS, ...api.keys(), ...stream.keys()])];
  const rows = kinds.map((kind) => ({
    kind,
    writes: accepted.filter((write) => write.kind === kind).length,
    api: api.get(kind) ?? emptyTotals(),
    stream: stream.get(kind) ?? emptyTotals(),
  }));
  const all = { kind: 'all', writes: accepted.length, api: meter.sideTotal('api'), stream: meter.sideTotal('stream') };
  return [all, ...rows.filter((row) => row.writes > 0 || row.api.requests > 0 || row.stream.requests > 0)];
}

async function writeBenchmark(argv: readonly string[]): Promise<void> {
  const options = parseBenchOptions(argv);
  const result = await benchmark(options);
  const report = formatReport(result);
  if (options.json) {
    log(report);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    console.log(report);
  }
  const failures = failuresOf(result);
  if (failures.length > 0) {
    const banner = '!'.repeat(78);
    log(`\n${banner}\n${failures.map((failure) => `!! ${failure}`).join('\n')}\n${banner}`);
    for (const entry of result.checks.drift.sample)
      log(`  ${entry.kind} ${entry.repMonth.repId} ${entry.repMonth.month} ${entry.opportunityId ?? ''}: ${entry.detail}`);
    for (const sample of result.checks.rejectedSample) log(`  ${sample}`);
    process.exitCode = 1;
  }
}

// `--pipeline` runs the pipeline-history benchmark (snapshot and time travel) instead of the write benchmark.
const argv = process.argv.slice(2);
if (argv.includes('--pipeline')) {
  const { runPipelineBench } = await import('./pipeline-history-bench.js');
  await runPipelineBench(argv.filter((argument) => argument !== '--pipeline'));
} else {
  await writeBenchmark(argv);
}
