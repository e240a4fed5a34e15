import path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { type Clock, systemClock } from '#core/shared/clock.js';
import { callerRateLimitFromEnvironment } from '#functions/api/caller-rate-limit.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { adaptersOf } from '#functions/composition-root.js';
import { createForecastRefreshHandler, type ForecastRefreshHandler } from '#functions/forecasts/forecast-refresh-handler.js';
import { createStreamHandler } from '#functions/linkage/stream-handler.js';
import { createPipelineJobWorker } from '#functions/pipeline/pipeline-job-handler.js';
import { createSnapshotHandler, type SnapshotHandler } from '#functions/pipeline/snapshot-handler.js';
import { createDocumentClient, type Dependencies } from '#functions/shared/dependencies.js';
import type { FailureSink } from '#functions/shared/failure-sink.js';
import { ensureTable } from '#functions/store/ensure-table.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { buildWeb } from '#web/build/build-web.js';
import { type LocalClientConfig, PROJECT_ROOT } from './dynamodb-local.js';
import { type SupervisedDynamoDbLocal, superviseDynamoDbLocal } from './dynamodb-local-supervisor.js';
import { createFileFailureSink } from './file-failure-sink.js';
import { createForecastRefreshScheduler, type ForecastRefreshScheduler } from './forecast-refresh-scheduler.js';
import { type HttpApiHandler, type LocalRoutes, startHttpServer } from './http-server.js';
import { createLocalAuthorizer } from './identity/local-authorizer.js';
import { createLocalIssuer, type LocalIssuer } from './identity/local-issuer.js';
import { loadOrCreateSigningKey } from './identity/signing-key.js';
import { createLocalPipelineJobQueue, type LocalPipelineJobQueue } from './local-pipeline-job-queue.js';
import { createSnapshotScheduler, type SchedulerTimers, type SnapshotScheduler } from './snapshot-scheduler.js';
import { createStreamPoller, type StreamHandler, type StreamPoller } from './stream-poller.js';
import { dashboardFiles } from './web/dashboard-files.js';
import { localSignIn } from './web/local-sign-in.js';

export interface LocalHandlers {
  readonly api: HttpApiHandler;
  readonly stream: StreamHandler;
  /** Invoked at the snapshot schedules' instants; without it the runtime schedules nothing. */
  readonly snapshot?: SnapshotHandler;
  /** Invoked once on start and daily at FORECAST_REFRESH_SCHEDULE; without it the forecasts keep their configured rates. */
  readonly forecastRefresh?: ForecastRefreshHandler;
}

export interface LocalRuntimeOptions {
  /** `0` picks a free port. @default 3000 */
  readonly port?: number;
  /** Keep the tables in memory: gone on stop. @default false */
  readonly inMemory?: boolean;
  /**
   * Database, stream checkpoints, discarded batches, poison records and the identity signing
   * key go here (the key even in memory mode: `npm run token` signs with it). @default <project>/.data
   */
  readonly dataDirectory?: string;
  /** @default 'sales-performance' */
  readonly tableName?: string;
  /** The handlers' clock. @default the system clock */
  readonly clock?: Clock;
  /** Builds the handlers. @default the Lambda handlers of functions/api, functions/linkage (stream) and functions/pipeline (snapshot) */
  readonly createHandlers?: (dependencies: Dependencies, failureSink: FailureSink) => Promise<LocalHandlers>;
  /**
   * Start the snapshot schedules at once (a catch-up run of each series, then the timers).
   * Off: call `scheduler.start()` when ready, e.g. after loading dated demo data.
   * @default true
   */
  readonly startSchedules?: boolean;
  /** The schedules' timers (tests inject fakes). @default Node's */
  readonly schedulerTimers?: SchedulerTimers;
  /** Where the schedules' one line per run goes. @default console.log */
  readonly log?: (line: string) => void;
  /** DynamoDB Local's maximum Java heap, such as `1g`. @default see DynamoDbLocalOptions.maxHeap */
  readonly maxHeap?: string;
  /** Pauses before each attempt to restart DynamoDB Local when it dies (on a data folder). @default see superviseDynamoDbLocal */
  readonly restartDelaysMs?: readonly number[];
  /**
   * Build the dashboard (web/) into `<dataDirectory>/dashboard` and serve it at `/` beside the
   * API, with the local sign-in (`/local/sign-in`). `npm start` turns it on. @default false
   */
  readonly dashboard?: boolean;
  /**
   * Time-travel questions answered as jobs, run in this process by the job worker.
   * `syncFullPathMaxDeals`: above this many deals (estimated) a question only a scan can
   * answer is a job; 0 makes every such question one (tests, the browser test).
   * @default PIPELINE_SYNC_FULL_PATH_MAX_DEALS or 10,000
   */
  readonly pipelineJobs?: { readonly syncFullPathMaxDeals?: number };
  /**
   * Refresh the forecasts' learned rates and backtests once on start and daily at 02:15 UTC
   * (FORECAST_REFRESH_SCHEDULE), as the deployed snapshot function does. `npm start` turns it on. @default false
   */
  readonly forecastRefresh?: boolean;
}

