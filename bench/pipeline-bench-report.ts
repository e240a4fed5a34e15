/** The pipeline-history benchmark as a table: one column per deal count, then the growth from the first to the last. */
import { pipelineBenchCommand } from './pipeline-bench-options.js';
import type { CallFigures, FastPathFigures, PipelineBenchResult, SizeResult } from './pipeline-bench-result.js';

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Row {
  readonly label: string;
  readonly value: (size: SizeResult) => number;
  readonly digits: number;
  /** Text instead of the number (the growth column still divides the numbers). */
  readonly text?: (size: SizeResult) => string;
  /** False for figures whose growth says nothing (the second snapshot's zero writes). */
  readonly growth?: boolean;
}

const LABEL_WIDTH = 50;
const COLUMN_WIDTH = 19;

function callRows(of: (size: SizeResult) => CallFigures): Row[] {
  return [
    { label: 'total time, s', value: (size) => of(size).seconds, digits: 2 },
    { label: '  of it the history read (scan + parse), s', value: (size) => of(size).readSeconds, digits: 2 },
    { label: 'read units (RCU)', value: (size) => of(size).readUnits, digits: 1 },
    { label: 'items scanned', value: (size) => of(size).itemsScanned, digits: 0 },
    { label: 'items returned by the scan filter', value: (size) => of(size).itemsReturned, digits: 0 },
    { label: 'scan requests (pages)', value: (size) => of(size).scanRequests, digits: 0 },
    { label: 'Node heap used right after the read, MiB', value: (size) => of(size).heapAfterReadMiB, digits: 0 },
    { label: '  the same after a full GC, history held, MiB', value: (size) => of(size).heapRetainedMiB, digits: 0 },
  ];
}

function fastRows(name: string, of: (size: SizeResult) => FastPathFigures): Row[] {
  return [
    { label: `${name}: time, s`, value: (size) => of(size).seconds, digits: 2 },
    { label: '  read units (RCU)', value: (size) => of(size).readUnits, digits: 1 },
    { label: '  write units (WCU)', value: (size) => of(size).writeUnits, digits: 1 },
    { label: '  items read (Query/Get)', value: (size) => of(size).itemsRead, digits: 0 },
    { label: '  read requests', value: (size) => of(size).readRequests, digits: 0 },
    { label: '  scans (must be 0)', value: (size) => of(size).scanRequests, digits: 0, growth: false },
    { label: '  open deals', value: (size) => of(size).openDeals, digits: 0 },
  ];
}

function table(sizes: readonly SizeResult[], rows: readonly Row[]): string[] {
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  return rows.map((row) => {
    const cells = sizes.map((size) => (row.text ? row.text(size) : number(row.value(size), row.digits)).padStart(COLUMN_WIDTH));
    const growth =
      sizes.length > 1 && first && last && row.growth !== false && row.value(first) !== 0
        ? `x ${number(row.value(last) / row.value(first), 2)}`
        : '';
    return `${row.label.padEnd(LABEL_WIDTH)}${cells.join('')}${growth.padStart(COLUMN_WIDTH)}`;
  });
}

