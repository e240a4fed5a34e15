import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '../functions/store/table-definition.js';
import { ApiAccessLog } from './api-access-log.js';
import { NodeFunction } from './node-function.js';
import { OperationalAlarms } from './operational-alarms.js';
import { ScheduledSnapshots } from './scheduled-snapshots.js';
import type { JwtTrust } from './user-directory.js';

/**
 * The methods the API function serves. Each gets a `/{proxy+}` route behind the JWT
 * authorizer; OPTIONS deliberately gets none (see the HTTP API below). A test checks that
 * every route of functions/api uses one of these.
 */
export const API_METHODS = [
  apigwv2.HttpMethod.GET,
  apigwv2.HttpMethod.POST,
  apigwv2.HttpMethod.PUT,
  apigwv2.HttpMethod.DELETE,
] as const;

export interface StatelessStackProps extends StackProps {
  /** The table from the stateful stack: every function reads it, the stream function consumes its stream. */
  readonly table: dynamodb.ITableV2;
  /** The stateful stack's queue for stream records that cannot be processed. */
  readonly streamFailureQueue: sqs.IQueue;
  /** The token issuer and audiences the API accepts (stateful stack: the user pool, or an existing issuer). */
  readonly jwtTrust: JwtTrust;
  /**
   * Browser origins allowed to call the API (CORS), e.g. `https://dashboard.example.com`.
   * @default - none: CORS is off, only same-origin and server-to-server callers
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
   * Email address notified by every alarm (through an SNS topic).
   * @default - no notifications; the alarms show in the CloudWatch console
   */
  readonly alarmEmail?: string;
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
  /** The snapshot function, its two schedules and their failure queue. */
  readonly scheduledSnapshots: ScheduledSnapshots;
  readonly httpApi: apigwv2.HttpApi;
  /** Every route's authorizer: a valid token of the trusted issuer, for one of its audiences. */
  readonly authorizer: HttpJwtAuthorizer;
  readonly apiStage: apigwv2.HttpStage;
  readonly apiAccessLog: ApiAccessLog;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, streamFailureQueue } = props;

    this.apiFunction = new NodeFunction(this, 'ApiFunction', {
      entry: 'api',
      serviceName: 'api',
      description: 'HTTP API: reps, teams, stages, opportunities, targets, commission levels and reports',
      // Latency-sensitive: more memory is more CPU for cold starts and report computation.
      memorySize: 1024,
      // API Gateway HTTP APIs give up on an integration after 30 s; answer well before.
      timeout: Duration.seconds(15),
    });
    this.apiFunction.bindTable(table, 'readWrite');

    this.streamFunction = new NodeFunction(this, 'StreamFunction', {
      entry: 'stream',
      serviceName: 'stream',
      description: 'Applies opportunity changes from the table stream to rep-month links and totals',
      // A full batch (100 records, a transaction each) takes seconds; a minute leaves headroom.
      timeout: Duration.seconds(60),
      environment: { FAILURE_QUEUE_URL: streamFailureQueue.queueUrl },
    });
    // The stream recalculation reads opportunities and writes links and rep-month totals.
    this.streamFunction.bindTable(table, 'readWrite');
    // The handler reports poison records (images that can never succeed) straight to the queue.
    streamFailureQueue.grantSendMessages(this.streamFunction);
    // The event source grants stream read (grantStreamRead) to this function, and only to it.
    this.streamFunction.addEventSource(
      new DynamoEventSource(table, {
        // From the oldest record still in the stream: a new or re-created mapping misses nothing.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // A failing batch is split in halves until the failing record is isolated, so one bad
        // record does not hold back the good ones beside it.
        bisectBatchOnError: true,
        // The handler returns the records that failed; the rest of the batch is checkpointed.
        reportBatchItemFailures: true,
        // Bounded: stream records live 24 h and a shard is blocked while its oldest record
        // is retried. After 5 retries or 1 hour the record goes to the failure queue (an alarm
        // fires; inspect and replay it) and the shard moves on instead of stalling for a day.
        retryAttempts: 5,
        maxRecordAge: Duration.hours(1),
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
    });
    this.reconcileFunction.bindTable(table, 'readWrite');

    this.scheduledSnapshots = new ScheduledSnapshots(this, 'ScheduledSnapshots', { table });

    // API Gateway checks the token before the function runs: signature against the issuer's
    // published keys (JWKS), `iss`, `aud` (or `client_id`), `exp` and `nbf`. A missing, expired,
    // wrongly signed or `alg: none` token gets 401 there. The function then maps the verified
    // claims to a rep and role and refuses unknown or inactive reps itself.
    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwtTrust.issuer, {
      authorizerName: 'jwt',
      jwtAudience: [...props.jwtTrust.audience],
      identitySource: ['$request.header.Authorization'],
    });

    const corsAllowedOrigins = props.corsAllowedOrigins ?? [];
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Sales performance engine',
      // Applied to every route added below.
      defaultAuthorizer: this.authorizer,
      corsPreflight:
        corsAllowedOrigins.length > 0
          ? {
              allowOrigins: [...corsAllowedOrigins],
              // API_METHODS (a test holds the two lists together) and the preflight itself.
              allowMethods: [
                apigwv2.CorsHttpMethod.GET,
                apigwv2.CorsHttpMethod.POST,
                apigwv2.CorsHttpMethod.PUT,
                apigwv2.CorsHttpMethod.DELETE,
                apigwv2.CorsHttpMethod.OPTIONS,
              ],
              // Browsers send the ID token as `Authorization: Bearer ...`.
              allowHeaders: ['authorization', 'content-type', 'if-match'],
              // Optimistic concurrency: browsers must be able to read the version to send If-Match.
              exposeHeaders: ['etag'],
              maxAge: Duration.hours(1),
            }
          : undefined,
      // The default stage is added below, because only a stage created by hand takes throttling.
      createDefaultStage: false,
      // No $default route: it would match OPTIONS too, and a preflight carries no token, so the
      // authorizer would refuse it (401) before CORS could answer. With routes for the served
      // methods only, OPTIONS matches no route and API Gateway answers the preflight itself from
      // corsPreflight, never calling the authorizer or the function; without CORS it is a 404.
    });
    // One function routes every path itself; API Gateway only authenticates. Methods the API
    // does not serve (PATCH, HEAD, ...) and the bare `/` get API Gateway's 404 without a call.
    this.httpApi.addRoutes({
      path: '/{proxy+}',
      methods: [...API_METHODS],
      integration: new HttpLambdaIntegration('ApiIntegration', this.apiFunction),
    });

    this.apiAccessLog = new ApiAccessLog(this, 'ApiAccessLog');
    this.apiStage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Caps what a runaway client can cost (Lambda, DynamoDB on demand) and protects the
      // account-wide Lambda concurrency the stream function also needs.
      throttle: {
        rateLimit: props.throttlingRateLimit ?? 50,
        burstLimit: props.throttlingBurstLimit ?? 100,
      },
      accessLogSettings: this.apiAccessLog.settings,
    });

    this.alarms = new OperationalAlarms(this, 'Alarms', {
      streamFailureQueue,
      streamFunction: this.streamFunction,
      snapshotFunction: this.scheduledSnapshots.function,
      snapshotFailureQueue: this.scheduledSnapshots.failureQueue,
      apiStage: this.apiStage,
      iteratorAgeThreshold: props.iteratorAgeAlarmThreshold,
      alarmEmail: props.alarmEmail,
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
      value: Fn.join(',', [...props.jwtTrust.audience]),
      description: 'Audiences (app client ids) the API accepts',
    });
  }
}
