import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * Exactly what reconcile does with the table (functions/reconcile/reconcile-store.ts): a
 * consistent parallel Scan, and conditional PutItem repairs; one GetItem reads the mark
 * that the change-log upgrade is done. No index, no stream.
 */
export const RECONCILE_TABLE_ACTIONS = ['dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:GetItem'] as const;

export interface ScheduledReconcileProps {
  /** The reconcile function (functions/reconcile). */
  readonly function: lambda.IFunction;
  /**
   * Whether the scheduled run repairs the drift it finds. Off: a run reports (metric, alarm,
   * log) and a person repairs after finding the cause. A scan is not a snapshot, so a deal
   * changing while it runs can show as drift that is not; and drift has a cause (a stream
   * record in the failure queue, a bug) that a silent repair would hide every night.
   * @default false
   */
  readonly repair?: boolean;
  /**
   * When it runs (EventBridge evaluates cron in UTC).
   * @default - daily at 03:00 UTC: after the midnight snapshots, before a European or American working day
   */
  readonly schedule?: events.Schedule;
}

/** A daily reconcile of the derived records: the function on an EventBridge schedule. */
export class ScheduledReconcile extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ScheduledReconcileProps) {
    super(scope, id);
    const repair = props.repair ?? false;

    // One retry of a failed run: each is a full scan, the Errors alarm tells someone, and
    // the next day's run comes anyway.
    props.function.configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.hours(6) });

    this.rule = new events.Rule(this, 'Rule', {
      description: repair
        ? 'Daily reconcile of the derived records, repairing drift'
        : 'Daily reconcile of the derived records (report only)',
      schedule: props.schedule ?? events.Schedule.cron({ minute: '0', hour: '3' }),
      targets: [
        new targets.LambdaFunction(props.function, {
          event: events.RuleTargetInput.fromObject({ repair }),
          // EventBridge retries when it cannot invoke (throttling, service errors).
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
