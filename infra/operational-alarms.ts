import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OperationalAlarmsProps {
  readonly streamFailureQueue: sqs.IQueue;
  readonly streamFunction: lambda.IFunction;
  /** The scheduled as-at snapshot function and the queue its failed runs end in. */
  readonly snapshotFunction: lambda.IFunction;
  readonly snapshotFailureQueue: sqs.IQueue;
  readonly apiStage: apigwv2.IHttpStage;
  /**
   * How far the stream function may lag behind the table before someone is told. Rep-month
   * figures are only as fresh as the stream processing.
   * @default Duration.minutes(1)
   */
  readonly iteratorAgeThreshold?: Duration;
  /**
   * Address subscribed (after confirming the email) to an SNS topic every alarm notifies.
   * @default - no topic: the alarms are visible in the CloudWatch console only
   */
  readonly alarmEmail?: string;
}

/**
 * The alarms that say the figures may be wrong or the API is failing. Missing data is
 * "not breaching" everywhere: no traffic is not an incident.
 */
export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];
  /** Present only when an alarm email was given. */
  readonly topic: sns.Topic | undefined;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const iteratorAgeThreshold = props.iteratorAgeThreshold ?? Duration.minutes(1);

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

    this.alarms = [failureQueueNotEmpty, streamLagging, streamErrors, apiServerErrors, snapshotErrors, snapshotFailureQueueNotEmpty];

    if (props.alarmEmail) {
      // No KMS key on the topic: CloudWatch can only publish to a key-encrypted topic through a
      // customer managed key policy, which is not worth its cost for alarm notifications.
      this.topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true });
      this.topic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
      const action = new cloudwatchActions.SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
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
