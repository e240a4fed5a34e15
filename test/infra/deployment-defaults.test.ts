/**
 * What a deploy gives without any context (issue 9, finding 10): alarms that reach someone,
 * per-route throttling budgets, alarms on throttling, DynamoDB errors and latency, an API
 * function that answers before API Gateway gives up, and the optional customer managed key.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_INTEGRATION_TIMEOUT, HEAVY_ROUTE_THROTTLING } from '#infra/api-throttling.js';
import { crossStackAttribute, logicalIdOf, type PolicyStatement, refersTo, type SynthesizedApp, synthesizeApp } from './synthesized-app.js';

type Resource = { Properties: Record<string, any>; DependsOn?: string[] };

const alarmsOf = (app: SynthesizedApp): Record<string, Resource> =>
  app.statelessTemplate.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;

/** The metric names an alarm reads, whether a single metric or metric math. */
function metricNamesOf(alarm: Resource): string[] {
  if (alarm.Properties.MetricName) return [alarm.Properties.MetricName as string];
  return ((alarm.Properties.Metrics ?? []) as Array<Record<string, any>>)
    .filter((query) => query.MetricStat)
    .map((query) => query.MetricStat.Metric.MetricName as string);
}

describe('deployment defaults', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp();
  });

  describe('alarm notifications without -c alarmEmail', () => {
    it('every alarm notifies one SNS topic, on alarm and on recovery', () => {
      const topics = app.statelessTemplate.findResources('AWS::SNS::Topic');
      expect(Object.keys(topics)).toHaveLength(1);
      const topicId = Object.keys(topics)[0]!;

      expect(Object.keys(alarmsOf(app)).length).toBeGreaterThan(0);
      for (const alarm of Object.values(alarmsOf(app))) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
        expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      }
      app.statelessTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
    });

    it('encrypts the topic with a rotated key that CloudWatch alarms of this account may use', () => {
      const [topic] = Object.values(app.statelessTemplate.findResources('AWS::SNS::Topic'));
      const keyId = topic?.Properties.KmsMasterKeyId['Fn::GetAtt']?.[0] as string;
      const key = app.statelessTemplate.findResources('AWS::KMS::Key')[keyId];

      expect(key?.Properties.EnableKeyRotation).toBe(true);
      const statements = key?.Properties.KeyPolicy.Statement as Array<Record<string, any>>;
      const forCloudWatch = statements.find((statement) => statement.Principal?.Service === 'cloudwatch.amazonaws.com');
      expect(forCloudWatch).toMatchObject({
        Effect: 'Allow',
        Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']),
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      });
    });

    it('lets CloudWatch publish to the topic (TLS only)', () => {
      const [policy] = Object.values(app.statelessTemplate.findResources('AWS::SNS::TopicPolicy'));
      const statements = policy?.Properties.PolicyDocument.Statement as Array<Record<string, any>>;

      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      );
    });

    it('outputs the topic ARN, to subscribe to', () => {
      const topicId = Object.keys(app.statelessTemplate.findResources('AWS::SNS::Topic'))[0]!;
      app.statelessTemplate.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
    });
  });

  describe('API throttling', () => {
    it('gives each heavy route a route of its own, to the same function behind the JWT authorizer', () => {
      const routes = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
      const proxyRoute = routes.find((route) => route.Properties.RouteKey === 'GET /{proxy+}')!;

      for (const routeKey of Object.keys(HEAVY_ROUTE_THROTTLING)) {
        const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey);
        expect(route, routeKey).toBeDefined();
        expect(route!.Properties).toMatchObject({ AuthorizationType: 'JWT', Target: proxyRoute.Properties.Target });
        expect(route!.Properties.AuthorizerId).toEqual(proxyRoute.Properties.AuthorizerId);
      }
    });

    it('may invoke the function from each heavy route', () => {
      const permissions = Object.values(app.statelessTemplate.findResources('AWS::Lambda::Permission')).filter(
        (permission) => permission.Properties.Principal === 'apigateway.amazonaws.com',
      );
      for (const routeKey of Object.keys(HEAVY_ROUTE_THROTTLING)) {
        const path = routeKey.split(' ')[1]!;
        expect(
          permissions.some((permission) => JSON.stringify(permission.Properties.SourceArn).endsWith(`/*/*${path}"]]}`)),
          routeKey,
        ).toBe(true);
      }
    });

    it('throttles each heavy route at its own budget, below the stage default, and the stage waits for the routes', () => {
      const [stageId, stage] = Object.entries(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'))[0] as [string, Resource];
      const routeIds = Object.entries(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'))
        .filter(([, route]) => route.Properties.RouteKey in HEAVY_ROUTE_THROTTLING)
        .map(([id]) => id);

      expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
      expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(Object.keys(HEAVY_ROUTE_THROTTLING).sort());
      for (const [routeKey, { rateLimit, burstLimit }] of Object.entries(HEAVY_ROUTE_THROTTLING)) {
        expect(stage.Properties.RouteSettings[routeKey]).toEqual({ ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit });
        expect(rateLimit).toBeLessThan(50);
        expect(burstLimit).toBeLessThan(100);
      }
      // RouteSettings name route keys: CloudFormation refuses a key whose route does not exist yet.
      expect(routeIds).toHaveLength(Object.keys(HEAVY_ROUTE_THROTTLING).length);
      expect(app.statelessTemplate.toJSON().Resources[stageId].DependsOn).toEqual(expect.arrayContaining(routeIds));
    });

    it('never lets a heavy route exceed lower stage limits given by context', () => {
      const limited = synthesizeApp({ context: { apiThrottlingRateLimit: '1', apiThrottlingBurstLimit: '1' } });
      const [stage] = Object.values(limited.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'));

      for (const settings of Object.values(stage?.Properties.RouteSettings as Record<string, Record<string, number>>)) {
        expect(settings.ThrottlingRateLimit).toBeLessThanOrEqual(1);
        expect(settings.ThrottlingBurstLimit).toBeLessThanOrEqual(1);
      }
    });

    it('logs the API id with each request, so throttled requests can be counted per API', () => {
      const [stage] = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'));

      expect(JSON.parse(stage?.Properties.AccessLogSettings.Format as string)).toMatchObject({
        apiId: '$context.apiId',
        status: '$context.status',
      });
    });
  });

  describe('API function timeout', () => {
    it('is 29 s, under the 30 s HTTP API integration timeout (the default, left unset)', () => {
      const api = app.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(app.stateless.apiFunction)];
      const [integration] = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Integration'));

      expect(api?.Properties.Timeout).toBe(29);
      expect(integration?.Properties.TimeoutInMillis).toBeUndefined();
      expect(API_INTEGRATION_TIMEOUT.toSeconds()).toBe(30);
      expect(api?.Properties.Timeout).toBeLessThan(API_INTEGRATION_TIMEOUT.toSeconds());
    });
  });

  describe('alarms on throttling, DynamoDB errors and latency', () => {
    it('count 429 answers from the access log, per API, and alarm on them', () => {
      const filters = Object.values(app.statelessTemplate.findResources('AWS::Logs::MetricFilter'));
      const throttled = filters.find((filter) => filter.Properties.MetricTransformations[0].MetricName === 'ApiThrottledRequests');

      expect(throttled?.Properties).toMatchObject({
        LogGroupName: { Ref: logicalIdOf(app.stateless.apiAccessLog.logGroup) },
        FilterPattern: '{ $.status = "429" }',
        MetricTransformations: [
          { MetricNamespace: 'SalesPerformance', MetricValue: '1', Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }] },
        ],
      });
      app.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'SalesPerformance',
        MetricName: 'ApiThrottledRequests',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalIdOf(app.stateless.httpApi) } }],
        Statistic: 'Sum',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarm on DynamoDB throttled requests and system errors of the table, over every operation the functions use', () => {
      const tableId = logicalIdOf(app.stateful.table);
      for (const metricName of ['ThrottledRequests', 'SystemErrors']) {
        const alarm = Object.values(alarmsOf(app)).find((candidate) => metricNamesOf(candidate).includes(metricName));
        expect(alarm, metricName).toBeDefined();
        const queries = (alarm!.Properties.Metrics as Array<Record<string, any>>).filter((query) => query.MetricStat);
        const operations = queries.map(
          (query) =>
            (query.MetricStat.Metric.Dimensions as Array<{ Name: string; Value: unknown }>).find(
              (dimension) => dimension.Name === 'Operation',
            )?.Value,
        );
        expect(operations).toEqual(
          expect.arrayContaining([
            'GetItem',
            'Query',
            'Scan',
            'PutItem',
            'UpdateItem',
            'DeleteItem',
            'BatchGetItem',
            'BatchWriteItem',
            'TransactWriteItems',
          ]),
        );
        for (const query of queries) {
          expect(query.MetricStat.Metric.Namespace).toBe('AWS/DynamoDB');
          // The table name crosses from the stateful stack (a reference naming the table's logical id).
          expect(refersTo(query.MetricStat.Metric.Dimensions, tableId)).toBe(true);
        }
        expect(alarm!.Properties).toMatchObject({
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
      }
    });

    it('alarm when the API p99 latency stays above 10 s', () => {
      app.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        ExtendedStatistic: 'p99',
        Threshold: 10_000,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        Dimensions: Match.arrayWith([{ Name: 'ApiId', Value: { Ref: logicalIdOf(app.stateless.httpApi) } }]),
      });
    });
  });

  describe('encryption', () => {
    it('uses AWS owned keys by default: no key on the table, no key on the log groups', () => {
      app.statefulTemplate.resourceCountIs('AWS::KMS::Key', 0);
      const [table] = Object.values(app.statefulTemplate.findResources('AWS::DynamoDB::GlobalTable'));
      expect(table?.Properties.SSESpecification?.SSEType).toBeUndefined();
      for (const logGroup of Object.values(app.statelessTemplate.findResources('AWS::Logs::LogGroup'))) {
        expect(logGroup.Properties.KmsKeyId).toBeUndefined();
      }
    });

    describe('with -c encryptionKey=new', () => {
      let keyed: SynthesizedApp;
      let keyId: string;
      beforeAll(() => {
        keyed = synthesizeApp({ context: { encryptionKey: 'new' } });
        keyId = Object.keys(keyed.statefulTemplate.findResources('AWS::KMS::Key'))[0]!;
      });

      it('creates one retained, rotated key in the stateful stack and outputs its ARN', () => {
        keyed.statefulTemplate.resourceCountIs('AWS::KMS::Key', 1);
        keyed.statefulTemplate.hasResource('AWS::KMS::Key', {
          Properties: { EnableKeyRotation: true },
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
        keyed.statefulTemplate.hasOutput('EncryptionKeyArn', { Value: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      });

      it('encrypts the table with it', () => {
        keyed.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } })],
        });
      });

      it("lets CloudWatch Logs use it for this account's log groups in this region", () => {
        const statements = keyed.statefulTemplate.findResources('AWS::KMS::Key')[keyId]?.Properties.KeyPolicy.Statement as Array<
          Record<string, any>
        >;
        const forLogs = statements.find((statement) => JSON.stringify(statement.Principal ?? {}).includes('logs.'));

        expect(forLogs).toBeDefined();
        // logs.<region>.<URL suffix>: the regional CloudWatch Logs principal, in any partition.
        expect(JSON.stringify(forLogs!.Principal)).toContain('AWS::Region');
        expect(forLogs!.Action).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']));
        const logArn = JSON.stringify(forLogs!.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']);
        expect(logArn).toContain(':logs:');
        expect(logArn).toContain('AWS::AccountId');
        expect(logArn).toContain(':log-group:*');
      });

      it('encrypts every log group of the stateless stack with it', () => {
        const logGroups = Object.values(keyed.statelessTemplate.findResources('AWS::Logs::LogGroup'));

        expect(logGroups.length).toBeGreaterThanOrEqual(5);
        for (const logGroup of logGroups) {
          expect(refersTo(logGroup.Properties.KmsKeyId, crossStackAttribute(keyId, 'Arn'))).toBe(true);
        }
      });

      it('lets each function that reads the table decrypt with it, only through DynamoDB', () => {
        for (const lambdaFunction of [keyed.stateless.apiFunction, keyed.stateless.streamFunction, keyed.stateless.reconcileFunction]) {
          const roleId = logicalIdOf(lambdaFunction.role!);
          const statements = Object.values(keyed.statelessTemplate.findResources('AWS::IAM::Policy'))
            .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
            .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<PolicyStatement & { Condition?: unknown }>);
          const onKey = statements.filter((statement) => refersTo(statement.Resource, crossStackAttribute(keyId, 'Arn')));

          expect(onKey.length, lambdaFunction.node.path).toBeGreaterThan(0);
          expect(onKey.flatMap((statement) => statement.Action)).toContain('kms:Decrypt');
          expect(onKey.some((statement) => JSON.stringify(statement.Condition ?? {}).includes('kms:ViaService'))).toBe(true);
        }
      });
    });

    describe('with -c encryptionKey=<key ARN>', () => {
      const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      let keyed: SynthesizedApp;
      beforeAll(() => {
        keyed = synthesizeApp({ context: { encryptionKey: keyArn } });
      });

      it('creates no key and uses that one for the table and the log groups', () => {
        keyed.statefulTemplate.resourceCountIs('AWS::KMS::Key', 0);
        keyed.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
          Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: keyArn } })],
        });
        for (const logGroup of Object.values(keyed.statelessTemplate.findResources('AWS::Logs::LogGroup'))) {
          expect(logGroup.Properties.KmsKeyId).toBe(keyArn);
        }
      });
    });

    it('refuses an encryptionKey that is neither "new" nor a KMS key ARN', () => {
      expect(() => synthesizeApp({ context: { encryptionKey: 'yes' } })).toThrow(/encryptionKey/);
    });
  });
});
