/** The benchmark's result as a table for a terminal (and for the README). */

import { BUNDLE_REPORT_COMMAND, formatBundleTable } from '#infra/bundle-report.js';
import type { CostComponent, CostEstimate } from './aws-cost-model.js';
import {
  DYNAMODB_READ_REQUEST_UNIT_PRICE_PER_MILLION,
  DYNAMODB_WRITE_REQUEST_UNIT_PRICE_PER_MILLION,
  HTTP_API_REQUEST_PRICE_PER_MILLION,
  LAMBDA_GB_SECOND_PRICE,
  LAMBDA_REQUEST_PRICE_PER_MILLION,
} from './aws-cost-model.js';
import type { BenchResult, CapacityRow } from './bench-result.js';
import type { LatencySummary } from './latency-percentiles.js';

/** The brief's aims. */
export const AIMS = { ratio: 0.25, writeUnitsPerUpdate: 8 } as const;

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdictBelow = (met: boolean) => (met ? 'met' : 'MISSED');
const COMPONENT_LABELS: Readonly<Record<CostComponent, string>> = {
  dynamodbWrites: 'DynamoDB writes',
  dynamodbReads: 'DynamoDB reads',
  streamLambda: 'stream Lambda',
  apiLambda: 'API Lambda',
  httpApi: 'API Gateway HTTP API',
};

/** The cost table: $ per million updates by component, the total and the aim. */
export function formatCost(estimate: CostEstimate): string[] {
  const widths = [26, 12, 0];
  const lines = estimate.lines.map((line) =>
    columns([`  ${COMPONENT_LABELS[line.component]}`, `$${number(line.dollarsPerMillion, 2)}`, `   ${line.basis}`], widths),
  );
  lines.push(
    columns(
      ['  total', `$${number(estimate.totalPerMillion, 2)}`, `   aim < $${estimate.aimPerMillion}: ${verdictBelow(estimate.aimMet)}`],
      widths,
    ),
  );
  return lines;
}
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function columns(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0))).join('');
}

function latencyLine(label: string, latency: LatencySummary): string {
  return columns(
    [`  ${label}`, number(latency.p50, 1), number(latency.p95, 1), number(latency.p99, 1), number(latency.max, 1)],
    [52, 10, 10, 10, 10],
  );
}

/** The API's round trips per write through the API, e.g. '4.34 GetItem, 1.00 PutItem per write'. */
function apiCallsPerWrite(result: BenchResult): string {
  const writes = Math.max(1, result.workload.acceptedWrites);
  const calls = Object.entries(result.requestMs.api).map(([operation, { count }]) => `${number(count / writes, 2)} ${operation}`);
  return calls.length === 0 ? 'its reads and put' : `${calls.join(', ')} per write`;
}

function perWrite(row: CapacityRow): string[] {
  const per = (units: number) => number(row.writes === 0 ? 0 : units / row.writes, 2);
  const { api, stream } = row;
  return [
    `  ${row.kind}`,
    number(row.writes),
    per(api.writeUnits),
    per(stream.writeUnits),
    per(api.writeUnits + stream.writeUnits),
    per(api.gsiWriteUnits + stream.gsiWriteUnits),
    per(api.readUnits),
    per(stream.readUnits),
    per(api.readUnits + stream.readUnits),
  ];
}

/** Mean write units per write over every kind but creates. */
export function writeUnitsPerUpdate(rows: readonly CapacityRow[]): number {
  const updates = rows.filter((row) => row.kind !== 'all' && row.kind !== 'create');
  const writes = updates.reduce((sum, row) => sum + row.writes, 0);
  const units = updates.reduce((sum, row) => sum + row.api.writeUnits + row.stream.writeUnits, 0);
  return writes === 0 ? 0 : units / writes;
}

