/**
 * The forecast benchmark (`npm run bench:forecast [-- --open 10000 --reps 200 --months 13]`):
 * on DynamoDB Local in memory, a company with 10,000 open deals and 13 months of closed
 * history whose true rates are known (bench/forecast-workload.ts).
 *
 * 1. Load the organisation, stage configuration, targets, deals and field history straight
 *    into a table made from the table definition (no stream), with the links the stream
 *    would have written for the deals due in the quarter asked about (what GET /forecasts
 *    reads; the quality counters as an import carries them). Timed for context only.
 * 2. The refresh, as the scheduled function runs it: the whole-history read, learning the
 *    rates, the 12-month backtest of every scope, the writes; each step timed. Then the
 *    same refresh again (the figures it stores must not change).
 * 3. GET /forecasts for the company, the current month and the current quarter, through the
 *    real API handler with the learned rates: once to warm up, then 3 runs, the median.
 * 4. The sizes: the response, the stored rates and backtest items, the learned rates against
 *    the true ones.
 */
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ForecastDeal, LearnedRates } from '#core/forecasts/forecast-model.js';
import { type ForecastRefreshSummary, refreshForecasts } from '#core/forecasts/refresh-forecasts.js';
import { forecastOf } from '#core/forecasts/scope-forecast.js';
import { MIN_DRAWS } from '#core/forecasts/won-revenue-simulation.js';
import type { QualityCounters } from '#core/linkage/deal-link.js';
import { linkOf } from '#core/linkage/linkage.js';
import { initialQualityCounters } from '#core/linkage/quality-counters.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { COMPANY_SCOPE } from '#core/organisation/scope.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { auditEntryOf, auditSubjects } from '#core/shared/audit-entry.js';
import type { Clock } from '#core/shared/clock.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { forecastRefreshPortsOf } from '#functions/forecasts/forecast-refresh-ports.js';
import { dealLinkToItem } from '#functions/linkage/deal-link-item.js';
import { fieldChangeToItem } from '#functions/opportunities/field-history-item.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { repToItem } from '#functions/organisation/rep-store.js';
import { StageConfigurationStore } from '#functions/organisation/stage-configuration-store.js';
import { teamToItem } from '#functions/organisation/team-store.js';
import { createDocumentClient, type Dependencies } from '#functions/shared/dependencies.js';
import { batchPutAll } from '#functions/store/batch-operations.js';
import { createTableInput } from '#functions/store/create-table-input.js';
import { keys } from '#functions/store/keys.js';
import { targetToItem } from '#functions/targets/target-store.js';
import { startDynamoDbLocal } from '#local/dynamodb-local.js';
import { apiClientOf } from '#test/support/api-requests.js';
import { silentLogger } from '#test/support/engine-harness.js';
import { bootstrapTestOrganisation } from '#test/support/test-organisation.js';
import { forEachConcurrently } from './concurrency.js';
import { type ForecastWorkload, forecastWorkload, TRUE_SLIP_RATE, TRUE_WIN_RATES } from './forecast-workload.js';
import { machineInfo } from './machine-info.js';
import { itemSize } from './transaction-pricing.js';

const TABLE_NAME = 'bench-forecast';
/**
 * The clock's fixed now: the 2nd of a quarter's first month. Deals are due 1-3 months after
 * creation, so nearly every open deal is due in the quarter: its forecast covers the open book.
 */
const NOW = '2026-10-02T12:00:00.000Z';
const MONTH = '2026-10';
const QUARTER = '2026-Q4';
const QUARTER_MONTHS = ['2026-10', '2026-11', '2026-12'];
/** API Gateway's integration timeout: the forecast must answer well within it. */
const API_LIMIT_MS = 30_000;
const RUNS = 3;
const BATCH = 25;
const WRITERS = 8;

