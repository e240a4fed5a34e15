/**
 * `npm run backtest [-- --team ID | --rep ID] [--no-refresh]`: refreshes the learned rates
 * and the backtests (the scheduled function's refresh, with the same stores) and prints the
 * learned rates and the backtest of the company, a team or a rep, with its Brier score,
 * calibration table and errors. `--no-refresh` prints what the last refresh stored.
 *
 * Against the running `npm start` by default, or any table: `--endpoint URL --table NAME`,
 * or on AWS `--table NAME` with the usual AWS credentials.
 * Exit codes: 0 done, 1 failed (bad arguments, no runtime, the stream still behind).
 */
import './quiet-sdk-node-warning.js';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { refreshForecasts } from '#core/forecasts/refresh-forecasts.js';
import { COMPANY_SCOPE, type Scope } from '#core/organisation/scope.js';
import { retryWhileHistoryIsRecorded } from '#core/pipeline/history-recorded.js';
import { type Clock, systemClock } from '#core/shared/clock.js';
import { ValidationError } from '#core/shared/errors.js';
import { forecastRefreshPortsOf } from '#functions/forecasts/forecast-refresh-ports.js';
import { formatBacktest, formatLearnedRates, scopeLabel } from './backtest-report.js';
import { cliTableOf } from './cli-table.js';
import { describeRefresh } from './forecast-refresh-scheduler.js';

const USAGE = `Usage: npm run backtest [-- --team ID | --rep ID] [--no-refresh]

  --team        the backtest of a team (with every team below it)
  --rep         the backtest of a rep (default: the company)
  --no-refresh  print what the last refresh stored, without refreshing
  --endpoint    a DynamoDB endpoint (default: the running npm start's DynamoDB Local)
  --table       table name (default: the running npm start's)
  --data-dir    where npm start keeps runtime.json (default .data, or the folder of the one running in-memory npm start)`;

export interface BacktestCliOptions {
  /** One line per call. @default console.log */
  readonly log?: (line: string) => void;
  readonly clock?: Clock;
  /** Waits while the stream catches up. @default setTimeout */
  readonly wait?: (seconds: number) => Promise<void>;
  /** Attempts while the stream catches up. @default 12 (a minute at 5 s) */
  readonly attempts?: number;
}

/** Runs the command; resolves with the exit code. Errors are printed, not thrown. */
export async function backtestCli(argv: readonly string[], options: BacktestCliOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        team: { type: 'string' },
        rep: { type: 'string' },
        'no-refresh': { type: 'boolean', default: false },
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
    if (values.team !== undefined && values.rep !== undefined)
      throw new ValidationError('--team and --rep cannot be combined', [{ field: 'team', message: 'use either --team or --rep' }]);
    const scope: Scope =
      values.team !== undefined
        ? { kind: 'team', teamId: values.team }
        : values.rep !== undefined
          ? { kind: 'rep', repId: values.rep }
          : COMPANY_SCOPE;

    const { documentClient, tableName } = await cliTableOf({
      endpoint: values.endpoint,
      table: values.table,
      dataDirectory: values['data-dir'],
    });
    try {
      const ports = forecastRefreshPortsOf({ documentClient, tableName, clock });
      if (!values['no-refresh']) {
        const time = clock.now().toISOString();
        const summary = await retryWhileHistoryIsRecorded(
          () => refreshForecasts(ports, clock.now(), { elapsedMs: () => performance.now() }),
          {
            attempts: options.attempts ?? 12,
            wait: options.wait ?? ((seconds: number) => sleep(seconds * 1000)),
            onWait: (error) => log(`waiting ${error.retryAfterSeconds} s: ${error.message}`),
          },
        );
        log(`${describeRefresh({ time, summary })} (table ${tableName}).`);
        log('');
      }
      const [rates, backtest] = await Promise.all([ports.learnedRates.read(), ports.backtests.read(scope)]);
      if (rates === undefined) log('Learned rates: none stored yet (run without --no-refresh).');
      else for (const line of formatLearnedRates(rates)) log(line);
      log('');
      if (backtest === undefined)
        log(`Backtest of ${scopeLabel(scope)}: none stored (no refresh yet, or no such scope with deals in the backtested months).`);
      else for (const line of formatBacktest(backtest)) log(line);
      return 0;
    } finally {
      documentClient.destroy();
    }
  } catch (error) {
    log(`backtest: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) log(USAGE);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await backtestCli(process.argv.slice(2));
}