export interface LocalRuntime {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  readonly clientConfig: LocalClientConfig;
  /** DynamoDB Local: its current Java process id and restarts so far. */
  readonly database: Pick<SupervisedDynamoDbLocal, 'pid' | 'restarts'>;
  /**
   * Resolves with the reason once DynamoDB Local is gone for good (it died in memory, or could
   * not be restarted); the API answers 503 from then on, so stop the runtime (`npm start`
   * exits non-zero). While it is being restarted the API answers 503 and the stream waits.
   */
  readonly databaseLost: Promise<Error>;
  readonly dependencies: Dependencies;
  readonly handlers: LocalHandlers;
  readonly poller: StreamPoller;
  /** The snapshot schedules, when the handlers include a snapshot handler. */
  readonly scheduler: SnapshotScheduler | undefined;
  /** The daily forecast refresh, when asked for (`forecastRefresh`) and the handlers include one; started with the snapshot schedules. */
  readonly forecastRefresh: ForecastRefreshScheduler | undefined;
  /** Issues tokens the HTTP server accepts (as `npm run token` does), for the demo and the benchmark. */
  readonly identity: LocalIssuer;
  /** Where the dashboard is (`<url>/`), when it is served. */
  readonly dashboardUrl: string | undefined;
  /** The in-process pipeline job queue: `idle()` waits for the jobs sent so far. */
  readonly pipelineJobs: LocalPipelineJobQueue;
  /** Stops the schedules (after their run in flight), the HTTP server, the poller (after its invocation in flight), then Java. */
  stop(): Promise<void>;
}

export const DEFAULT_TABLE_NAME = 'sales-performance';