const log = (message: string) => process.stderr.write(`${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const shape = {
    openDeals: option('open', 10_000),
    historyPerMonth: option('history', 1_200),
    reps: option('reps', 100),
    months: option('months', 13),
    seed: 14,
    now: NOW,
  };
  const command = `npm run bench:forecast -- --open ${shape.openDeals} --history ${shape.historyPerMonth} --reps ${shape.reps} --months ${shape.months}`;
  log(`Generating ${shape.openDeals.toLocaleString('en-US')} open deals and ${shape.months} months of history...`);
  const workload = forecastWorkload(shape);

  const database = await startDynamoDbLocal({ inMemory: true });
  const client = new DynamoDBClient(database.clientConfig);
  const documentClient = createDocumentClient(database.clientConfig);
  try {
    const clock: Clock = { now: () => new Date(NOW) };
    const deps: Dependencies = { documentClient, tableName: TABLE_NAME, clock };
    const { StreamSpecification: _stream, ...input } = createTableInput(TABLE_NAME);
    await client.send(new CreateTableCommand(input));
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: TABLE_NAME });

    // 1. The load (context).
    const loadStarted = performance.now();
    await bootstrapTestOrganisation(deps, { id: 'company', name: 'Company' }, { now: () => new Date(workload.setUpAt) });
    const stages = { stages: DEFAULT_STAGES.stages, version: 1, updatedAt: workload.setUpAt };
    await new StageConfigurationStore(deps).save(
      stages,
      0,
      auditEntryOf({
        actor: { repId: 'admin', role: 'admin' },
        at: new Date(workload.setUpAt),
        subject: auditSubjects.stageConfiguration(),
        before: null,
        after: stages,
      }),
    );
    const items: Record<string, unknown>[] = [
      ...workload.teams.filter((team) => team.id !== 'company').map(teamToItem),
      ...workload.reps.map(repToItem),
      ...workload.targets.map(targetToItem),
      ...workload.deals.flatMap(({ opportunity, history }) => [opportunityToItem(opportunity), ...history.map(fieldChangeToItem)]),
      // The links GET /forecasts reads: every deal due in the quarter, as the stream links it.
      ...workload.deals
        .filter(({ opportunity }) => QUARTER_MONTHS.includes(opportunity.closeDate.slice(0, 7)))
        .map(({ opportunity }) => dealLinkToItem(linkOf(opportunity, qualityOf(opportunity), opportunity.version), new Date(NOW))),
    ];
    log(`Loading ${items.length.toLocaleString('en-US')} items...`);
    const batches = Array.from({ length: Math.ceil(items.length / (BATCH * 20)) }, (_, index) =>
      items.slice(index * BATCH * 20, (index + 1) * BATCH * 20),
    );
    await forEachConcurrently(batches, WRITERS, (batch) => batchPutAll(deps, batch));
    const loadMs = performance.now() - loadStarted;
    log(`Loaded in ${seconds(loadMs)}.`);

    // 2. The refresh, as the scheduled function runs it (its stores, 16 scan segments).
    const ports = forecastRefreshPortsOf(deps);
    log('Refresh (read, learn, 12-month backtest, write)...');
    const refreshStarted = performance.now();
    const refresh = await refreshForecasts(ports, clock.now(), { elapsedMs: () => performance.now() });
    const refreshMs = performance.now() - refreshStarted;
    const storedBefore = await forecastItems(deps);
    log('The same refresh again...');
    const again = await refreshForecasts(ports, clock.now(), { elapsedMs: () => performance.now() });
    const storedAfter = await forecastItems(deps);
    const idempotent = JSON.stringify(storedBefore) === JSON.stringify(storedAfter);

    // 3. GET /forecasts through the API handler.
    const api = apiClientOf(createApiHandler(deps, { logger: silentLogger }));
    const timings: { period: string; medianMs: number; runsMs: number[]; bytes: number; openDeals: number; draws: number }[] = [];
    let apiFailure: string | undefined;
    for (const period of apiFailure === undefined ? [MONTH, QUARTER] : []) {
      const path = `/forecasts?period=${period}`;
      log(`GET ${path}: a warm-up, then ${RUNS} runs...`);
      const warm = await api({ method: 'GET', path });
      if (warm.status !== 200) {
        apiFailure = `GET ${path}: ${warm.status} ${JSON.stringify(warm.body)}`;
        break;
      }
      const runsMs: number[] = [];
      let body: any = warm.body;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const reply = await api({ method: 'GET', path });
        runsMs.push(performance.now() - started);
        if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status}`);
        body = reply.body;
      }
      timings.push({
        period,
        medianMs: median(runsMs),
        runsMs,
        bytes: JSON.stringify(body).length,
        openDeals: body.openDeals,
        draws: body.simulation?.draws ?? 0,
      });
    }

    // The same quarter's forecast computed in process from the same open deals: what of the API's time is not reading.
    const rates = await ports.learnedRates.read();
    const computeMs = rates ? computeOnly(workload.deals, rates) : Number.NaN;

    // 4. Report.
    const print = (line = '') => process.stdout.write(`${line}\n`);
    print(`Forecast benchmark: ${command}`);
    print(`Machine: ${JSON.stringify(await machineInfo())}`);
    print(`Now ${NOW}; DynamoDB Local in memory; ${workload.reps.length} reps in ${workload.teams.length} teams.`);
    print(
      `Data: ${workload.openDeals.toLocaleString('en-US')} open deals, ${workload.closedDeals.toLocaleString('en-US')} closed, ${workload.historyRows.toLocaleString('en-US')} field-history rows, ${workload.targets.length.toLocaleString('en-US')} rep targets, ${items.length.toLocaleString('en-US')} items (loaded in ${seconds(loadMs)}: context only).`,
    );
    print();
    print('GET /forecasts, the company (admin), through the API handler with the learned rates, median of 3 after a warm-up:');
    for (const timing of timings)
      print(
        `  period ${timing.period.padEnd(8)} ${String(timing.openDeals).padStart(6)} open deals in the period, ${timing.draws.toLocaleString('en-US')} draws: median ${timing.medianMs.toFixed(0)} ms (runs ${timing.runsMs.map((ms) => ms.toFixed(0)).join(', ')} ms), ${(timing.bytes / 1024).toFixed(1)} KiB; the API's limit ${API_LIMIT_MS / 1000} s: ${timing.medianMs < API_LIMIT_MS / 3 ? 'well within' : 'TOO CLOSE'}`,
      );
    if (apiFailure !== undefined) print(`  FAILED: ${apiFailure}`);
    print(
      `  of which computing (forecastOf in process, the quarter's ${QUARTER_MONTHS.length} months, 10,000 draws, median of 3): ${computeMs.toFixed(0)} ms; the rest is reading the scope's links`,
    );
    print();
    print('Refresh (as the scheduled function runs it):');
    printRefresh(print, refresh, refreshMs);
    print(`  again (nothing changed): ${describeDurations(again)}; stored figures ${idempotent ? 'identical' : 'DIFFERENT'}`);
    print();
    print('Sizes:');
    for (const [name, bytes] of storedBefore.sizes) print(`  ${name.padEnd(28)} ${(bytes / 1024).toFixed(1)} KiB stored`);
    print(`  largest stored item ${(storedBefore.largest / 1024).toFixed(1)} KiB of DynamoDB's 400 KiB`);
    print();
    print("Learned win rates against the generator's true ones (stage: learned (source, observations) / true):");
    for (const stage of rates?.stages ?? [])
      print(
        `  ${stage.stageId.padEnd(14)} ${stage.winRate.toFixed(3)} (${stage.winRateSource}, ${stage.win.observations}) / ${TRUE_WIN_RATES[stage.stageId]?.toFixed(3) ?? '-'}; closed within its month ${stage.closedWithin[0].toFixed(3)} (true at extension 0: ${(1 - TRUE_SLIP_RATE).toFixed(3)}, mixed over extensions here)`,
      );
    if (!idempotent || apiFailure !== undefined) process.exitCode = 1;
    if (timings.some((timing) => timing.medianMs >= API_LIMIT_MS)) process.exitCode = 1;
  } finally {
    documentClient.destroy();
    client.destroy();
    await database.stop();
  }
}

