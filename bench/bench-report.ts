/** The benchmark's result as a table for a terminal (and for the README). */

import type { BenchResult, CapacityRow } from './bench-result.js';
import type { LatencySummary } from './latency-percentiles.js';

/** The brief's aims. */
export const AIMS = { ratio: 0.25, writeUnitsPerUpdate: 8 } as const;

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kib = (bytes: number) => `${number(bytes / 1024, 1)} KiB`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function columns(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0))).join('');
}

function latencyLine(label: string, latency: LatencySummary): string {
  return columns(
    [`  ${label}`, number(latency.p50, 1), number(latency.p95, 1), number(latency.p99, 1), number(latency.max, 1)],
    [42, 10, 10, 10, 10],
  );
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

  push(`Sales-performance engine benchmark, ${result.date}`, '');
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

  push('Throughput');
  push(
    columns(
      [
        '  end-to-end: first write to every record committed',
        `${number(throughput.endToEndWritesPerSecond, 1)} writes/s`,
        `(${number(throughput.endToEndSeconds, 1)} s)`,
      ],
      [56, 18, 12],
    ),
  );
  push(
    columns(
      [
        '  API alone: first write to last response',
        `${number(throughput.apiWritesPerSecond, 1)} writes/s`,
        `(${number(throughput.apiSeconds, 1)} s)`,
      ],
      [56, 18, 12],
    ),
  );
  push(
    columns(
      [
        `  raw PutItem: ${number(raw.items)} x ${raw.itemBytes} B, same DynamoDB Local`,
        `${number(raw.itemsPerSecond, 1)} items/s`,
        `(${number(raw.seconds, 1)} s)`,
      ],
      [56, 18, 12],
    ),
  );
  push(
    columns(
      ['  ratio end-to-end / raw PutItem', number(throughput.ratio, 3), `aim >= ${AIMS.ratio}: ${verdict(throughput.ratio >= AIMS.ratio)}`],
      [56, 18, 24],
    ),
  );
  if (options.rate)
    push(`  (writes offered at ${options.rate}/s: the throughput is the offered rate, not the capacity; run without --rate for that)`);
  push('');

  push(columns(['Latency (ms)', 'p50', 'p95', 'p99', 'max'], [42, 10, 10, 10, 10]));
  push(latencyLine('write to commission record committed', latencyMs.writeToCommit));
  push(latencyLine('write to stream invocation returned', latencyMs.writeToHandled));
  push(latencyLine('API response', latencyMs.apiResponse));
  for (const side of ['api', 'stream'] as const) {
    const timings = Object.entries(result.requestMs[side]).map(
      ([operation, { count, meanMs }]) =>
        `${operation} ${number(meanMs, 1)} (${number(count / Math.max(1, workload.acceptedWrites), 2)}/write)`,
    );
    push(`  ${side} round trips to DynamoDB Local, mean ms: ${timings.join(', ')}`);
  }
  push(
    `  stream: ${number(stream.invocations)} invocations, ${number(stream.recordsPerInvocation, 1)} records each on average, ${stream.failedInvocations} failed, ${stream.recordsSentToOnFailure} records to on-failure`,
    '',
  );

  const widths = [26, 8, 10, 12, 11, 12, 10, 12, 11];
  push(
    "Capacity units per opportunity write (DynamoDB Local's figures; TransactWriteItems priced from its items, see transaction-pricing.ts)",
  );
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

  push(columns(['Lambda bundles', 'minified', 'gzip'], [18, 14, 14]));
  for (const bundle of result.bundles) push(columns([`  ${bundle.name}`, kib(bundle.bytes), kib(bundle.gzipBytes)], [18, 14, 14]));
  push('');

  const { drift } = checks;
  push(
    `Reconcile drift: ${drift.count} (checked ${number(drift.checked.opportunities)} opportunities, ${number(drift.checked.links)} links, ${number(drift.checked.records)} month records)`,
  );
  if (checks.unchangedWrites > 0) push(`Unchanged writes (no new version, not counted): ${checks.unchangedWrites}`);
  return lines.join('\n');
}