export function formatPipelineReport(result: PipelineBenchResult): string {
  const { machine, options, workload, sizes } = result;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const first = sizes[0];
  const last = sizes[sizes.length - 1];

  push(`Pipeline history benchmark: as-at snapshot and time travel, ${result.date}`, `command: ${pipelineBenchCommand(options)}`, '');
  push(`Machine    Node ${machine.node}, ${machine.platform}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB`);
  push(
    `           Java ${machine.java}, DynamoDB Local ${machine.dynamoDbLocal} (in memory, a fresh one per size, -Xmx${options.javaHeap})`,
  );
  push(
    `Workload   ${options.historyPerDeal} field-history entries per deal over ${workload.historyFrom.slice(0, 10)} .. ${workload.historyTo.slice(0, 10)}, clock fixed at ${workload.now}`,
  );
  push(`           every deal open at ${workload.instant} (the monthly instant in the middle), a fifth won or lost after it`);
  push(
    `           ${workload.teams} teams (company, 2 regions, 8 teams), ${number(workload.reps)} reps (${workload.repsMoved} moved team during the year), seed ${options.seed}`,
  );
  push(
    `           history scan in ${options.segments} segments; snapshot and time travel as at ${workload.instant}; team scope ${workload.teamScope}`,
    '',
  );

  const header = `${''.padEnd(LABEL_WIDTH)}${sizes.map((size) => `${number(size.deals)} deals`.padStart(COLUMN_WIDTH)).join('')}${(sizes.length > 1 ? 'growth' : '').padStart(COLUMN_WIDTH)}`;
  const section = (title: string, rows: readonly Row[]) => push(title, header, ...table(sizes, rows), '');

  section('Load (context, not part of the figures): BatchWriteItem straight into the table, no stream', [
    { label: 'field-history entries', value: (size) => size.load.historyItems, digits: 0 },
    { label: 'history entries after the instant (to undo)', value: (size) => size.load.expected.historyAfterInstant, digits: 0 },
    { label: 'deals open at the end', value: (size) => size.load.expected.openAtEnd, digits: 0 },
    {
      label: 'items written (deals + history + organisation)',
      value: (size) => size.load.opportunityItems + size.load.historyItems + size.load.organisationItems,
      digits: 0,
    },
    { label: 'load time, s', value: (size) => size.load.seconds, digits: 1 },
    { label: 'load rate, items/s', value: (size) => size.load.itemsPerSecond, digits: 0 },
    { label: '  of it the organisation (store writes), s', value: (size) => size.load.organisationSeconds, digits: 1 },
    {
      label: 'DynamoDB Local resident memory after it, MiB',
      value: (size) => size.dynamoDbLocalRssMiB ?? 0,
      digits: 0,
      text: (size) => (size.dynamoDbLocalRssMiB === null ? 'n/a' : number(size.dynamoDbLocalRssMiB)),
    },
    { label: 'warm-up scan (unmeasured), s', value: (size) => size.warmUpScanSeconds, digits: 2 },
  ]);

  section('As-at snapshot (takePipelineSnapshots, first run for the instant)', [
    { label: 'open deals in the snapshot', value: (size) => size.snapshot.openDeals, digits: 0 },
    ...callRows((size) => size.snapshot).slice(0, 2),
    { label: '  of it the rebuild of every scope, s', value: (size) => size.snapshot.rebuildSeconds, digits: 2 },
    { label: '  of it reading and writing stored scopes, s', value: (size) => size.snapshot.storeSeconds, digits: 2 },
    ...callRows((size) => size.snapshot).slice(2),
    { label: 'write units (WCU)', value: (size) => size.snapshot.writeUnits, digits: 1 },
    { label: 'scopes written (company, teams, reps)', value: (size) => size.snapshot.scopesWritten, digits: 0 },
  ]);

  section('The same snapshot again (nothing changed: must write nothing)', [
    { label: 'total time, s', value: (size) => size.snapshotAgain.seconds, digits: 2 },
    { label: 'read units (RCU)', value: (size) => size.snapshotAgain.readUnits, digits: 1 },
    { label: 'write units (WCU)', value: (size) => size.snapshotAgain.writeUnits, digits: 1, growth: false },
    {
      label: 'scopes written / deleted',
      value: (size) => size.snapshotAgain.scopesWritten + size.snapshotAgain.scopesDeleted,
      digits: 0,
      growth: false,
      text: (size) => `${size.snapshotAgain.scopesWritten} / ${size.snapshotAgain.scopesDeleted} (${size.snapshotAgain.outcome})`,
    },
  ]);

  section(`Time travel, company (pipelineAsAt as at ${workload.instant})`, [
    { label: 'open deals', value: (size) => size.timeTravelCompany.openDeals, digits: 0 },
    ...callRows((size) => size.timeTravelCompany),
  ]);
  section(`Time travel, ${workload.teamScope} (a region: about half the deals)`, [
    { label: 'open deals', value: (size) => size.timeTravelTeam.openDeals, digits: 0 },
    ...callRows((size) => size.timeTravelTeam),
  ]);

  const fast = first?.fromCheckpoint;
  if (fast)
    section(`Time travel from the checkpoint at ${workload.instant} (fast path: checkpoint + change log, no scan)`, [
      { label: 'change log upgrade (reconcile --repair), s', value: (size) => size.fromCheckpoint.upgradeSeconds, digits: 1 },
      ...fastRows(`as-at ${fast.forwardTo.slice(0, 10)} (+14 days)`, (size) => size.fromCheckpoint.asAtForward),
      ...fastRows(`as-at ${fast.backwardTo.slice(0, 10)} (-14 days)`, (size) => size.fromCheckpoint.asAtBackward),
      ...fastRows('change over those 28 days', (size) => size.fromCheckpoint.change),
      ...fastRows(`on-demand snapshot ${fast.snapshotAt.slice(0, 10)} (+7)`, (size) => size.fromCheckpoint.snapshot),
      {
        label: `the full path to ${fast.forwardTo.slice(0, 10)}, s`,
        value: (size) => size.fromCheckpoint.fullAsAtForwardSeconds,
        digits: 2,
      },
    ]);

  const job = first?.changeToNow;
  if (job)
    section(`The change from ${job.from.slice(0, 10)} to now (the last hour: no checkpoint usable), answered as a job`, [
      {
        label: 'route: 202 and the job stored, ms',
        value: (size) => size.changeToNow.submitMs,
        digits: 0,
        text: (size) => `${number(size.changeToNow.submitMs)} (${size.changeToNow.status})`,
      },
      { label: 'route: read units (RCU)', value: (size) => size.changeToNow.submitReadUnits, digits: 1 },
      { label: 'job: full path and result stored, s', value: (size) => size.changeToNow.runSeconds, digits: 2 },
      {
        label: 'job: read units / write units',
        value: (size) => size.changeToNow.runReadUnits,
        digits: 0,
        text: (size) => `${number(size.changeToNow.runReadUnits)} / ${number(size.changeToNow.runWriteUnits)}`,
      },
      {
        label: 'job: outcome, deals read, open deals at the end',
        value: (size) => size.changeToNow.dealsRead,
        digits: 0,
        text: (size) => `${size.changeToNow.outcome}, ${number(size.changeToNow.dealsRead)}, ${number(size.changeToNow.closingDeals)}`,
      },
    ]);

  push('Checks');
  for (const size of sizes) {
    const { checks } = size;
    push(
      `  ${number(size.deals)} deals: snapshot ${number(size.snapshot.openDeals)} open deals / ${number(checks.snapshotOpenAmount)} minor units, generator ${number(checks.expectedOpenDeals)} / ${number(checks.expectedOpenAmount)}; ` +
        `time travel = stored snapshot: company ${checks.companyEqualsStored ? 'yes' : 'NO'}, team ${checks.teamEqualsStored ? 'yes' : 'NO'}; ` +
        `from the checkpoint = full path: ${size.fromCheckpoint.fastEqualsFull ? 'yes' : 'NO'}`,
    );
  }
  if (first && last && sizes.length > 1) {
    const deals = last.deals / first.deals;
    push(
      '',
      `Growth from ${number(first.deals)} to ${number(last.deals)} deals (x ${number(deals, 1)} the deals and the history): ` +
        `snapshot x ${number(last.snapshot.seconds / first.snapshot.seconds, 2)}, time travel x ${number(last.timeTravelCompany.seconds / first.timeTravelCompany.seconds, 2)}, ` +
        `read units x ${number(last.snapshot.readUnits / Math.max(1, first.snapshot.readUnits), 2)}`,
      `From the checkpoint: as-at x ${number(last.fromCheckpoint.asAtForward.seconds / first.fromCheckpoint.asAtForward.seconds, 2)}, ` +
        `change x ${number(last.fromCheckpoint.change.seconds / first.fromCheckpoint.change.seconds, 2)}, ` +
        `on-demand snapshot x ${number(last.fromCheckpoint.snapshot.seconds / first.fromCheckpoint.snapshot.seconds, 2)}, ` +
        `read units x ${number(last.fromCheckpoint.asAtForward.readUnits / Math.max(1, first.fromCheckpoint.asAtForward.readUnits), 2)}`,
    );
  }
  return lines.join('\n');
}
