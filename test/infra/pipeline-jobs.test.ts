import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_JOB_CONCURRENCY, PIPELINE_JOB_MEMORY_MB } from '#infra/lambda-sizing.js';
import { PIPELINE_JOB_QUEUE_URL_VARIABLE, PIPELINE_SYNC_FULL_PATH_MAX_DEALS_VARIABLE } from '#infra/pipeline-jobs.js';
import {
  actionsOf,
  crossStackAttribute,
  logicalIdOf,
  type PolicyStatement,
  refersTo,
  type SynthesizedApp,
  statementsOfRole,
  synthesizeApp,
} from './synthesized-app.js';

const CONSUMER_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];

describe('pipeline jobs', () => {
  let app: SynthesizedApp;
  let ids: { queue: string; deadLetterQueue: string; worker: string; api: string; table: string };
  const functionPropertiesOf = (synthesized: SynthesizedApp, id: string) =>
    synthesized.statelessTemplate.findResources('AWS::Lambda::Function')[id]?.Properties;
  const functionProperties = (id: string) => functionPropertiesOf(app, id);
  /** Every role's policy statements naming the queue `queueId`, by role logical id. */
  const statementsOnQueue = (queueId: string): Record<string, PolicyStatement[]> => {
    const byRole: Record<string, PolicyStatement[]> = {};
    for (const policy of Object.values(app.statelessTemplate.findResources('AWS::IAM::Policy'))) {
      const statements = (policy.Properties.PolicyDocument.Statement as PolicyStatement[]).filter((statement) =>
        refersTo(statement.Resource, queueId),
      );
      if (statements.length === 0) continue;
      for (const role of policy.Properties.Roles as Array<{ Ref: string }>) byRole[role.Ref] = [...(byRole[role.Ref] ?? []), ...statements];
    }
    return byRole;
  };

  beforeAll(() => {
    app = synthesizeApp();
    const jobs = app.stateless.pipelineJobs;
    ids = {
      queue: logicalIdOf(jobs.queue),
      deadLetterQueue: logicalIdOf(jobs.deadLetterQueue),
      worker: logicalIdOf(jobs.worker),
      api: logicalIdOf(app.stateless.apiFunction),
      table: logicalIdOf(app.stateful.table),
    };
  });

  describe('queue', () => {
    it('is encrypted, keeps a message as long as a job lives (1 day), and hides a received one for 6 x the worker timeout', () => {
      const queue = app.statelessTemplate.findResources('AWS::SQS::Queue')[ids.queue]?.Properties;
      const workerTimeout = functionProperties(ids.worker).Timeout as number;

      expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 86_400 });
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * workerTimeout);
      expect(queue.VisibilityTimeout).toBe(5_400);
    });

    it('sends a message received twice without success to the dead-letter queue', () => {
      const queue = app.statelessTemplate.findResources('AWS::SQS::Queue')[ids.queue]?.Properties;

      expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetterQueue, 'Arn'] }, maxReceiveCount: 2 });
    });

    it('keeps the dead-letter queue encrypted for 14 days, longer than the queue', () => {
      expect(app.statelessTemplate.findResources('AWS::SQS::Queue')[ids.deadLetterQueue]?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
    });

    it('refuses requests without TLS on both queues', () => {
      for (const queueId of [ids.queue, ids.deadLetterQueue]) {
        app.statelessTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queueId }],
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
          },
        });
      }
    });

    it('alarms, through the alarm topic, as soon as the dead-letter queue holds a message', () => {
      const alarms = Object.values(app.statelessTemplate.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
        refersTo(alarm.Properties.Dimensions ?? [], ids.deadLetterQueue),
      );
      const topicId = Object.keys(app.statelessTemplate.findResources('AWS::SNS::Topic'))[0];

      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.deadLetterQueue, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
      expect(alarms[0]?.Properties.AlarmDescription).toMatch(/pipeline job/i);
    });
  });

  describe('worker', () => {
    it('runs the pipeline-job entry on Node 22, arm64, for the Lambda maximum of 15 minutes, with a small reserved concurrency', () => {
      const properties = functionProperties(ids.worker);

      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 900,
        MemorySize: PIPELINE_JOB_MEMORY_MB,
        ReservedConcurrentExecutions: PIPELINE_JOB_CONCURRENCY,
      });
      expect(PIPELINE_JOB_CONCURRENCY).toBeLessThanOrEqual(5);
      expect(properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('pipeline-job');
      expect(refersTo(properties.Environment.Variables.TABLE_NAME, `Ref${ids.table}`)).toBe(true);
      expect(properties.Environment.Variables[PIPELINE_JOB_QUEUE_URL_VARIABLE]).toBeUndefined();
    });

    it('takes one message per invocation from the queue, reports a failed one, and never invokes more workers than are reserved', () => {
      const mappings = Object.values(app.statelessTemplate.findResources('AWS::Lambda::EventSourceMapping')).filter((mapping) =>
        refersTo(mapping.Properties.EventSourceArn, ids.queue),
      );

      expect(mappings).toHaveLength(1);
      expect(mappings[0]?.Properties).toMatchObject({
        FunctionName: { Ref: ids.worker },
        EventSourceArn: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: PIPELINE_JOB_CONCURRENCY },
      });
      expect(mappings[0]?.Properties.MaximumBatchingWindowInSeconds).toBeUndefined();
    });

    it('reads and writes the table, with no stream permissions', () => {
      const statements = statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless.pipelineJobs.worker.role!));
      const onTable = statements
        .filter((statement) => refersTo(statement.Resource, crossStackAttribute(ids.table, 'Arn')))
        .flatMap(actionsOf);

      expect(onTable).toEqual(
        expect.arrayContaining(['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
      expect(statements.some((statement) => refersTo(statement.Resource, crossStackAttribute(ids.table, 'StreamArn')))).toBe(false);
    });
  });

  it('outputs the dead-letter queue URL', () => {
    const output = app.statelessTemplate.findOutputs('PipelineJobDeadLetterQueueUrl').PipelineJobDeadLetterQueueUrl;

    expect(output?.Value).toEqual({ Ref: ids.deadLetterQueue });
  });

  it("leaves the API's threshold for jobs to its default unless -c pipelineSyncFullPathMaxDeals sets it", () => {
    const apiVariables = (context: Record<string, unknown>) => {
      const configured = synthesizeApp({ context });
      return functionPropertiesOf(configured, logicalIdOf(configured.stateless.apiFunction)).Environment.Variables;
    };

    expect(functionProperties(ids.api).Environment.Variables[PIPELINE_SYNC_FULL_PATH_MAX_DEALS_VARIABLE]).toBeUndefined();
    expect(apiVariables({ pipelineSyncFullPathMaxDeals: '0' })[PIPELINE_SYNC_FULL_PATH_MAX_DEALS_VARIABLE]).toBe('0');
    expect(() => apiVariables({ pipelineSyncFullPathMaxDeals: '2.5' })).toThrow(/whole number of deals/);
  });

  describe('least privilege', () => {
    it('lets only the API send to the queue, with sqs:SendMessage alone, and tells it the queue URL', () => {
      const byRole = statementsOnQueue(ids.queue);
      const apiRole = logicalIdOf(app.stateless.apiFunction.role!);
      const senders = Object.entries(byRole)
        .filter(([, statements]) => statements.flatMap(actionsOf).includes('sqs:SendMessage'))
        .map(([role]) => role);

      expect(senders).toEqual([apiRole]);
      expect(byRole[apiRole]?.flatMap(actionsOf)).toEqual(['sqs:SendMessage']);
      const variables = functionProperties(ids.api).Environment.Variables;
      expect(variables[PIPELINE_JOB_QUEUE_URL_VARIABLE]).toEqual({ Ref: ids.queue });
    });

    it('lets only the worker consume the queue, and nobody use the dead-letter queue (the console and the CLI read it)', () => {
      const byRole = statementsOnQueue(ids.queue);
      const workerRole = logicalIdOf(app.stateless.pipelineJobs.worker.role!);
      const consumers = Object.entries(byRole)
        .filter(([, statements]) => statements.flatMap(actionsOf).some((action) => CONSUMER_ACTIONS.includes(action)))
        .map(([role]) => role);

      expect(consumers).toEqual([workerRole]);
      expect(byRole[workerRole]?.flatMap(actionsOf)).toEqual(expect.arrayContaining(CONSUMER_ACTIONS));
      expect(byRole[workerRole]?.flatMap(actionsOf)).not.toContain('sqs:SendMessage');
      expect(Object.keys(byRole).sort()).toEqual([logicalIdOf(app.stateless.apiFunction.role!), workerRole].sort());
      expect(statementsOnQueue(ids.deadLetterQueue)).toEqual({});
    });
  });
});
