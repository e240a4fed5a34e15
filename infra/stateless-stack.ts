import { CfnOutput, Duration, Fn, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { STREAM_FUNCTION_TIMEOUT_MS, STREAM_MAX_RECORD_AGE_MS } from '#core/pipeline/pipeline-rebuild.js';
import { CALLER_PARTITION_PREFIX, keys } from '#functions/store/keys.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { ApiAccessLog } from './api-access-log.js';
import { ApiCors } from './api-cors.js';
import { API_FUNCTION_TIMEOUT, HEAVY_ROUTE_THROTTLING, type RouteThrottle, withinStage } from './api-throttling.js';
import { DASHBOARD_SCOPE, type DashboardConfig, DashboardDeployment } from './dashboard-deployment.js';
import { API_MEMORY_MB, STREAM_BATCH_SIZE, STREAM_MEMORY_MB } from './lambda-sizing.js';
import { NodeFunction } from './node-function.js';
import { OperationalAlarms } from './operational-alarms.js';
import { PipelineJobs } from './pipeline-jobs.js';
import { RECONCILE_TABLE_ACTIONS, ScheduledReconcile } from './scheduled-reconcile.js';
import { ScheduledSnapshots } from './scheduled-snapshots.js';
import { DashboardClient, type DashboardSignIn, type JwtTrust } from './user-directory.js';
import { WebHosting } from './web-hosting.js';

/** Where a dashboard served by `npm start` lives, for `dashboardLocalhostSignIn`. */
export const LOCALHOST_DASHBOARD_URL = 'http://localhost:3000/';

/**
 * The methods the API function serves. Each gets a `/{proxy+}` route behind the JWT
 * authorizer; OPTIONS deliberately gets none (see the HTTP API below). A test checks that
 * every route of functions/api uses one of these.
 */
export const API_METHODS = [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST, apigwv2.HttpMethod.PUT, apigwv2.HttpMethod.DELETE] as const;

/**
 * What the API function does with the table, and the routes that need the less common
 * actions (a test reads the stores the API runs and holds this list to their calls):
 * - GetItem, Query, PutItem, BatchGetItem: every route (records, lists, versioned writes,
 *   transactions' puts, the import's history rows);
 * - DeleteItem: PUT /commission-levels, whose transaction deletes the entries a new range
 *   supersedes (a transaction's delete is authorised as DeleteItem);
 * - BatchWriteItem: POST /pipeline/snapshots, which writes and replaces an instant's scopes;
 * - Scan: PUT /stages when it removes a stage (is any live deal still in it?) and time travel
 *   (GET /pipeline/as-at, GET /pipeline/change, POST /pipeline/snapshots rebuild the history).
 * Not granted: UpdateItem (beyond the counters below, only the stream function updates items), ConditionCheckItem (no
 * transaction checks without writing), DescribeTable (only the local runtime creates tables).
 *
 * No dynamodb:LeadingKeys condition: it fits a key design where a caller's items share a
 * partition-key prefix bound to that caller. Here one role serves every caller, access is
 * decided in the function, and the API reads and writes every kind of partition (REP#, TEAM#,
 * OPP#, REPMONTH#, TEAMMONTH#, CONFIG, SNAPSHOT#, AUDIT#, functions/store/keys.ts), so the
 * condition would list them all and narrow nothing; nor can it constrain Scan, which names no key.
 */
export const API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:Scan',
] as const;

/**
 * The updates the API makes, atomic ADDs to counters: the per-caller request counters
 * (functions/api/caller-rate-limit.ts) and the lead cells of the conversion counters, moved
 * in the transaction of every lead write (functions/leads/lead-store.ts); allowed only on
 * their partitions by a leading-key condition.
 */
export const API_CALLER_COUNTER_ACTIONS = ['dynamodb:UpdateItem'] as const;

/** The partitions of those counters: `CALLER#<rep>` and `CONVERSION#<month>`. */
export const API_COUNTER_LEADING_KEYS = [`${CALLER_PARTITION_PREFIX}*`, `${keys.conversionMonthPartition('').pk}*`] as const;

/** Requests per second one caller may make (429 past it) unless `callerRateLimitPerSecond` says otherwise. */
export const DEFAULT_CALLER_RATE_LIMIT_PER_SECOND = 10;

/** The API queries the indexes (reps, teams, a rep's deals, audit by subject) and scans none. */
export const API_INDEX_ACTIONS = ['dynamodb:Query'] as const;

