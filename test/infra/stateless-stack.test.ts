import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STREAM_FUNCTION_TIMEOUT_MS, STREAM_MAX_RECORD_AGE_MS } from '#core/pipeline/pipeline-rebuild.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { HEAVY_ROUTE_THROTTLING } from '#infra/api-throttling.js';
import { API_METHODS } from '#infra/stateless-stack.js';
import {
  actionsOf,
  cfnText,
  crossStackAttribute,
  customResourceOf,
  logicalIdOf,
  type PolicyStatement,
  refersTo,
  type SynthesizedApp,
  statementsOfRole,
  synthesizeApp,
} from './synthesized-app.js';

const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('stateless stack', () => {
  let app: SynthesizedApp;
  let ids: {
    api: string;
    stream: string;
    reconcile: string;
    snapshot: string;
    pipelineJob: string;
    table: string;
    queue: string;
    snapshotQueue: string;
  };
  const roleStatements = (functionName: 'apiFunction' | 'streamFunction' | 'reconcileFunction'): PolicyStatement[] =>
    statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless[functionName].role!));
  /** The stream's mapping (the pipeline job queue has the other: pipeline-jobs.test.ts). */
  const streamMapping = () =>
    Object.values(app.statelessTemplate.findResources('AWS::Lambda::EventSourceMapping')).find(
      (mapping) => JSON.stringify(mapping.Properties.FunctionName) === JSON.stringify({ Ref: ids.stream }),
    );
  const streamStatements = (statements: PolicyStatement[]) =>
    statements.filter((statement) => refersTo(statement.Resource, crossStackAttribute(ids.table, 'StreamArn')));

  beforeAll(() => {
    app = synthesizeApp();
    ids = {
      api: logicalIdOf(app.stateless.apiFunction),
      stream: logicalIdOf(app.stateless.streamFunction),
      reconcile: logicalIdOf(app.stateless.reconcileFunction),
      snapshot: logicalIdOf(app.stateless.scheduledSnapshots.function),
      pipelineJob: logicalIdOf(app.stateless.pipelineJobs.worker),
      table: logicalIdOf(app.stateful.table),
      queue: logicalIdOf(app.stateful.streamFailureQueue),
      snapshotQueue: logicalIdOf(app.stateless.scheduledSnapshots.failureQueue),
    };
  });

  describe('functions', () => {
    it("run Node 22 on arm64, ESM bundles exporting `handler`; the others are CDK's deployment-time handlers", () => {
      const functions = app.statelessTemplate.findResources('AWS::Lambda::Function');
      // CDK's code, run by CloudFormation during a deployment (web-hosting.test.ts, dashboard-sign-in.test.ts).
      const cdkHandlers = Object.keys(functions).filter((id) =>
        [app.stateless.dashboardDeployment.role, app.stateless.apiCors.role].some(
          (role) => functions[id]?.Properties.Role['Fn::GetAtt']?.[0] === logicalIdOf(role),
        ),
      );

      expect(cdkHandlers).toHaveLength(2);
      expect(Object.keys(functions).sort()).toEqual(
        [ids.api, ids.reconcile, ids.stream, ids.snapshot, ids.pipelineJob, ...cdkHandlers].sort(),
      );
      for (const [, lambdaFunction] of Object.entries(functions).filter(([id]) => !cdkHandlers.includes(id))) {
        expect(lambdaFunction.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
        });
      }
    });

    it('get source maps, Powertools settings and TABLE_NAME from the stateful stack', () => {
      for (const [id, service] of [
        [ids.api, 'api'],
        [ids.stream, 'stream'],
        [ids.reconcile, 'reconcile'],
        [ids.snapshot, 'snapshot'],
        [ids.pipelineJob, 'pipeline-job'],
      ] as const) {
        const variables = app.statelessTemplate.findResources('AWS::Lambda::Function')[id]?.Properties.Environment.Variables;

        expect(variables).toMatchObject({
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: service,
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        });
        expect(refersTo(variables.TABLE_NAME, `Ref${ids.table}`)).toBe(true);
      }
    });

    it('give the stream function the failure queue URL', () => {
      const variables = app.statelessTemplate.findResources('AWS::Lambda::Function')[ids.stream]?.Properties.Environment.Variables;

      expect(refersTo(variables.FAILURE_QUEUE_URL, `Ref${ids.queue}`)).toBe(true);
    });

    it('let reconcile run for the Lambda maximum of 15 minutes', () => {
      expect(app.statelessTemplate.findResources('AWS::Lambda::Function')[ids.reconcile]?.Properties.Timeout).toBe(900);
    });

    it('have tracing off and their own log group with a retention', () => {
      const functions = app.statelessTemplate.findResources('AWS::Lambda::Function');
      const logGroups = app.statelessTemplate.findResources('AWS::Logs::LogGroup');

      const functionLogGroupIds = Object.values(functions).map((lambdaFunction) => {
        expect(lambdaFunction.Properties.TracingConfig).toBeUndefined();
        const logGroupId = lambdaFunction.Properties.LoggingConfig.LogGroup.Ref as string;
        expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBe(30);
        return logGroupId;
      });
      // Besides the functions' (CDK's two handlers included), the API's access log (tested below).
      expect(Object.keys(logGroups).sort()).toEqual([...functionLogGroupIds, logicalIdOf(app.stateless.apiAccessLog.logGroup)].sort());
    });

    it('have roles without AWS managed policies', () => {
      const roles = app.statelessTemplate.findResources('AWS::IAM::Role');

      expect(Object.keys(roles).length).toBeGreaterThanOrEqual(4);
      for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });
  });

  describe('stream event source mapping', () => {
    it('reads the table stream from TRIM_HORIZON in batches of 100, one batch per shard at a time', () => {
      // The stream's and the pipeline job queue's.
      app.statelessTemplate.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
      app.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids.stream },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        ParallelizationFactor: 1,
      });
      const mapping = streamMapping();
      expect(refersTo(mapping?.Properties.EventSourceArn, crossStackAttribute(ids.table, 'StreamArn'))).toBe(true);
    });

    it('bisects failing batches, reports item failures and bounds retries and record age', () => {
      app.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids.stream },
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 5,
        MaximumRecordAgeInSeconds: 3600,
      });
    });

    it('bounds record age and the function timeout by the constants of the settle bound time travel relies on', () => {
      expect(streamMapping()?.Properties.MaximumRecordAgeInSeconds * 1000).toBe(STREAM_MAX_RECORD_AGE_MS);
      expect(app.statelessTemplate.findResources('AWS::Lambda::Function')[ids.stream]?.Properties.Timeout * 1000).toBe(
        STREAM_FUNCTION_TIMEOUT_MS,
      );
    });

    it('sends records it gives up on to the stateful failure queue', () => {
      const mapping = streamMapping();

      expect(refersTo(mapping?.Properties.DestinationConfig.OnFailure.Destination, crossStackAttribute(ids.queue, 'Arn'))).toBe(true);
    });

    it('passes only writes of opportunity items, so derived writes never invoke it', () => {
      const mapping = streamMapping();
      const filters = mapping?.Properties.FilterCriteria.Filters as Array<{ Pattern: string }>;

      expect(filters).toHaveLength(1);
      expect(JSON.parse(filters[0]!.Pattern)).toEqual({ dynamodb: { Keys: { sk: { S: ['OPPORTUNITY'] } } } });
      expect(JSON.parse(filters[0]!.Pattern)).toEqual(OPPORTUNITY_STREAM_FILTER_PATTERN);
    });
  });

  describe('IAM', () => {
    it('lets the stream function read the stream, write the table and send to the failure queue', () => {
      const statements = roleStatements('streamFunction');

      expect(streamStatements(statements).flatMap(actionsOf).sort()).toEqual([...STREAM_ACTIONS].sort());
      const tableActions = statements
        .filter((statement) => refersTo(statement.Resource, crossStackAttribute(ids.table, 'Arn')))
        .flatMap(actionsOf);
      expect(tableActions).toEqual(expect.arrayContaining([...TABLE_WRITE_ACTIONS, 'dynamodb:GetItem', 'dynamodb:Query']));
      const queueActions = statements
        .filter((statement) => refersTo(statement.Resource, crossStackAttribute(ids.queue, 'Arn')))
        .flatMap(actionsOf);
      expect(queueActions).toContain('sqs:SendMessage');
    });

    it('lets only the snapshot function send to the snapshot failure queue', () => {
      for (const functionName of ['apiFunction', 'streamFunction', 'reconcileFunction'] as const) {
        expect(roleStatements(functionName).some((statement) => refersTo(statement.Resource, ids.snapshotQueue))).toBe(false);
      }
    });

    // The exact table actions of each are pinned in api-table-access.test.ts and reconcile-schedule.test.ts.
    it('gives the API and reconcile functions table writes but no stream permissions', () => {
      for (const functionName of ['apiFunction', 'reconcileFunction'] as const) {
        const statements = roleStatements(functionName);

        expect(streamStatements(statements)).toEqual([]);
        expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:DescribeStream');
        expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:ListStreams');
        expect(statements.flatMap(actionsOf)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Scan']));
        expect(statements.some((statement) => refersTo(statement.Resource, crossStackAttribute(ids.queue, 'Arn')))).toBe(false);
      }
    });

    it('grants no wildcard actions and no permissions on every resource', () => {
      const statements = Object.values(app.statelessTemplate.findResources('AWS::IAM::Policy')).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[],
      );

      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(actionsOf(statement).filter((action) => action.includes('*'))).toEqual([]);
        expect(statement.Resource).not.toBe('*');
      }
    });
  });

  describe('HTTP API', () => {
    it('routes GET, POST, PUT and DELETE on every path (and the heavy routes) to the API function with payload 2.0; no $default, no OPTIONS route', () => {
      const routes = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'));
      const integrations = app.statelessTemplate.findResources('AWS::ApiGatewayV2::Integration');

      expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
        ['DELETE /{proxy+}', 'GET /{proxy+}', 'POST /{proxy+}', 'PUT /{proxy+}', ...Object.keys(HEAVY_ROUTE_THROTTLING)].sort(),
      );
      expect(Object.keys(integrations)).toHaveLength(1);
      const [integrationId, integration] = Object.entries(integrations)[0]!;
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [ids.api, 'Arn'] },
      });
      for (const route of routes) {
        expect(route.Properties.Target).toEqual({ 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] });
      }
    });

    it('puts every route behind the JWT authorizer', () => {
      const routes = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'));
      const authorizers = app.statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer');

      expect(Object.keys(authorizers)).toHaveLength(1);
      const authorizerId = Object.keys(authorizers)[0]!;
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    });

    it("checks tokens in the Authorization header against the user pool's issuer, for its app client", () => {
      const authorizer = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer'))[0]?.Properties;
      const directory = app.stateful.userDirectory!;

      expect(authorizer).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
      // Both values cross from the stateful stack (weak references read its outputs).
      const issuer = JSON.stringify(authorizer.JwtConfiguration.Issuer);
      expect(issuer).toContain('https://cognito-idp.');
      expect(issuer).toContain('{"Ref":"AWS::Region"}');
      expect(issuer).toContain('.amazonaws.com/');
      expect(refersTo(authorizer.JwtConfiguration.Issuer, `Ref${logicalIdOf(directory.userPool)}`)).toBe(true);
      // The scripts' client, and the dashboard's (dashboard-sign-in.test.ts).
      expect(authorizer.JwtConfiguration.Audience).toHaveLength(2);
      expect(refersTo(authorizer.JwtConfiguration.Audience[0], `Ref${logicalIdOf(directory.client)}`)).toBe(true);
      expect(authorizer.JwtConfiguration.Audience[1]).toEqual({ Ref: logicalIdOf(app.stateless.dashboardClient!.client) });
    });

    it('writes a JSON access log line per request, with ids and outcomes but no IP, user agent or token', () => {
      const logGroupId = logicalIdOf(app.stateless.apiAccessLog.logGroup);
      const stage = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'))[0]?.Properties;

      expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
      const format = JSON.parse(stage.AccessLogSettings.Format as string) as Record<string, string>;
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLatency: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
      });
      const variables = Object.values(format).join(' ');
      for (const forbidden of [
        'sourceIp',
        'userAgent',
        'identity.',
        'authorizer.claims',
        'authorizer.principalId',
        'header',
        'querystring',
      ]) {
        expect(variables).not.toContain(forbidden);
      }
      // Three months: long enough to look back over a monthly commission run.
      expect(app.statelessTemplate.findResources('AWS::Logs::LogGroup')[logGroupId]).toMatchObject({
        Properties: { RetentionInDays: 90 },
        DeletionPolicy: 'Delete',
      });
    });

    it('throttles the auto-deployed $default stage at 50 requests/s, bursts of 100', () => {
      app.statelessTemplate.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      app.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      });
    });

    it('has no CORS property: the dashboard origin is always allowed, by an SDK call (dashboard-sign-in.test.ts)', () => {
      app.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    });

    it('outputs its URL and the issuer and audiences it trusts', () => {
      app.statelessTemplate.hasOutput('ApiUrl', {});
      app.statelessTemplate.hasOutput('ApiJwtIssuer', {});
      app.statelessTemplate.hasOutput('ApiJwtAudience', {});
    });
  });

  describe('alarms', () => {
    it('alarm on the failure queues, iterator age, function errors, API 5xx, throttling and latency, table errors and reconcile drift', () => {
      const alarms = Object.values(app.statelessTemplate.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);

      // Metric math alarms (the table's per-operation sums) have no MetricName of their own.
      expect(alarms.map((alarm) => alarm.MetricName ?? 'math').sort()).toEqual(
        [
          '5xx',
          'ApproximateNumberOfMessagesVisible',
          'ApproximateNumberOfMessagesVisible',
          'ApproximateNumberOfMessagesVisible',
          'Errors',
          'Errors',
          'Errors',
          'IteratorAge',
          'ApiThrottledRequests',
          'Latency',
          'math',
          'math',
          'ReconcileDrift',
          'ReconcileInvalidItems',
        ].sort(),
      );
      const streamQueueAlarm = alarms.find(
        (alarm) =>
          alarm.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          refersTo(alarm.Dimensions, crossStackAttribute(ids.queue, 'QueueName')),
      );
      expect(streamQueueAlarm).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(alarms.find((alarm) => alarm.MetricName === 'IteratorAge')).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Maximum',
        Threshold: 60_000,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.stream } }],
      });
      expect(alarms.filter((alarm) => alarm.MetricName === 'Errors').map((alarm) => alarm.Dimensions)).toEqual(
        expect.arrayContaining([
          [{ Name: 'FunctionName', Value: { Ref: ids.stream } }],
          [{ Name: 'FunctionName', Value: { Ref: ids.snapshot } }],
        ]),
      );
      expect(alarms.find((alarm) => alarm.MetricName === '5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway' });
      for (const alarm of alarms) expect(alarm.TreatMissingData).toBe('notBreaching');
    });

    // Before issue 9 a default deploy created no topic, so its alarms notified nobody.
    it('notify the alarm topic even when no alarm email is configured, which has no subscription then', () => {
      app.statelessTemplate.resourceCountIs('AWS::SNS::Topic', 1);
      app.statelessTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
      for (const alarm of Object.values(app.statelessTemplate.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toHaveLength(1);
      }
    });
  });

  it('depends on the stateful stack and is environment-agnostic', () => {
    expect(app.stateless.dependencies).toContain(app.stateful);
    expect(app.stateless.environment).toBe('aws://unknown-account/unknown-region');
  });
});

