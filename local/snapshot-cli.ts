/**
 * `npm run snapshot -- --date 2026-11-01`: takes the as-at snapshot of the open pipeline
 * for 00:00 UTC of a date (any date, not only a 1st or a Monday).
 * `npm run snapshot -- --from 2026-01-01 [--to 2026-11-27]`: takes every monthly and weekly
 * instant in the range (to: now when left out), e.g. after a backfill or an outage.
 *
 * Against the running `npm start` by default, or any table: `--endpoint URL --table NAME`,
 * or on AWS `--table NAME` with the usual AWS credentials. It calls the use case with the
 * same stores the snapshot Lambda uses, so a snapshot taken here equals the scheduled one;
 * an instant already stored with the same figures is left as it is.
 *
 * Exit codes, as `npm run reconcile`: 0 done, 1 failed (bad arguments, no runtime, an
 * instant in the future, the stream still behind after every retry).
 */
import './quiet-sdk-node-warning.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { retryWhileHistoryIsRecorded } from '#core/pipeline/history-recorded.js';
import { instantOfDate, snapshotInstantsBetween } from '#core/pipeline/snapshot-instants.js';
import { type SnapshotResult, takePipelineSnapshots } from '#core/pipeline/take-pipeline-snapshots.js';
import { type Clock, systemClock } from '#core/shared/clock.js';
import { ValidationError } from '#core/shared/errors.js';
import { snapshotPortsOf } from '#functions/composition-root.js';
import { cliTableOf } from './cli-table.js';

const USAGE = `Usage: npm run snapshot -- --date YYYY-MM-DD
       npm run snapshot -- --from YYYY-MM-DD [--to YYYY-MM-DD]

  --date      one as-at snapshot, for 00:00 UTC of that date
  --from      every monthly (1st) and weekly (Monday) instant from that date's 00:00 UTC ...
  --to        ... to that date's 00:00 UTC (default: now)
  --endpoint  a DynamoDB endpoint (default: the running npm start's DynamoDB Local)
  --table     table name (default: the running npm start's)
  --data-dir  where npm start keeps runtime.json (default .data, or the folder of the one running in-memory npm start)`;

export interface SnapshotCliOptions {
  /** One line per call. @default console.log */
  readonly log?: (line: string) => void;
  readonly clock?: Clock;
  /** Waits while the stream catches up. @default setTimeout */
  readonly wait?: (seconds: number) => Promise<void>;
  /** Attempts while the stream catches up. @default 12 (a minute at the use case's 5 s) */
  readonly attempts?: number;
}

/** Runs the command; resolves with the exit code. Errors are printed, not thrown. */
export async function snapshotCli(argv: readonly string[], options: SnapshotCliOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        date: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        endpoint: { type: 'string' },
        table: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      log(USAGE);
      return 0;
    }
    const instants = instantsOf(values, clock);

    const { documentClient, tableName } = await cliTableOf({
      endpoint: values.endpoint,
      table: values.table,
      dataDirectory: values['data-dir'],
    });
    try {
      const deps = { documentClient, tableName, clock };
      const ports = snapshotPortsOf(deps);
      const startedAt = Date.now();
      const results = await retryWhileHistoryIsRecorded(() => takePipelineSnapshots(ports, instants), {
        attempts: options.attempts ?? 12,
        wait: options.wait ?? ((seconds: number) => sleep(seconds * 1000)),
        onWait: (error) => log(`waiting ${error.retryAfterSeconds} s: ${error.message}`),
      });
      for (const result of results) log(describeResult(result));
      const count = (outcome: SnapshotResult['outcome']) => results.filter((result) => result.outcome === outcome).length;
      log(
        `${results.length} instant(s) of ${tableName} in ${Date.now() - startedAt} ms: ${count('created')} created, ${count('revised')} revised, ${count('unchanged')} unchanged.`,
      );
      return 0;
    } finally {
      documentClient.destroy();
    }
  } catch (error) {
    log(`snapshot: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) log(USAGE);
    return 1;
  }
}

/** The instants the arguments name, oldest first. */
function instantsOf(values: { date?: string; from?: string; to?: string }, clock: Clock): Date[] {
  if (values.date !== undefined) {
    if (values.from !== undefined || values.to !== undefined)
      throw new ValidationError('--date cannot be combined with --from/--to', [
        { field: 'date', message: 'use either --date or --from [--to]' },
      ]);
    return [instantOfDate(values.date, '--date')];
  }
  if (values.from === undefined)
    throw new ValidationError(`--date or --from is required\n${USAGE}`, [{ field: 'from', message: 'required without --date' }]);
  const from = instantOfDate(values.from, '--from');
  const to = values.to === undefined ? clock.now() : instantOfDate(values.to, '--to');
  if (from.getTime() > to.getTime())
    throw new ValidationError(`--from ${values.from} is after --to ${values.to ?? 'now'}`, [
      { field: 'from', message: 'must not be after --to' },
    ]);
  const instants = snapshotInstantsBetween(from, to);
  if (instants.length === 0)
    throw new ValidationError(`no 1st of a month or Monday between ${values.from} and ${values.to ?? 'now'}`, [
      { field: 'from', message: 'range holds no snapshot instant' },
    ]);
  return instants;
}

/** `2026-11-01T00:00:00.000Z  created     42 open deals   9 scopes written, 0 deleted` */
export function describeResult({ asAt, outcome, openDeals, scopesWritten, scopesDeleted }: SnapshotResult): string {
  return `${asAt}  ${outcome.padEnd(9)}  ${String(openDeals).padStart(6)} open deals  ${String(scopesWritten).padStart(4)} scopes written, ${scopesDeleted} deleted`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await snapshotCli(process.argv.slice(2));
}