export interface StatelessStackProps extends StackProps {
  /** The table from the stateful stack: every function reads it, the stream function consumes its stream. */
  readonly table: dynamodb.ITableV2;
  /** The stateful stack's queue for stream records that cannot be processed. */
  readonly streamFailureQueue: sqs.IQueue;
  /** The token issuer and audiences the API accepts (stateful stack: the user pool, or an existing issuer). */
  readonly jwtTrust: JwtTrust;
  /** How the dashboard signs people in (stateful stack: the user pool's hosted pages, or an existing issuer). */
  readonly dashboardSignIn: DashboardSignIn;
  /**
   * Also let the hosted pages send people back to LOCALHOST_DASHBOARD_URL (a dashboard served
   * by `npm start` signing in to this pool). Only with a user pool.
   * @default false
   */
  readonly dashboardLocalhostSignIn?: boolean;
  /**
   * Browser origins allowed to call the API (CORS) besides the dashboard's, which always is,
   * e.g. `https://admin.example.com`.
   * @default - the dashboard's origin only
   */
  readonly corsAllowedOrigins?: readonly string[];
  /**
   * Steady-state requests per second the API stage accepts before answering 429.
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Requests the API stage accepts in a burst above the rate limit.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Requests per second one caller (one rep's tokens) may make, counted in 10 s windows
   * across every API Lambda; past it, 429 with Retry-After.
   * @default DEFAULT_CALLER_RATE_LIMIT_PER_SECOND (10)
   */
  readonly callerRateLimitPerSecond?: number;
  /**
   * Budgets of the routes that each get their own (by route key, e.g. `GET /pipeline/as-at`),
   * never above the stage's limits.
   * @default HEAVY_ROUTE_THROTTLING
   */
  readonly heavyRouteThrottling?: Readonly<Record<string, RouteThrottle>>;
  /**
   * The stateful stack's customer managed key: every log group here is encrypted with it, and
   * the functions may use it to read (and write) the table it encrypts.
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Whether the daily reconcile repairs the drift it finds, rather than only reporting it.
   * @default false
   */
  readonly reconcileRepair?: boolean;
  /**
   * Email address subscribed to the SNS topic every alarm notifies.
   * @default - no subscription; the topic (output AlarmTopicArn) is there to subscribe to
   */
  readonly alarmEmail?: string;
  /**
   * Deals (by the API's estimate) above which a time-travel question only a scan of the table
   * can answer is run as a job (202) instead of answered at once; 0: every such question.
   * @default - the API's own default (10,000)
   */
  readonly pipelineSyncFullPathMaxDeals?: number;
  /**
   * Stream lag that raises the iterator-age alarm.
   * @default Duration.minutes(1)
   */
  readonly iteratorAgeAlarmThreshold?: Duration;
}

/**
 * The functions, the HTTP API and the alarms: nothing here holds data, so the stack can be
 * destroyed and redeployed without touching the table.
 */