/**
 * The whole engine on one machine: DynamoDB Local holds the table, an HTTP server stands
 * in for API Gateway (with its JWT authorizer, and a local issuer of tokens in place of
 * Cognito) and a stream poller for Lambda's event source mapping, and the Lambda handlers
 * run unchanged in this process. Used by `npm start` and the benchmark.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const dataDirectory = options.dataDirectory ?? path.join(PROJECT_ROOT, '.data');
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  // The local Cognito: tokens signed with the data directory's key (first, so that a broken key file stops nothing
  // half-started), verified by the HTTP server as API Gateway's JWT authorizer does.
  const signingKey = await loadOrCreateSigningKey(dataDirectory);
  const identity = createLocalIssuer(signingKey);
  // Most recently started first, so a failure half-way stops what did start.
  const started: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of started.splice(0)) await stopOne();
  };
  try {
    const dynamoDb = await superviseDynamoDbLocal({
      inMemory: options.inMemory,
      databaseDirectory: path.join(dataDirectory, 'dynamodb'),
      maxHeap: options.maxHeap,
      restartDelaysMs: options.restartDelaysMs,
    });
    started.unshift(() => dynamoDb.stop());
    const { clientConfig } = dynamoDb;
    const tableClient = new DynamoDBClient(clientConfig);
    const streamArn = await ensureTable(tableClient, tableName).finally(() => tableClient.destroy());

    // The SQS queue and its Lambda, in process: jobs run in the background, as deployed.
    const pipelineJobs = createLocalPipelineJobQueue();
    const syncFullPathMaxDeals = options.pipelineJobs?.syncFullPathMaxDeals;
    const dependencies: Dependencies = {
      documentClient: createDocumentClient(clientConfig),
      tableName,
      clock: options.clock ?? systemClock,
      pipelineJobs: { queue: pipelineJobs, ...(syncFullPathMaxDeals !== undefined ? { syncFullPathMaxDeals } : {}) },
    };
    started.unshift(async () => dependencies.documentClient.destroy());
    pipelineJobs.attach(
      createPipelineJobWorker({ ...dependencies, logger: new Logger({ serviceName: 'pipeline-job', logLevel: 'WARN' }) }),
    );
    started.unshift(() => pipelineJobs.stop());
    const failureSink = createFileFailureSink(path.join(dataDirectory, 'stream-poison-records.jsonl'));
    const handlers = await (options.createHandlers ?? lambdaHandlers)(dependencies, failureSink);

    const streamsClient = new DynamoDBStreamsClient(clientConfig);
    started.unshift(async () => streamsClient.destroy());
    const poller = createStreamPoller({
      streamsClient,
      streamArn,
      handler: handlers.stream,
      filterPatterns: [OPPORTUNITY_STREAM_FILTER_PATTERN],
      // In memory the table starts empty every time: a saved checkpoint would point nowhere.
      dataDirectory: options.inMemory ? undefined : dataDirectory,
    });
    await poller.start();
    started.unshift(() => poller.stop());

    const localRoutes = options.dashboard ? await dashboardRoutes(dataDirectory, dependencies, identity) : undefined;
    const server = await startHttpServer({
      handler: handlers.api,
      authorizer: createLocalAuthorizer({ key: signingKey }),
      port: options.port ?? 3000,
      ...(localRoutes ? { localRoutes } : {}),
    });
    started.unshift(() => server.close());

    // The two EventBridge rules of the deployed stack, in process, on the same instants.
    const snapshotHandler = handlers.snapshot;
    const scheduler = snapshotHandler
      ? createSnapshotScheduler({
          handler: (event) => snapshotHandler(event),
          clock: dependencies.clock,
          timers: options.schedulerTimers,
          log: options.log,
        })
      : undefined;
    if (scheduler) {
      started.unshift(() => scheduler.stop());
      if (options.startSchedules ?? true) void scheduler.start();
    }
    // The daily rule of the forecast refresh, in process: once on start, then at 02:15 UTC.
    const refreshHandler = options.forecastRefresh ? handlers.forecastRefresh : undefined;
    const forecastRefresh = refreshHandler
      ? createForecastRefreshScheduler({
          handler: (event) => refreshHandler(event),
          clock: dependencies.clock,
          timers: options.schedulerTimers,
          log: options.log,
        })
      : undefined;
    if (forecastRefresh) {
      started.unshift(() => forecastRefresh.stop());
      if (options.startSchedules ?? true) void forecastRefresh.start();
    }

    return {
      url: server.url,
      dynamoDbEndpoint: dynamoDb.endpoint,
      clientConfig,
      database: dynamoDb,
      databaseLost: dynamoDb.lost,
      dependencies,
      handlers,
      poller,
      scheduler,
      forecastRefresh,
      identity,
      dashboardUrl: localRoutes ? `${server.url}/` : undefined,
      pipelineJobs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The dashboard's files, freshly built (a few hundred milliseconds), and the local sign-in,
 * which reads the reps from the table directly: it stands in for Cognito, before any token.
 */
async function dashboardRoutes(dataDirectory: string, dependencies: Dependencies, identity: LocalIssuer): Promise<LocalRoutes> {
  const build = await buildWeb({ outDir: path.join(dataDirectory, 'dashboard') });
  const files = await dashboardFiles(build);
  const signIn = localSignIn({ reps: adaptersOf(dependencies).reps, issuer: identity });
  return async (request) => (await signIn(request)) ?? files(request);
}

/** The real handlers, from their factory modules: `handler.ts` would build a second, env-configured one at import. */
async function lambdaHandlers(dependencies: Dependencies, failureSink: FailureSink): Promise<LocalHandlers> {
  return {
    // The same setting as the Lambda's; unset (the default here), no per-caller limit.
    api: createApiHandler(dependencies, { callerRateLimit: callerRateLimitFromEnvironment() }),
    stream: createStreamHandler({ ...dependencies, failureSink }),
    // The scheduler prints one line per run; the handler's per-instant lines would repeat it.
    snapshot: createSnapshotHandler({ ...dependencies, logger: new Logger({ serviceName: 'snapshot', logLevel: 'WARN' }) }),
    forecastRefresh: createForecastRefreshHandler({
      ...dependencies,
      logger: new Logger({ serviceName: 'forecast-refresh', logLevel: 'WARN' }),
    }),
  };
}
