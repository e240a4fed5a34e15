/**
 * The scheduled as-at snapshots in the stateless stack: one EventBridge rule per series,
 * each invoking the snapshot function with its series and the event's time, retried and
 * dead-lettered; the function's least-privilege table access; the alarms.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_SERIES } from '#core/pipeline/snapshot-instants.js';
import { SNAPSHOT_TABLE_ACTIONS } from '#infra/scheduled-snapshots.js';
import {
  actionsOf,
  crossStackAttribute,
  logicalIdOf,
  refersTo,
  type SynthesizedApp,
  statementsOfRole,
  synthesizeApp,
} from './synthesized-app.js';

type Resource = { Properties: Record<string, any> };

describe('scheduled snapshots', () => {
  let app: SynthesizedApp;
  let ids: {
    function: string;
    queue: string;
    table: string;
    monthlyRule: string;
    weeklyRule: string;
    staleRetakeRule: string;
    forecastRefreshRule: string;
  };
  /** The rules invoking the snapshot function (the stack has others, e.g. the daily reconcile). */
  const rules = (): Record<string, Resource> =>
    Object.fromEntries(
      Object.entries(app.statelessTemplate.findResources('AWS::Events::Rule') as Record<string, Resource>).filter(([, rule]) =>
        refersTo(rule.Properties.Targets, ids.function),
      ),
    );
  const targetOf = (ruleId: string) => {
    const targets = rules()[ruleId]?.Properties.Targets as unknown[];
    expect(targets).toHaveLength(1);
    return targets[0] as Record<string, any>;
  };

  beforeAll(() => {
    app = synthesizeApp();
    const snapshots = app.stateless.scheduledSnapshots;
    ids = {
      function: logicalIdOf(snapshots.function),
      queue: logicalIdOf(snapshots.failureQueue),
      table: logicalIdOf(app.stateful.table),
      monthlyRule: logicalIdOf(snapshots.rules.monthly),
      weeklyRule: logicalIdOf(snapshots.rules.weekly),
      staleRetakeRule: logicalIdOf(snapshots.staleRetakeRule),
      forecastRefreshRule: logicalIdOf(snapshots.forecastRefreshRule),
    };
  });

  describe('schedules', () => {
    it('are exactly four rules: 00:00 UTC on the 1st of every month, every Monday, the stale retake hourly at :30 and the forecast refresh daily at 02:15', () => {
      expect(Object.keys(rules()).sort()).toEqual([ids.monthlyRule, ids.weeklyRule, ids.staleRetakeRule, ids.forecastRefreshRule].sort());
      expect(rules()[ids.forecastRefreshRule]?.Properties).toMatchObject({ ScheduleExpression: 'cron(15 2 * * ? *)', State: 'ENABLED' });
      expect(rules()[ids.staleRetakeRule]?.Properties).toMatchObject({ ScheduleExpression: 'cron(30 * * * ? *)', State: 'ENABLED' });
      expect(rules()[ids.monthlyRule]?.Properties).toMatchObject({ ScheduleExpression: 'cron(0 0 1 * ? *)', State: 'ENABLED' });
      expect(rules()[ids.weeklyRule]?.Properties).toMatchObject({ ScheduleExpression: 'cron(0 0 ? * MON *)', State: 'ENABLED' });
    });

    it.each(SNAPSHOT_SERIES)('%s invokes the snapshot function with its series and the event time', (series) => {
      const target = targetOf(ids[`${series}Rule`]);

      expect(target.Arn).toEqual({ 'Fn::GetAtt': [ids.function, 'Arn'] });
      // RuleTargetInput.fromObject({ series, time: EventField.time }): the event's `time`, inserted as a JSON string.
      expect(target.InputTransformer.InputPathsMap).toEqual({ time: '$.time' });
      expect(target.InputTransformer.InputTemplate).toBe(`{"series":"${series}","time":<time>}`);
    });

    it('the stale retake invokes the function with { retake: stale } and the event time, retried for up to an hour, then dead-lettered', () => {
      const target = targetOf(ids.staleRetakeRule);

      expect(target.Arn).toEqual({ 'Fn::GetAtt': [ids.function, 'Arn'] });
      expect(target.InputTransformer.InputTemplate).toBe('{"retake":"stale","time":<time>}');
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 });
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [ids.queue, 'Arn'] } });
    });

    it.each(SNAPSHOT_SERIES)('%s is retried by EventBridge for up to 6 hours, then dead-lettered', (series) => {
      const target = targetOf(ids[`${series}Rule`]);

      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 6 * 3600 });
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [ids.queue, 'Arn'] } });
    });

    it('may invoke the function, each rule with its own permission', () => {
      for (const ruleId of [ids.monthlyRule, ids.weeklyRule, ids.staleRetakeRule, ids.forecastRefreshRule]) {
        app.statelessTemplate.hasResourceProperties('AWS::Lambda::Permission', {
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
          FunctionName: { 'Fn::GetAtt': [ids.function, 'Arn'] },
          SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
        });
      }
    });

    it('may send to the dead-letter queue, each rule by its ARN only', () => {
      const policies = Object.values(app.statelessTemplate.findResources('AWS::SQS::QueuePolicy')).filter((policy) =>
        refersTo(policy.Properties.Queues, ids.queue),
      );
      const allows = policies
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>)
        .filter((statement) => statement.Effect === 'Allow');

      expect(allows).toHaveLength(4);
      expect(allows.map((statement) => statement.Condition.ArnEquals['aws:SourceArn'])).toEqual(
        expect.arrayContaining([
          { 'Fn::GetAtt': [ids.monthlyRule, 'Arn'] },
          { 'Fn::GetAtt': [ids.weeklyRule, 'Arn'] },
          { 'Fn::GetAtt': [ids.staleRetakeRule, 'Arn'] },
          { 'Fn::GetAtt': [ids.forecastRefreshRule, 'Arn'] },
        ]),
      );
      for (const statement of allows) {
        expect(statement).toMatchObject({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } });
      }
    });
  });

  describe('function', () => {
    it('runs Node 22 on arm64 for up to 15 minutes with 1769 MB (one vCPU, for the forecast refresh), on the stateful table', () => {
      const properties = app.statelessTemplate.findResources('AWS::Lambda::Function')[ids.function]?.Properties;

      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 900,
        MemorySize: 1769,
      });
      expect(properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('snapshot');
      expect(refersTo(properties.Environment.Variables.TABLE_NAME, `Ref${ids.table}`)).toBe(true);
    });

    it('retries a failed asynchronous invocation twice, then sends it to the failure queue', () => {
      app.statelessTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.function },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.queue, 'Arn'] } } },
      });
    });

    it("may Scan, Query, BatchGetItem and BatchWriteItem the table, GetItem and DeleteItem (the stale mark), PutItem (the forecast refresh's learned rates), and nothing else on it; Query and Scan its indexes by name", () => {
      const statements = statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless.scheduledSnapshots.function.role!));
      const onTable = statements.filter((statement) => refersTo(statement.Resource, crossStackAttribute(ids.table, 'Arn')));
      const onIndexes = onTable.filter((statement) => refersTo(statement.Resource, '/index/'));
      const onTableItself = onTable.filter((statement) => !onIndexes.includes(statement));

      expect(onTableItself.flatMap(actionsOf).sort()).toEqual(
        [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:Query',
          'dynamodb:Scan',
          'dynamodb:GetItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
        ].sort(),
      );
      expect([...SNAPSHOT_TABLE_ACTIONS].sort()).toEqual(onTableItself.flatMap(actionsOf).sort());
      expect(onIndexes.flatMap(actionsOf).sort()).toEqual(['dynamodb:Query', 'dynamodb:Scan']);
      expect(JSON.stringify(onIndexes.map((statement) => statement.Resource)).match(/\/index\/[^"]*/g)).toEqual([
        '/index/gsi1',
        '/index/gsi2',
        '/index/gsi3',
      ]);
    });

    it('has no stream permissions, and may only send to its own failure queue and write its own logs besides the table', () => {
      const statements = statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless.scheduledSnapshots.function.role!));
      const actions = statements.flatMap(actionsOf);

      expect(statements.some((statement) => refersTo(statement.Resource, crossStackAttribute(ids.table, 'StreamArn')))).toBe(false);
      expect(actions.filter((action) => /GetRecords|GetShardIterator|DescribeStream|ListStreams/.test(action))).toEqual([]);
      const logGroupId = app.statelessTemplate.findResources('AWS::Lambda::Function')[ids.function]?.Properties.LoggingConfig.LogGroup.Ref;
      const logStatements = statements.filter((statement) => refersTo(statement.Resource, logGroupId));
      expect(logStatements.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
      expect(logStatements.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      const others = statements.filter(
        (statement) => !refersTo(statement.Resource, crossStackAttribute(ids.table, 'Arn')) && !logStatements.includes(statement),
      );
      expect(others.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [ids.queue, 'Arn'] }]);
      expect(others.flatMap(actionsOf)).toContain('sqs:SendMessage');
      expect(others.flatMap(actionsOf).filter((action) => !action.startsWith('sqs:'))).toEqual([]);
    });
  });

  describe('alarms', () => {
    it('alarm on any error of the snapshot function', () => {
      app.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.function } }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarm when a run lands in the failure queue', () => {
      app.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    });
  });

  it('keeps the failure queue encrypted, TLS-only and for 14 days', () => {
    app.statelessTemplate.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    app.statelessTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});
