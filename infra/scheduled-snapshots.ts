import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SNAPSHOT_SERIES, type SnapshotSeries } from '#core/pipeline/snapshot-instants.js';
import { FORECAST_REFRESH_SCHEDULE, SNAPSHOT_SCHEDULES, STALE_RETAKE_SCHEDULE } from '#functions/pipeline/snapshot-rules.js';
import { capitalised } from './construct-ids.js';
import { NodeFunction } from './node-function.js';

/**
 * Exactly what the snapshot run does with the table: a consistent parallel Scan of the
 * history, a Query of the instant's stored scopes, BatchWriteItem of puts and deletes,
 * BatchGetItem of series points, and GetItem and a conditional DeleteItem of the stale mark.
 * The daily forecast refresh, run by the same function, adds one PutItem (the learned rates;
 * its backtests go by Query and BatchWriteItem, its targets by BatchGetItem).
 * No UpdateItem, no stream: a read+write grant would be wider than the function needs.
 */
export const SNAPSHOT_TABLE_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:GetItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
] as const;

/** How long a schedule's event (and the async invocation it becomes) may wait for delivery. */
export const SNAPSHOT_MAX_EVENT_AGE = Duration.hours(6);

export interface ScheduledSnapshotsProps {
  readonly table: dynamodb.ITableV2;
  /**
   * The customer managed key of the table, also used for the function's log group.
   * @default - AWS owned keys
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The as-at snapshots of the open pipeline: one function and one EventBridge rule per
 * series of SNAPSHOT_SCHEDULES (the same definition the local runtime schedules from).
 *
 * Each rule sends `{ series, time }`, time being the event's time: the handler files the
 * run under the instant at or before it, so a delivery delayed by retries still writes
 * the snapshot of the instant it was meant for, with the same figures. Failures are
 * retried twice: by EventBridge when it cannot invoke the function, by Lambda's async
 * invocation when the function fails (typically while the stream is still recording the
 * changes just before midnight). What still fails lands in the failure queue and alarms;
 * the next run's catch-up (13 months / 8 weeks) then takes the missed instant anyway.
 */
export class ScheduledSnapshots extends Construct {
  readonly function: NodeFunction;
  readonly rules: Readonly<Record<SnapshotSeries, events.Rule>>;
  /** Hourly: retakes the past snapshots an import marked stale (a GetItem when none are). */
  readonly staleRetakeRule: events.Rule;
  /** Daily: the refresh of the forecasts' learned rates and backtests (`{ refresh: 'forecasts' }`). */
  readonly forecastRefreshRule: events.Rule;
  /** Schedule events EventBridge could not deliver and invocations that failed every retry. */
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ScheduledSnapshotsProps) {
    super(scope, id);

    this.function = new NodeFunction(this, 'Function', {
      entry: 'snapshot',
      serviceName: 'snapshot',
      description: 'Takes the scheduled as-at snapshots of the open pipeline (monthly and weekly), catching up missed ones',
      // It scans the whole table and rebuilds every scope at up to 13 instants in memory; the
      // daily forecast refresh also backtests 12 months of every scope, single-threaded CPU work:
      // 1,769 MB is one full vCPU (docs/benchmarks.md: 10,000 open deals, 170 s on DynamoDB Local).
      memorySize: 1769,
      // The scan plus up to 30 s waiting for the stream (6 attempts x 5 s), and the refresh's
      // backtest: the Lambda maximum, so a larger company's refresh still ends.
      timeout: Duration.minutes(15),
      ...(props.encryptionKey ? { logEncryptionKey: props.encryptionKey } : {}),
    });
    this.function.bindTable(props.table, { actions: SNAPSHOT_TABLE_ACTIONS }, undefined, props.encryptionKey);

    // The failure queue lives here, in the stateless stack, not beside the stream failure
    // queue in the stateful stack, and is not that queue:
    // - EventBridge may send to a dead-letter queue only if the queue's resource policy names
    //   the rule (aws:SourceArn). A queue in the stateful stack naming rules of this stack
    //   would make each stack depend on the other (CDK refuses the cycle), or need a policy
    //   open to every rule of the account.
    // - Its messages hold no data: a series and a time. The next run's catch-up retakes any
    //   missed instant with the same figures, so losing them with this stack loses nothing.
    // - The stream failure queue holds stream batches that must be inspected and replayed, and
    //   its alarm says rep-month figures are stale; a failed snapshot run needs neither.
    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: of both EventBridge rule targets and the on-failure destination of the ' +
        "function's asynchronous invocations. SQS3 recognises only queue redrive policies and Lambda DeadLetterConfig as DLQ " +
        'use; a dead-letter queue behind it would only move the failed runs the alarm asks someone to look at.',
    });

    // Lambda's own retries of an asynchronous invocation that failed (2 is the maximum),
    // then the failure queue (the function's role gets sqs:SendMessage on it, and only that).
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: SNAPSHOT_MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.failureQueue),
    });

    const rules = {} as Record<SnapshotSeries, events.Rule>;
    for (const series of SNAPSHOT_SERIES) {
      const { description, cron } = SNAPSHOT_SCHEDULES[series];
      // EventBridge cron expressions are evaluated in UTC, like the instants of core/pipeline/snapshot-instants.ts.
      rules[series] = new events.Rule(this, `${capitalised(series)}Rule`, {
        description,
        schedule: events.Schedule.cron(cron),
        targets: [
          new targets.LambdaFunction(this.function, {
            event: events.RuleTargetInput.fromObject({ series, time: events.EventField.time }),
            // EventBridge retries when it cannot invoke (throttling, service errors), within the event age.
            retryAttempts: 4,
            maxEventAge: SNAPSHOT_MAX_EVENT_AGE,
            deadLetterQueue: this.failureQueue,
          }),
        ],
      });
    }
    this.rules = rules;

    this.staleRetakeRule = new events.Rule(this, 'StaleRetakeRule', {
      description: STALE_RETAKE_SCHEDULE.description,
      schedule: events.Schedule.cron(STALE_RETAKE_SCHEDULE.cron),
      targets: [
        new targets.LambdaFunction(this.function, {
          event: events.RuleTargetInput.fromObject({ retake: 'stale', time: events.EventField.time }),
          retryAttempts: 4,
          // The next hour's run retakes anyway: no point delivering an event older than that.
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.failureQueue,
        }),
      ],
    });

    // The same function (the same whole-table read), once a day after the midnight snapshots.
    this.forecastRefreshRule = new events.Rule(this, 'ForecastRefreshRule', {
      description: FORECAST_REFRESH_SCHEDULE.description,
      schedule: events.Schedule.cron(FORECAST_REFRESH_SCHEDULE.cron),
      targets: [
        new targets.LambdaFunction(this.function, {
          event: events.RuleTargetInput.fromObject({ refresh: 'forecasts', time: events.EventField.time }),
          retryAttempts: 4,
          maxEventAge: SNAPSHOT_MAX_EVENT_AGE,
          deadLetterQueue: this.failureQueue,
        }),
      ],
    });
  }
}
