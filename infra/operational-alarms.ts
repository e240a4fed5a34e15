import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RECONCILE_METRICS } from '#functions/reconcile/reconcile-handler.js';
import { DEFAULT_METRICS_NAMESPACE } from './node-function.js';

/** The table operations the functions call: DynamoDB reports throttles and system errors per operation. */
export const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.SCAN,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
] as const;

/** Counted from the API access log: answers with status 429, per API (dimension ApiId). */
export const API_THROTTLED_METRIC = 'ApiThrottledRequests';

export interface OperationalAlarmsProps {
  readonly streamFailureQueue: sqs.IQueue;
  readonly streamFunction: lambda.IFunction;
  /** The scheduled as-at snapshot function and the queue its failed runs end in. */
  readonly snapshotFunction: lambda.IFunction;
  readonly snapshotFailureQueue: sqs.IQueue;
  /** Where pipeline job messages end after failing every receive (infra/pipeline-jobs.ts). */
  readonly pipelineJobDeadLetterQueue: sqs.IQueue;
  readonly apiStage: apigwv2.IHttpStage;
  /** The HTTP API (its id is the dimension of the throttled-requests metric). */
  readonly httpApi: apigwv2.IHttpApi;
  /** The API stage's access log group, where throttled requests (429) are counted. */
  readonly apiAccessLogGroup: logs.ILogGroup;
  /** The table: throttled requests and system errors. */
  readonly table: dynamodb.ITableV2;
  /** The reconcile function and its Powertools service name (the dimension of its metrics). */
  readonly reconcile: { readonly function: lambda.IFunction; readonly serviceName: string };
  /**
   * CloudWatch namespace the functions publish their Powertools metrics in.
   * @default DEFAULT_METRICS_NAMESPACE
   */
  readonly metricsNamespace?: string;
  /**
   * API p99 latency that, held for 15 minutes, raises the latency alarm. Typical requests take
   * well under a second; time travel scans the table and may take seconds.
   * @default Duration.seconds(10)
   */
  readonly apiLatencyThreshold?: Duration;
  /**
   * Throttled answers (429) in five minutes that raise the throttling alarm. The budgets are
   * sized for normal use; a retried double click should not page anyone.
   * @default 10
   */
  readonly apiThrottledThreshold?: number;
  /**
   * How far the stream function may lag behind the table before someone is told. Rep-month
   * figures are only as fresh as the stream processing.
   * @default Duration.minutes(1)
   */
  readonly iteratorAgeThreshold?: Duration;
  /**
   * Address subscribed (after confirming the email) to the SNS topic every alarm notifies.
   * @default - no subscription: subscribe to the topic (stack output AlarmTopicArn) by other means
   */
  readonly alarmEmail?: string;
}

/**
 * The alarms that say the figures may be wrong or the API is failing, and the SNS topic
 * every one of them notifies (on alarm and on recovery). Missing data is "not breaching"
 * everywhere: no traffic is not an incident.
 */