export function formatReport(result: BenchResult): string {
  const { machine, options, workload, throughput, latencyMs, stream, checks } = result;
  const raw = throughput.rawPut;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const updateUnits = writeUnitsPerUpdate(result.capacity);

  push(`Sales-performance engine benchmark, ${result.date}`);
  push(`command: ${result.command}`, '');
  push(`Machine    Node ${machine.node}, ${machine.platform}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB`);
  push(`           Java ${machine.java}, DynamoDB Local ${machine.dynamoDbLocal} (in memory), everything in one process but Java`);
  push(
    `Workload   ${number(workload.acceptedWrites)} opportunity writes over ${number(options.reps)} reps, HTTP keep-alive at concurrency ${options.concurrency}${options.rate ? `, offered at ${options.rate} writes/s` : ', as fast as it goes'}, seed ${options.seed}`,
  );
  push(
    `           ${Object.entries(workload.byKind)
      .map(([kind, count]) => `${kind} ${number(count)}`)
      .join(', ')}`,
  );
  push(
    `           after ${number(workload.setupRequests)} setup requests (stages, 13 teams, reps, commission levels, targets) and ${number(options.warmUp)} warm-up writes`,
    '',
  );

  const { throughApi, stream: streamAlone } = throughput;
  const { streamPhase } = result;
  const rateRow = (label: string, perSecond: number, seconds: number, unit = 'writes/s') =>
    columns([label, `${number(perSecond, 1)} ${unit}`, `(${number(seconds, 1)} s)`], [74, 18, 12]);
  push(`Throughput (command: ${result.command})`);
  push(
    rateRow(
      '  stream (writes straight into the table): first write to all committed',
      streamAlone.endToEndWritesPerSecond,
      streamAlone.endToEndSeconds,
    ),
    rateRow(
      `    of it, writing the ${number(streamPhase.writes)} versions into the table`,
      streamAlone.writtenPerSecond,
      streamAlone.writeSeconds,
    ),
    rateRow('  through the API: first write to all committed', throughApi.endToEndWritesPerSecond, throughApi.endToEndSeconds),
    rateRow('    of it, the API alone: first write to last response', throughApi.apiWritesPerSecond, throughApi.apiSeconds),
    rateRow(`  raw PutItem: ${number(raw.items)} x ${raw.itemBytes} B, same DynamoDB Local`, raw.itemsPerSecond, raw.seconds, 'items/s'),
  );
  push(
    columns(
      [
        '  ratio stream (writes straight into the table) / raw PutItem',
        number(streamAlone.ratio, 3),
        `   aim >= ${AIMS.ratio}: ${verdict(streamAlone.ratio >= AIMS.ratio)}`,
      ],
      [74, 18, 0],
    ),
    columns(['  ratio through the API / raw PutItem', number(throughApi.ratio, 3), "   no aim (the aim is the stream's)"], [74, 18, 0]),
    `  through the API, the API itself on 2 shared cores is the limit (token check, validation, ${apiCallsPerWrite(result)}), not the stream`,
  );
  if (options.rate)
    push(
      `  (API writes offered at ${options.rate}/s: their throughput is the offered rate, not the capacity; run without --rate for that)`,
    );
  push('');

  push(columns(['Latency (ms)', 'p50', 'p95', 'p99', 'max'], [52, 10, 10, 10, 10]));
  push(`  command: ${result.command}`);
  push("  through the API (from the request's start):");
  push(latencyLine('  write to commission record committed', latencyMs.writeToCommit));
  push(latencyLine('  write to stream invocation returned', latencyMs.writeToHandled));
  push(latencyLine('  API response', latencyMs.apiResponse));
  push("  stream, writes straight into the table (from the batch's start; all written at once, so mostly backlog):");
  push(latencyLine('  write to commission record committed', streamPhase.latencyMs.writeToCommit));
  push(latencyLine('  write to stream invocation returned', streamPhase.latencyMs.writeToHandled));
  for (const side of ['api', 'stream'] as const) {
    const timings = Object.entries(result.requestMs[side]).map(
      ([operation, { count, meanMs }]) =>
        `${operation} ${number(meanMs, 1)} (${number(count / Math.max(1, workload.acceptedWrites), 2)}/write)`,
    );
    push(`  through the API, ${side} round trips to DynamoDB Local, mean ms: ${timings.join(', ')}`);
  }
  push(
    `  through the API, stream: ${number(stream.invocations)} invocations, ${number(stream.recordsPerInvocation, 1)} records each on average, ${number(stream.versionsWithoutTransaction)} versions without a link write; over the whole run ${stream.failedInvocations} failed, ${stream.recordsSentToOnFailure} records to on-failure`,
    '',
  );

  push(`Stream end-to-end, writes straight into the table (command: ${result.command})`);
  push(
    `  ${number(streamPhase.writes)} opportunity versions of the same mix written after the API phase, once the stream was idle, as an import would:`,
    `  ${streamPhase.method}; each item what PUT would store (version + 1, updatedAt), encoded by the API's store`,
    `  ${Object.entries(streamPhase.byKind)
      .map(([kind, count]) => `${kind} ${number(count)}`)
      .join(', ')}`,
  );
  const streamCalls = Object.entries(streamPhase.streamCalls.byOperation).map(
    ([operation, { perWrite, meanMs }]) => `${operation} ${number(perWrite, 2)} (${number(meanMs, 1)} ms)`,
  );
  push(
    `  stream round trips per write: ${number(streamPhase.streamCalls.perWrite, 2)} (${streamCalls.join(', ')})`,
    `  stream: ${number(streamPhase.invocations)} invocations, ${number(streamPhase.recordsPerInvocation, 1)} records each on average, ${number(streamPhase.streamWriteUnitsPerWrite, 2)} WCU per write; ${number(streamPhase.versionsWithoutTransaction)} versions without a link write`,
    '',
  );

  const widths = [26, 8, 10, 12, 11, 12, 10, 12, 11];
  push(
    "Capacity units per opportunity write through the API (DynamoDB Local's figures; TransactWriteItems priced from its items, see transaction-pricing.ts)",
  );
  push(`  command: ${result.command}`);
  push(columns(['', 'writes', 'WCU api', 'WCU stream', 'WCU total', 'of it GSI', 'RCU api', 'RCU stream', 'RCU total'], widths));
  for (const row of result.capacity) push(columns(perWrite(row), widths));
  push(
    `  updates (all but creates): ${number(updateUnits, 2)} WCU each, aim <= ${AIMS.writeUnitsPerUpdate}: ${verdict(updateUnits <= AIMS.writeUnitsPerUpdate)}`,
  );
  const all = result.capacity.find((row) => row.kind === 'all');
  if (all)
    push(
      `  DynamoDB Local itself reported ${number((all.api.localReportedWriteUnits + all.stream.localReportedWriteUnits) / Math.max(1, all.writes), 2)} WCU per write (it under-counts transactions)`,
    );
  push(`  raw PutItem: ${number(raw.writeUnitsPerPut, 2)} WCU each`);
  push(
    `  stored item sizes, mean / max bytes: ${Object.entries(result.itemSizes)
      .map(([kind, sizes]) => `${kind} ${sizes.meanBytes} / ${sizes.maxBytes}`)
      .join(', ')}`,
    '',
  );

  const { cost, handlerTimes } = result;
  const gbSecond = LAMBDA_GB_SECOND_PRICE[cost.deployed.deployment.architecture];
  push('Cost per million opportunity writes on AWS (us-east-1 on-demand list prices, 2026-12-01; see bench/aws-cost-model.ts)');
  push(`  command: ${result.command}`);
  push(
    `  prices: DynamoDB $${DYNAMODB_WRITE_REQUEST_UNIT_PRICE_PER_MILLION}/M write and $${DYNAMODB_READ_REQUEST_UNIT_PRICE_PER_MILLION}/M read request units, stream reads by Lambda free;`,
    `  Lambda $${LAMBDA_REQUEST_PRICE_PER_MILLION}/M requests and $${gbSecond}/GB-s (${cost.deployed.deployment.architecture}); HTTP API $${HTTP_API_REQUEST_PRICE_PER_MILLION.toFixed(2)}/M requests`,
  );
  push(
    `  measured: API ${number(cost.usage.apiMsPerRequest, 1)} ms per request (${number(handlerTimes.sequentialApi.invocations)} writes sent one at a time after the load; ${number(handlerTimes.api.billedMs / Math.max(1, handlerTimes.api.invocations), 1)} ms under it);`,
    `  stream ${number(cost.usage.streamMsPerRecord, 2)} ms per record (${number(handlerTimes.stream.invocations)} invocations during the load); each invocation rounded up to the ms, as billed`,
    `  the durations are local wall times (two cores shared with DynamoDB Local, its round trips not DynamoDB's): an estimate of AWS's`,
  );
  push(...formatCost(cost.deployed));
  for (const { label, estimate } of cost.sensitivity)
    push(`  if ${label}: $${number(estimate.totalPerMillion, 2)} (${verdictBelow(estimate.aimMet)})`);
  push('');

  push(`Lambda bundles and cold-start import (command: ${BUNDLE_REPORT_COMMAND}, or this benchmark)`);
  push(...formatBundleTable(result.bundles, result.importTimes).map((line) => `  ${line}`));
  push('');

  const { drift } = checks;
  push(
    `Reconcile drift after both phases: ${drift.count} (checked ${number(drift.checked.opportunities)} opportunities, ${number(drift.checked.links)} links, ${number(drift.checked.records)} month records)`,
  );
  if (checks.unchangedWrites > 0) push(`Unchanged writes (no new version, not counted): ${checks.unchangedWrites}`);
  if (streamPhase.unchangedWrites > 0)
    push(`Unchanged versions of the stream phase (not written, not counted): ${streamPhase.unchangedWrites}`);
  return lines.join('\n');
}