/** Median ms of forecastOf over the open deals due in the quarter, as ForecastDeals (the API's compute without its reads). */
function computeOnly(deals: ForecastWorkload['deals'], rates: LearnedRates): number {
  const nowMs = Date.parse(NOW);
  const openDeals: ForecastDeal[] = deals
    .map(({ opportunity }) => opportunity)
    .filter((opportunity) => opportunity.stageOutcome === 'open' && QUARTER_MONTHS.includes(opportunity.closeDate.slice(0, 7)))
    .map((opportunity) => ({
      opportunityId: opportunity.id,
      name: opportunity.name,
      account: opportunity.account,
      ownerId: opportunity.ownerId,
      stageId: opportunity.stageId,
      closeDate: opportunity.closeDate,
      amount: opportunity.amount,
      configuredProbability: DEFAULT_STAGES.stages.find((stage) => stage.id === opportunity.stageId)?.probability ?? 0,
      closeMonthExtensions: opportunity.importedQuality?.closeMonthExtensions ?? 0,
      daysSinceStageChange: Math.floor((nowMs - Date.parse(opportunity.createdAt)) / 86_400_000),
      daysOpen: Math.floor((nowMs - Date.parse(opportunity.createdAt)) / 86_400_000),
    }));
  const runs = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    forecastOf({
      scope: COMPANY_SCOPE,
      period: { kind: 'quarter', label: QUARTER, months: QUARTER_MONTHS },
      asAt: NOW,
      openDeals,
      wonSoFar: 0,
      target: null,
      rates,
      draws: MIN_DRAWS,
      seed: 1,
      atRiskLimit: 10,
    });
    return performance.now() - started;
  });
  return median(runs);
}