export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];
  /** Every alarm notifies it; subscribe to it (email, chat, paging) to be told. */
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const iteratorAgeThreshold = props.iteratorAgeThreshold ?? Duration.minutes(1);
    const apiLatencyThreshold = props.apiLatencyThreshold ?? Duration.seconds(10);
    const namespace = props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;

    const failureQueueNotEmpty = this.queueNotEmpty(
      'StreamFailureQueueNotEmpty',
      'A stream record was given up on (retries or record age exhausted) or reported as poison. ' +
        'The rep-month figures of its deal are stale until the message is inspected and replayed.',
      props.streamFailureQueue,
      Duration.minutes(1),
    );

    const streamLagging = new cloudwatch.Alarm(this, 'StreamIteratorAge', {
      alarmDescription:
        `The stream function has lagged more than ${iteratorAgeThreshold.toHumanString()} behind the table for 3 minutes: ` +
        'a batch is failing and being retried, or the function is throttled.',
      metric: props.streamFunction.metric('IteratorAge', {
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      threshold: iteratorAgeThreshold.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Three minutes in a row, so one slow batch does not page anyone.
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const streamErrors = this.anyInFiveMinutes(
      'StreamFunctionErrors',
      'The stream function threw: a whole batch failed (per-record failures are reported, not thrown) ' +
        'or it timed out or crashed. The batch is retried and bisected.',
      props.streamFunction.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
    );

    const apiServerErrors = this.anyInFiveMinutes(
      'ApiServerErrors',
      'The HTTP API answered 5xx. Domain errors map to 4xx, so a 5xx is a bug, a timeout or an outage.',
      props.apiStage.metricServerError({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
    );

    const snapshotErrors = this.anyInFiveMinutes(
      'SnapshotFunctionErrors',
      'A scheduled snapshot run failed (often: the stream was still recording changes made just before the instant). ' +
        'Lambda retries it twice; the next run catches the instant up in any case.',
      props.snapshotFunction.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
    );

    const snapshotFailureQueueNotEmpty = this.queueNotEmpty(
      'SnapshotFailureQueueNotEmpty',
      'A scheduled snapshot run was given up on (every retry failed, or EventBridge could not invoke the function). ' +
        'The trend lacks that instant until the next run of its series, or `npm run snapshot -- --date` against the table, takes it.',
      props.snapshotFailureQueue,
      Duration.minutes(5),
    );

    const pipelineJobDeadLetters = this.queueNotEmpty(
      'PipelineJobDeadLetterQueueNotEmpty',
      'A pipeline job failed twice (the worker threw or ran out of time) and its message was set aside. The job stays ' +
        "queued or running until it expires (24 h), so its caller's poll never ends: read the job item, see the worker's " +
        'logs, then let the caller ask again (docs/operations.md, Pipeline jobs).',
      props.pipelineJobDeadLetterQueue,
      Duration.minutes(5),
    );

    // HTTP APIs publish no 429 metric of their own (4xx mixes throttling with every refusal),
    // so the access log's status is counted: API Gateway's throttling and any 429 the function sends.
    new logs.MetricFilter(this, 'ApiThrottledRequestsFilter', {
      logGroup: props.apiAccessLogGroup,
      metricNamespace: namespace,
      metricName: API_THROTTLED_METRIC,
      filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
      metricValue: '1',
      // Per API: several copies of the stacks may share an account and the namespace.
      dimensions: { ApiId: '$.apiId' },
    });
    const apiThrottled = new cloudwatch.Alarm(this, 'ApiThrottledRequests', {
      alarmDescription:
        "The HTTP API refused requests with 429: a client is over the stage budget or a heavy route's own budget " +
        '(infra/api-throttling.ts). A runaway client, or real use outgrowing the limits (raise them with -c apiThrottlingRateLimit).',
      metric: new cloudwatch.Metric({
        namespace,
        metricName: API_THROTTLED_METRIC,
        dimensionsMap: { ApiId: props.httpApi.apiId },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: props.apiThrottledThreshold ?? 10,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const apiLatency = new cloudwatch.Alarm(this, 'ApiLatencyP99', {
      alarmDescription:
        `The slowest 1% of API requests took more than ${apiLatencyThreshold.toHumanString()} for 15 minutes: ` +
        'DynamoDB is throttling or slow, the table has outgrown a scan (time travel, snapshots), or cold starts pile up.',
      metric: props.apiStage.metricLatency({ statistic: 'p99', period: Duration.minutes(5) }),
      threshold: apiLatencyThreshold.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // On demand tables still throttle (a hot partition, the account's table limits); the SDK
    // retries, so a throttle is first latency, then errors.
    const tableThrottled = this.anyInFiveMinutes(
      'TableThrottledRequests',
      'DynamoDB throttled requests to the table: a hot partition or a burst above what on-demand had adapted to. ' +
        'Requests are retried, so users first see latency, then 5xx.',
      props.table.metricThrottledRequestsForOperations({ operations: [...TABLE_OPERATIONS], period: Duration.minutes(5) }),
    );
    const tableSystemErrors = this.anyInFiveMinutes(
      'TableSystemErrors',
      'DynamoDB answered 500 to requests on the table (its own failure). Retried by the SDK; persistent errors reach users as 5xx.',
      props.table.metricSystemErrorsForOperations({ operations: [...TABLE_OPERATIONS], period: Duration.minutes(5) }),
    );
    // No alarm on UserErrors: DynamoDB counts it for the whole account and region, not the
    // table, and it includes cancelled transactions, which are this API's normal answer to
    // concurrent edits (409). Its real bugs (AccessDenied, ValidationException) reach users as 5xx,
    // which ApiServerErrors and the function Errors alarms already catch.

    const reconcileMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        dimensionsMap: { service: props.reconcile.serviceName },
        statistic: cloudwatch.Stats.MAXIMUM,
        // One run a day: the alarm stays in its state until the next run reports.
        period: Duration.days(1),
      });
    const reconcileDrift = new cloudwatch.Alarm(this, 'ReconcileDrift', {
      alarmDescription:
        'The daily reconcile found rep-month links or totals that differ from what the opportunities give. Look for a ' +
        'stream record in the failure queue first, then run reconcile with repair (README, Reconcile).',
      metric: reconcileMetric(RECONCILE_METRICS.drift),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const reconcileInvalidItems = new cloudwatch.Alarm(this, 'ReconcileInvalidItems', {
      alarmDescription:
        'The daily reconcile read items that are not valid (written around the API). Reports skip them; fix or delete them by hand.',
      metric: reconcileMetric(RECONCILE_METRICS.invalidItems),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const reconcileErrors = this.anyInFiveMinutes(
      'ReconcileFunctionErrors',
      'A reconcile run failed or timed out, so drift went unchecked. It is retried once; the next run is tomorrow.',
      props.reconcile.function.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
    );

    this.alarms = [
      failureQueueNotEmpty,
      streamLagging,
      streamErrors,
      apiServerErrors,
      snapshotErrors,
      snapshotFailureQueueNotEmpty,
      pipelineJobDeadLetters,
      apiThrottled,
      apiLatency,
      tableThrottled,
      tableSystemErrors,
      reconcileDrift,
      reconcileInvalidItems,
      reconcileErrors,
    ];

    this.topic = this.alarmTopic();
    if (props.alarmEmail) this.topic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
    const action = new cloudwatchActions.SnsAction(this.topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  /**
   * The topic, encrypted with a key of its own: CloudWatch cannot publish to a topic under the
   * AWS managed SNS key, only under a customer managed key whose policy lets it. The key lives
   * and goes with this stack (notifications are not data worth keeping).
   */
  private alarmTopic(): sns.Topic {
    const stack = Stack.of(this);
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `${stack.stackName}: alarm notifications topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: fromThisAccount,
      }),
    );
    return topic;
  }

  /** An alarm on a failure queue: any message visible during one period fires it. */
  private queueNotEmpty(id: string, alarmDescription: string, queue: sqs.IQueue, period: Duration): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription,
      metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** An alarm on a count that should stay at zero: one occurrence in five minutes fires it. */
  private anyInFiveMinutes(id: string, alarmDescription: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