describe('stateless stack configured through context', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp({
      context: {
        statefulStackName: 'DevData',
        statelessStackName: 'DevApi',
        corsAllowedOrigins: 'https://dashboard.example.com, https://admin.example.com',
        alarmEmail: 'ops@example.com',
        apiThrottlingRateLimit: '10',
        apiThrottlingBurstLimit: '20',
      },
    });
  });

  it('names the stacks', () => {
    expect([app.stateful.stackName, app.stateless.stackName]).toEqual(['DevData', 'DevApi']);
  });

  it('allows the configured CORS origins after the dashboard one, the Authorization and Prefer headers and every served method, and exposes ETag and the job headers', () => {
    const call = JSON.parse(cfnText(customResourceOf(app.statelessTemplate, app.stateless.apiCors.resource).Properties.Create));

    expect(call.parameters.CorsConfiguration).toMatchObject({
      AllowOrigins: [
        `https://\${${logicalIdOf(app.stateless.dashboard.distribution)}.DomainName}`,
        'https://dashboard.example.com',
        'https://admin.example.com',
      ],
      AllowHeaders: ['authorization', 'content-type', 'if-match', 'prefer'],
      ExposeHeaders: ['etag', 'location', 'retry-after', 'preference-applied'],
    });
    expect([...call.parameters.CorsConfiguration.AllowMethods].sort()).toEqual([...API_METHODS, 'OPTIONS'].sort());
  });

  it('leaves preflight to API Gateway: with CORS on, still no route matches OPTIONS and none is unauthenticated', () => {
    const routes = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'));

    expect(routes.map((route) => route.Properties.RouteKey)).not.toContain('$default');
    expect(routes.some((route) => /^(OPTIONS|ANY) /.test(route.Properties.RouteKey))).toBe(false);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('JWT');
  });

  it('throttles with the configured limits', () => {
    app.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
  });

  it('notifies the alarm email through an SNS topic, on alarm and on recovery', () => {
    app.statelessTemplate.resourceCountIs('AWS::SNS::Topic', 1);
    app.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    const topicId = Object.keys(app.statelessTemplate.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of Object.values(app.statelessTemplate.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
  });
});