export class StatelessStack extends Stack {
  readonly apiFunction: NodeFunction;
  readonly streamFunction: NodeFunction;
  readonly reconcileFunction: NodeFunction;
  /** The daily schedule of the reconcile function. */
  readonly scheduledReconcile: ScheduledReconcile;
  /** The snapshot function, its two schedules and their failure queue. */
  readonly scheduledSnapshots: ScheduledSnapshots;
  /** The pipeline job queue, its dead-letter queue and the worker; the API sends to the queue. */
  readonly pipelineJobs: PipelineJobs;
  readonly httpApi: apigwv2.HttpApi;
  /** Every route's authorizer: a valid token of the trusted issuer, for one of its audiences. */
  readonly authorizer: HttpJwtAuthorizer;
  readonly apiStage: apigwv2.HttpStage;
  readonly apiAccessLog: ApiAccessLog;
  readonly alarms: OperationalAlarms;
  /** The dashboard's bucket and distribution. */
  readonly dashboard: WebHosting;
  /** The build and config.json copied into the dashboard's bucket. */
  readonly dashboardDeployment: DashboardDeployment;
  /** The dashboard's app client; absent when an existing issuer is trusted. */
  readonly dashboardClient: DashboardClient | undefined;
  /** The API's CORS configuration: the dashboard's origin and the configured ones. */
  readonly apiCors: ApiCors;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, streamFailureQueue } = props;
    const logEncryptionKey = props.encryptionKey ? { logEncryptionKey: props.encryptionKey } : {};

    this.apiFunction = new NodeFunction(this, 'ApiFunction', {
      entry: 'api',
      serviceName: 'api',
      description: 'HTTP API: reps, teams, stages, opportunities, targets, commission levels and reports',
      // Latency-sensitive: more memory is more CPU for cold starts and report computation.
      memorySize: API_MEMORY_MB,
      // Under the HTTP API's 30 s integration timeout (api-throttling.ts).
      timeout: API_FUNCTION_TIMEOUT,
      environment: { CALLER_RATE_LIMIT_PER_SECOND: String(props.callerRateLimitPerSecond ?? DEFAULT_CALLER_RATE_LIMIT_PER_SECOND) },
      ...logEncryptionKey,
    });
    this.apiFunction.bindTable(table, { actions: API_TABLE_ACTIONS, indexActions: API_INDEX_ACTIONS }, undefined, props.encryptionKey);
    this.apiFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...API_CALLER_COUNTER_ACTIONS],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...API_COUNTER_LEADING_KEYS] } },
      }),
    );

    this.streamFunction = new NodeFunction(this, 'StreamFunction', {
      entry: 'stream',
      serviceName: 'stream',
      description: 'Applies opportunity changes from the table stream to rep-month links and totals',
      // A full batch (100 records, a transaction each) takes seconds; a minute leaves headroom.
      // Part of the stream's settle bound (STREAM_SETTLED_MS), hence the shared constant.
      timeout: Duration.millis(STREAM_FUNCTION_TIMEOUT_MS),
      memorySize: STREAM_MEMORY_MB,
      environment: { FAILURE_QUEUE_URL: streamFailureQueue.queueUrl },
      ...logEncryptionKey,
    });
    // The stream recalculation reads opportunities and writes links and rep-month totals.
    this.streamFunction.bindTable(table, 'readWrite', undefined, props.encryptionKey);
    if (props.encryptionKey) {
      // Stream records are encrypted with the table's key too; the event source's grant
      // (below) cannot see a key set on the CloudFormation resource, so it is granted here.
      this.streamFunction.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [props.encryptionKey.keyArn] }),
      );
    }
    // The handler reports poison records (images that can never succeed) straight to the queue.
    streamFailureQueue.grantSendMessages(this.streamFunction);
    // The event source grants stream read (grantStreamRead) to this function, and only to it.
    this.streamFunction.addEventSource(
      new DynamoEventSource(table, {
        // From the oldest record still in the stream: a new or re-created mapping misses nothing.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: STREAM_BATCH_SIZE,
        // A failing batch is split in halves until the failing record is isolated, so one bad
        // record does not hold back the good ones beside it.
        bisectBatchOnError: true,
        // The handler returns the records that failed; the rest of the batch is checkpointed.
        reportBatchItemFailures: true,
        // Bounded: stream records live 24 h and a shard is blocked while its oldest record
        // is retried. After 5 retries or 1 hour the record goes to the failure queue (an alarm
        // fires; inspect and replay it) and the shard moves on instead of stalling for a day.
        // Time travel counts a change older than this (plus the function's timeout and a clock
        // margin: STREAM_SETTLED_MS) as settled, so the bound is the core's constant.
        retryAttempts: 5,
        maxRecordAge: Duration.millis(STREAM_MAX_RECORD_AGE_MS),
        // Per-opportunity order must hold: each record moves a deal from its old image's
        // rep-month to its new image's, so one deal's records applied out of order would leave
        // it linked to the wrong month. With factor 1 a shard is processed one batch at a time, so
        // stream order holds for every record, also while a failing batch is bisected and
        // retried. Higher factors keep order per partition key only, and would run concurrent
        // transactions against the same rep-month record (conflicts, retries).
        parallelizationFactor: 1,
        onFailure: new SqsDlq(streamFailureQueue),
        // Only opportunity writes invoke the function: the links, totals and history it writes
        // have other sort keys, so its own writes never trigger it again.
        filters: [lambda.FilterCriteria.filter({ ...OPPORTUNITY_STREAM_FILTER_PATTERN })],
      }),
    );

    this.reconcileFunction = new NodeFunction(this, 'ReconcileFunction', {
      entry: 'reconcile',
      serviceName: 'reconcile',
      description: 'Recomputes rep-month totals from links and reports (or repairs) drift',
      // It scans the whole table; give it the Lambda maximum and the CPU to go with it.
      memorySize: 1024,
      timeout: Duration.minutes(15),
      ...logEncryptionKey,
    });
    this.reconcileFunction.bindTable(table, { actions: RECONCILE_TABLE_ACTIONS, indexActions: [] }, undefined, props.encryptionKey);
    this.scheduledReconcile = new ScheduledReconcile(this, 'ScheduledReconcile', {
      function: this.reconcileFunction,
      repair: props.reconcileRepair ?? false,
    });

    this.scheduledSnapshots = new ScheduledSnapshots(this, 'ScheduledSnapshots', {
      table,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    });

    // Time travel too large for API Gateway's 30 s runs as a job: the API stores it and sends
    // its id to the queue (PIPELINE_JOB_QUEUE_URL), the worker runs it.
    this.pipelineJobs = new PipelineJobs(this, 'PipelineJobs', {
      table,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    });
    this.pipelineJobs.allowSending(this.apiFunction, props.pipelineSyncFullPathMaxDeals);

    // API Gateway checks the token before the function runs: signature against the issuer's
    // published keys (JWKS), `iss`, `aud` (or `client_id`), `exp` and `nbf`. A missing, expired,
    // wrongly signed or `alg: none` token gets 401 there. The function then maps the verified
    // claims to a rep and role and refuses unknown or inactive reps itself. The audiences: those
    // the stateful stack trusts, and the dashboard's client, created below (its callback URL is
    // the distribution's, whose CSP names this API), hence resolved lazily.
    const jwtAudience = Lazy.list({
      produce: () => [...props.jwtTrust.audience, ...(this.dashboardClient ? [this.dashboardClient.client.userPoolClientId] : [])],
    });
    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwtTrust.issuer, {
      authorizerName: 'jwt',
      jwtAudience,
      identitySource: ['$request.header.Authorization'],
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Sales performance engine',
      // Applied to every route added below.
      defaultAuthorizer: this.authorizer,
      // No CORS property: ApiCors sets it (see there why), from the dashboard's origin.
      // The default stage is added below, because only a stage created by hand takes throttling.
      createDefaultStage: false,
      // No $default route: it would match OPTIONS too, and a preflight carries no token, so the
      // authorizer would refuse it (401) before CORS could answer. With routes for the served
      // methods only, OPTIONS matches no route and API Gateway answers the preflight itself from
      // the CORS configuration, never calling the authorizer or the function.
    });

    // The dashboard: its bucket and distribution, its sign-in client, its config.json, and CORS
    // for its origin. The CSP lets it reach the API, the issuer's own path (the discovery
    // document, and another provider's endpoints) and the sign-in pages.
    const signIn = props.dashboardSignIn;
    const issuerPath = `${signIn.issuer.replace(/\/+$/, '')}/`;
    const signInPages = signIn.domainUrl ?? new URL(signIn.issuer).origin;
    this.dashboard = new WebHosting(this, 'Dashboard', {
      connectSources: [this.httpApi.apiEndpoint, issuerPath, ...(signIn.domainUrl ? [signIn.domainUrl] : [])],
      formActions: [signInPages],
    });
    this.dashboardClient =
      signIn.kind === 'cognito'
        ? new DashboardClient(this, 'DashboardClient', {
            userPool: signIn.userPool,
            callbackUrls: [this.dashboard.url, ...(props.dashboardLocalhostSignIn ? [LOCALHOST_DASHBOARD_URL] : [])],
          })
        : undefined;
    if (props.dashboardLocalhostSignIn && !this.dashboardClient) {
      throw new Error('dashboardLocalhostSignIn needs the user pool: with an existing issuer, register the URL there');
    }
    const config: DashboardConfig = {
      apiUrl: this.httpApi.apiEndpoint,
      auth: {
        kind: signIn.kind,
        authority: signIn.issuer,
        clientId: signIn.kind === 'oidc' ? signIn.clientId : (this.dashboardClient as DashboardClient).client.userPoolClientId,
        ...(signIn.domainUrl ? { domain: signIn.domainUrl } : {}),
        redirectUri: this.dashboard.url,
        postLogoutRedirectUri: this.dashboard.url,
        scope: DASHBOARD_SCOPE,
      },
    };
    this.dashboardDeployment = new DashboardDeployment(this, 'DashboardDeployment', {
      bucket: this.dashboard.bucket,
      config,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    });
    this.apiCors = new ApiCors(this, 'ApiCors', {
      httpApi: this.httpApi,
      allowOrigins: [this.dashboard.origin, ...(props.corsAllowedOrigins ?? [])],
      allowMethods: API_METHODS,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    });

    // One function routes every path itself; API Gateway only authenticates. Methods the API
    // does not serve (PATCH, HEAD, ...) and the bare `/` get API Gateway's 404 without a call.
    // No timeout set: an HTTP API integration's default is its maximum, API_INTEGRATION_TIMEOUT
    // (CDK's check allows only up to 29 s, the WebSocket API limit).
    const integration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction);
    this.httpApi.addRoutes({
      path: '/{proxy+}',
      methods: [...API_METHODS],
      integration,
    });
    // The heavy routes again, each on its own so the stage can give it a budget of its own;
    // same integration and authorizer, and more specific than `/{proxy+}`, so API Gateway picks them.
    const heavyRouteThrottling = props.heavyRouteThrottling ?? HEAVY_ROUTE_THROTTLING;
    const heavyRoutes = Object.keys(heavyRouteThrottling).flatMap((routeKey) => {
      const [method, path] = routeKey.split(' ') as [apigwv2.HttpMethod, string];
      return this.httpApi.addRoutes({ path, methods: [method], integration });
    });

    this.apiAccessLog = new ApiAccessLog(this, 'ApiAccessLog', props.encryptionKey ? { encryptionKey: props.encryptionKey } : {});
    const stageThrottle = { rateLimit: props.throttlingRateLimit ?? 50, burstLimit: props.throttlingBurstLimit ?? 100 };
    this.apiStage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Caps what a runaway client can cost (Lambda, DynamoDB on demand) and protects the
      // account-wide Lambda concurrency the stream function also needs.
      throttle: stageThrottle,
      accessLogSettings: this.apiAccessLog.settings,
    });
    // HttpStage takes only the default route settings; per-route ones go on the resource.
    (this.apiStage.node.defaultChild as apigwv2.CfnStage).routeSettings = Object.fromEntries(
      Object.entries(heavyRouteThrottling).map(([routeKey, throttle]) => {
        const { rateLimit, burstLimit } = withinStage(throttle, stageThrottle);
        // A JSON property: CloudFormation's own (Pascal case) names.
        return [routeKey, { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit }];
      }),
    );
    // CloudFormation refuses route settings for a route key that does not exist yet.
    for (const route of heavyRoutes) this.apiStage.node.addDependency(route);

    this.alarms = new OperationalAlarms(this, 'Alarms', {
      streamFailureQueue,
      streamFunction: this.streamFunction,
      snapshotFunction: this.scheduledSnapshots.function,
      snapshotFailureQueue: this.scheduledSnapshots.failureQueue,
      pipelineJobDeadLetterQueue: this.pipelineJobs.deadLetterQueue,
      apiStage: this.apiStage,
      httpApi: this.httpApi,
      apiAccessLogGroup: this.apiAccessLog.logGroup,
      table,
      reconcile: { function: this.reconcileFunction, serviceName: 'reconcile' },
      iteratorAgeThreshold: props.iteratorAgeAlarmThreshold,
      alarmEmail: props.alarmEmail,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'SNS topic every alarm notifies (on alarm and on recovery): subscribe to it to be told',
    });

    new CfnOutput(this, 'PipelineJobDeadLetterQueueUrl', {
      value: this.pipelineJobs.deadLetterQueue.queueUrl,
      description: 'Pipeline job messages that failed twice (their job stays unanswered): inspect, then delete',
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.apiStage.url,
      description: 'Base URL of the HTTP API',
    });
    new CfnOutput(this, 'ApiJwtIssuer', {
      value: props.jwtTrust.issuer,
      description: 'Issuer whose tokens the API accepts (send the ID token as Authorization: Bearer)',
    });
    new CfnOutput(this, 'ApiJwtAudience', {
      value: Fn.join(',', [...props.jwtTrust.audience, ...(this.dashboardClient ? [this.dashboardClient.client.userPoolClientId] : [])]),
      description: 'Audiences (app client ids) the API accepts',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: this.dashboard.url,
      description: 'The dashboard (CloudFront); sign-in returns here',
    });
    if (this.dashboardClient) {
      new CfnOutput(this, 'DashboardClientId', {
        value: this.dashboardClient.client.userPoolClientId,
        description: "The dashboard's app client (authorization code grant with PKCE, hosted sign-in pages)",
      });
    }
  }
}