/** The counters an imported deal's link starts from (as the import and reconcile take them). */
function qualityOf(opportunity: Opportunity): QualityCounters {
  const imported = opportunity.importedQuality;
  if (!imported) return initialQualityCounters(opportunity);
  const { createdAt, closeMonthExtensions, lastStageChangeAt, closedAt } = imported;
  return { createdAt, closeMonthExtensions, lastStageChangeAt, closedAt };
}

function describeDurations({ durations }: ForecastRefreshSummary): string {
  const { readMs, learnMs, backtestMs, writeMs } = durations;
  return `read ${seconds(readMs)}, learn ${seconds(learnMs)}, backtest ${seconds(backtestMs)}, write ${seconds(writeMs)}`;
}

function printRefresh(print: (line?: string) => void, summary: ForecastRefreshSummary, totalMs: number): void {
  const { readMs, learnMs, backtestMs, writeMs } = summary.durations;
  print(`  history read   ${seconds(readMs).padStart(9)}  (${summary.dealsRead.toLocaleString('en-US')} deals, whole history)`);
  print(
    `  learn rates    ${seconds(learnMs).padStart(9)}  (${summary.closedDeals.toLocaleString('en-US')} closed deals, ${summary.stages} stages)`,
  );
  print(
    `  backtest       ${seconds(backtestMs).padStart(9)}  (${summary.months.length} months ${summary.months[0]}..${summary.months.at(-1)}, ${summary.scopes} scopes, 10,000 draws per forecast)`,
  );
  print(`  write          ${seconds(writeMs).padStart(9)}`);
  print(`  in all         ${seconds(totalMs).padStart(9)}`);
}

/** The stored forecast items (rates and every scope's backtest) and their sizes. */
async function forecastItems(
  deps: Dependencies,
): Promise<{ items: Record<string, unknown>[]; sizes: [string, number][]; largest: number }> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.documentClient.send(
      new QueryCommand({
        TableName: deps.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.forecastRates().pk },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const sizes = items.map((item): [string, number] => [String(item.sk), itemSize(item)]);
  const backtests = sizes.filter(([sk]) => sk.startsWith('BACKTEST#'));
  const rates = sizes.filter(([sk]) => !sk.startsWith('BACKTEST#'));
  const company = backtests.find(([sk]) => sk === 'BACKTEST#company');
  const summary: [string, number][] = [
    ...rates.map(([sk, bytes]): [string, number] => [`learned rates (${sk})`, bytes]),
    ...(company ? [[`company backtest`, company[1]] as [string, number]] : []),
    [`all ${backtests.length} backtests`, backtests.reduce((sum, [, bytes]) => sum + bytes, 0)],
  ];
  return { items: items.map((item) => ({ ...item })), sizes: summary, largest: Math.max(0, ...items.map(itemSize)) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
