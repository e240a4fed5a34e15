/**
 * `npm start [-- options]`: the engine on this machine (see local-runtime.ts), until Ctrl-C.
 */
import './quiet-sdk-node-warning.js';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapOrganisation } from '#core/organisation/bootstrap-organisation.js';
import type { Clock } from '#core/shared/clock.js';
import { ConflictError } from '#core/shared/errors.js';
import { adaptersOf } from '#functions/composition-root.js';
import { DEMO_MARKETING, DEMO_ORGANISATION } from './demo/demo-dataset.js';
import type { DemoTarget } from './demo/load-demo.js';
import { maxHeapOf, PROJECT_ROOT } from './dynamodb-local.js';
import { DEFAULT_TABLE_NAME, type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from './local-runtime.js';
import { createInMemoryDataDirectory, removeRuntimeFile, writeRuntimeFile } from './runtime-file.js';
import { nextSeriesInstantAfter } from './snapshot-scheduler.js';

const USAGE = `Usage: npm start -- [--port 3000] [--in-memory] [--data-dir .data] [--table ${DEFAULT_TABLE_NAME}] [--demo]

  --port       HTTP port of the API (default 3000)
  --in-memory  keep the tables in memory, gone on exit (default: in <data-dir>/dynamodb); without --data-dir,
               the runtime file and the token signing key go to a temporary folder, printed now and removed on exit
  --data-dir   folder for the database, stream checkpoints, failed records and the token signing key (default .data)
  --table      table name (default ${DEFAULT_TABLE_NAME})
  --demo       load a demo company through the API once started

The dashboard is built at start (web/, into <data-dir>/dashboard) and served at / on the same origin as the API,
with a local sign-in page: choose any active rep and a role.

DynamoDB Local's Java heap is bounded: 512m on disk, 1g in memory; DYNAMODB_LOCAL_MAX_HEAP=1g overrides it.
If DynamoDB Local dies it is restarted on the same data folder (the API answers 503 meanwhile); in memory, or
when it cannot be restarted, npm start exits with code 3.
CALLER_RATE_LIMIT_PER_SECOND=10 limits each caller as on AWS (429 past it); unset, no per-caller limit.`;

function parseOptions(argv: string[]): LocalRuntimeOptions & { readonly demo: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '3000' },
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      table: { type: 'string', default: DEFAULT_TABLE_NAME },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not ${values.port}`);
  const dataDirectory = values['data-dir'] === undefined ? undefined : path.resolve(values['data-dir']);
  return { port, inMemory: values['in-memory'], dataDirectory, tableName: values.table, demo: values.demo };
}

/** DynamoDB Local died and could not be brought back (or was in memory). */
const DATABASE_LOST_EXIT_CODE = 3;

let runtime: LocalRuntime | undefined;
let runtimeDataDirectory = '';
/** In memory without --data-dir: this run's own folder, removed on exit. */
let temporaryDataDirectory: string | undefined;
let stopping = false;

/** A second Ctrl-C exits at once; dynamodb-local.ts's exit hook still kills Java then. */
async function shutdown(exitCode: number): Promise<void> {
  if (stopping) process.exit(exitCode);
  stopping = true;
  if (runtime) {
    console.log('\nStopping the snapshot schedules, the HTTP server, the stream poller and DynamoDB Local...');
    try {
      await removeRuntimeFile(runtimeDataDirectory);
      await runtime.stop();
    } catch (error) {
      console.error('stopping failed', error);
      exitCode ||= 1;
    }
  }
  if (temporaryDataDirectory) await rm(temporaryDataDirectory, { recursive: true, force: true }).catch(() => undefined);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(0));

  // The demo is a year of history: each of its requests is sent "then", with the clock pinned.
  let pinnedAt: Date | null = null;
  const clock: Clock = { now: () => pinnedAt ?? new Date() };

  const startedAt = Date.now();
  // In memory, the checkout's .data would be shared with any other runtime of this checkout (the last
  // one started would own runtime.json): this run gets a folder of its own unless told one.
  temporaryDataDirectory = options.inMemory && options.dataDirectory === undefined ? await createInMemoryDataDirectory() : undefined;
  runtimeDataDirectory = options.dataDirectory ?? temporaryDataDirectory ?? path.join(PROJECT_ROOT, '.data');
  if (temporaryDataDirectory) console.log(`Data folder (in memory: removed on stop): ${temporaryDataDirectory}`);
  // The schedules start after the demo: their catch-up run must see the demo's year of history,
  // and must not run while the clock is pinned to the past.
  const started = await startLocalRuntime({
    ...options,
    dataDirectory: runtimeDataDirectory,
    clock,
    startSchedules: false,
    dashboard: true,
    forecastRefresh: true,
  });
  runtime = started;
  // Gone for good (in memory, or the restarts failed): a non-zero exit tells a supervisor,
  // where staying up would only answer 503 forever.
  void started.databaseLost.then((reason) => {
    console.error(
      `${reason.message}${reason.cause instanceof Error ? `: ${reason.cause.message}` : ''}\nStopping with exit code ${DATABASE_LOST_EXIT_CODE}.`,
    );
    void shutdown(DATABASE_LOST_EXIT_CODE);
  });
  await writeRuntimeFile(runtimeDataDirectory, {
    url: started.url,
    dynamoDbEndpoint: started.dynamoDbEndpoint,
    tableName: started.dependencies.tableName,
    pid: process.pid,
    checkout: PROJECT_ROOT,
  });
  const storage = options.inMemory ? 'in memory' : path.join(runtimeDataDirectory, 'dynamodb');
  const heap = maxHeapOf({ inMemory: options.inMemory });
  console.log(
    `DynamoDB Local on ${started.dynamoDbEndpoint} (${storage}; pid ${started.database.pid}, heap up to ${heap}), table ${started.dependencies.tableName}; started in ${Date.now() - startedAt} ms`,
  );

  if (options.demo) {
    const { loadDemo } = await import('./demo/load-demo.js');
    // The first run's bootstrap (as `npm run bootstrap` does), dated with the demo; a second demo run finds it done.
    pinnedAt = new Date(DEMO_ORGANISATION.at);
    await bootstrapOrganisation(adaptersOf(started.dependencies), DEMO_ORGANISATION).catch((error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
    });
    pinnedAt = null;
    const authorization = `Bearer ${await started.identity.issueToken({ repId: DEMO_ORGANISATION.admin.id, role: 'admin', expiresIn: '1d' })}`;
    const target: DemoTarget = {
      invoke: async ({ method, path: requestPath, body }) => {
        const response = await fetch(`${started.url}${requestPath}`, {
          method,
          headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { statusCode: response.status, body: await response.text() };
      },
      setTime: (at) => {
        pinnedAt = at;
      },
      settle: () => started.poller.waitUntilIdle(600_000),
    };
    const { requests } = await loadDemo(target, new Date(), (done, total) =>
      process.stdout.write(`\rLoading the demo: ${done}/${total} requests`),
    );
    console.log(`\nDemo loaded: ${requests} requests.`);
  }
  const scheduler = started.scheduler;
  if (scheduler && options.demo) {
    // Both series once (the last 13 months and 8 weeks): the trend shows the demo's movement at once.
    const runs = await scheduler.start();
    const written = runs.flatMap((run) => run.results).filter((result) => result.outcome !== 'unchanged');
    const scopes = written.reduce((sum, result) => sum + result.scopesWritten, 0);
    console.log(
      `Demo snapshots: ${written.length} as-at snapshot(s) written, monthly and weekly (${scopes} company, team and rep figures).`,
    );
  } else if (scheduler) {
    void scheduler.start();
  }
  const forecastRefresh = started.forecastRefresh;
  if (forecastRefresh && options.demo) {
    // The rates learned from the demo's year and its backtest, before the dashboard is first opened.
    const run = await forecastRefresh.start();
    if (run.summary)
      console.log(
        `Demo forecasts: rates learned from ${run.summary.closedDeals} closed deals, ${run.summary.months.length} months backtested (npm run backtest prints them).`,
      );
  } else if (forecastRefresh) {
    void forecastRefresh.start();
  }
  const now = new Date();
  const { url } = started;
  const defaultDataDirectory = path.join(PROJECT_ROOT, '.data');
  const dataDirFlag =
    path.resolve(runtimeDataDirectory) === path.resolve(defaultDataDirectory) ? '' : ` --data-dir ${runtimeDataDirectory}`;
  const auth = `-H "authorization: Bearer $TOKEN"`;
  const DEMO_ADMIN = DEMO_ORGANISATION.admin.id;
  const DEMO_COMPANY = DEMO_ORGANISATION.company.id;
  const dashboardLine = started.dashboardUrl
    ? `Dashboard on ${started.dashboardUrl}   (sign in as any active rep, with a role${options.demo ? `: ${DEMO_ADMIN} (admin), alice-novak (manager), dave-apthorp (rep), ${DEMO_MARKETING.id} (marketing)` : ''})\n`
    : '';
  console.log(`
${dashboardLine}Sales performance API on ${url}   (Ctrl-C stops everything)
${
  options.demo
    ? `Every request needs a token naming an active rep; the demo's admin is ${DEMO_ADMIN}, its company ${DEMO_COMPANY}:
  TOKEN=$(npm run -s token -- --rep ${DEMO_ADMIN} --role admin${dataDirFlag})   (roles: rep, manager, admin)`
    : `Every request needs a token naming an active rep; on a new table set up the company and its first admin once:
  npm run bootstrap -- --company acme --company-name Acme --admin ops --name "Sales Ops" --email ops@example.com${dataDirFlag}
  TOKEN=$(npm run -s token -- --rep ops --role admin${dataDirFlag})   (roles: rep, manager, admin)`
}

  curl -s ${url}/health ${auth}
  curl -s -X PUT ${url}/reps/alice ${auth} -H 'content-type: application/json' \\
    -d '{"name":"Alice","email":"alice@example.com","teamId":"${options.demo ? DEMO_COMPANY : 'acme'}"}'
  curl -s -X PUT ${url}/opportunities/deal-1 ${auth} -H 'content-type: application/json' \\
    -d '{"name":"Big deal","account":"Globex","ownerId":"alice","stageId":"negotiation","closeDate":"2026-12-15","amount":1250000}'
  curl -s ${url}/reps/alice/months/2026-12 ${auth}

As-at snapshots, as deployed: monthly on the 1st 00:00 UTC (next ${nextSeriesInstantAfter('monthly', now)}),
weekly on Monday 00:00 UTC (next ${nextSeriesInstantAfter('weekly', now)}); on demand: npm run snapshot -- --date YYYY-MM-DD
Forecast rates and backtest: refreshed on start and daily at 02:15 UTC; on demand and printed: npm run backtest
`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  void shutdown(1);
});
