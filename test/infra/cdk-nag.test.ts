/**
 * cdk-nag's AWS Solutions checks over the whole app, in each shape it can be deployed in:
 * no finding may remain, error or warning, unless acknowledged in infra code
 * (`Validations.of(construct).acknowledge`) with a concrete reason. infra/app.ts registers the
 * same checks, so `cdk synth` and `cdk deploy` stop on a finding too.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addSalesPerformanceStacks, type SalesPerformanceStacks } from '#infra/sales-performance-app.js';
import { newTestApp } from './synthesized-app.js';

/** Every finding left: `<severity> <rule>[finding] at <construct path>`, one line each. */
function findingsOf(app: App): string[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`),
  );
}

function synthesized(context: Record<string, unknown>): { app: App; stacks: SalesPerformanceStacks } {
  const app = newTestApp({ context });
  const stacks = addSalesPerformanceStacks(app);
  app.synth();
  return { app, stacks };
}

interface AcknowledgedRule {
  readonly id: string;
  readonly reason: string;
  readonly path: string;
}

function acknowledgedRules(scope: IConstruct): AcknowledgedRule[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        // CDK records the id as `Annotation::<id>`.
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          reason,
          path: construct.node.path,
        })),
      ),
  );
}

const DEPLOYMENTS: Record<string, Record<string, unknown>> = {
  'a new user pool, CORS for the dashboard only, no alarm email': {},
  'CORS, an alarm email and throttling limits': {
    corsAllowedOrigins: 'https://dashboard.example.com',
    alarmEmail: 'ops@example.com',
    apiThrottlingRateLimit: '10',
    apiThrottlingBurstLimit: '20',
  },
  'an existing issuer': { jwtIssuer: 'https://login.example.com/realms/sales', jwtAudience: 'dashboard' },
  'an existing pool with its own sign-in domain': {
    jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Existing1',
    jwtAudience: 'scripts,dashboard',
    dashboardClientId: 'dashboard',
    dashboardSignInDomain: 'https://acme.auth.eu-west-1.amazoncognito.com',
  },
  'a chosen Cognito domain, sign-in back to localhost and other stack names': {
    cognitoDomainPrefix: 'acme-sales',
    dashboardLocalhostSignIn: 'true',
    statefulStackName: 'DevData',
    statelessStackName: 'DevApi',
  },
  'a new customer managed key and a repairing reconcile': { encryptionKey: 'new', reconcileRepair: 'true' },
  'an existing customer managed key': { encryptionKey: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
};

describe('cdk-nag AWS Solutions checks', () => {
  it.each(Object.keys(DEPLOYMENTS))('find nothing unacknowledged with %s', (deployment) => {
    const { app, stacks } = synthesized(DEPLOYMENTS[deployment]!);

    expect(findingsOf(app)).toEqual([]);
    // Nor does CDK itself warn (deprecated APIs, ignored settings) about anything in the stacks.
    for (const stack of [stacks.stateful, stacks.stateless]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  it('acknowledge only what each construct explains: L1, SQS3, the CloudFront rules the dashboard does without, IAM5 on its bucket', () => {
    const { app } = synthesized({});
    const acknowledged = acknowledgedRules(app);

    expect(acknowledged.map(({ id, path }) => `${id} at ${path}`).sort()).toEqual(
      [
        'AwsSolutions-L1 at SalesPerformanceStateless/ApiFunction',
        'AwsSolutions-L1 at SalesPerformanceStateless/ReconcileFunction',
        'AwsSolutions-L1 at SalesPerformanceStateless/ScheduledSnapshots/Function',
        'AwsSolutions-L1 at SalesPerformanceStateless/StreamFunction',
        'AwsSolutions-L1 at SalesPerformanceStateless/PipelineJobs/Worker',
        // CDK's own deployment handler (Python), shared by the dashboard's two deployment steps.
        'AwsSolutions-L1 at SalesPerformanceStateless/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C',
        'AwsSolutions-SQS3 at SalesPerformanceStateful/StreamFailureQueue',
        'AwsSolutions-SQS3 at SalesPerformanceStateless/ScheduledSnapshots/FailureQueue',
        'AwsSolutions-SQS3 at SalesPerformanceStateless/PipelineJobs/DeadLetterQueue',
        'AwsSolutions-CFR1 at SalesPerformanceStateless/Dashboard/Distribution',
        'AwsSolutions-CFR2 at SalesPerformanceStateless/Dashboard/Distribution',
        'AwsSolutions-CFR3 at SalesPerformanceStateless/Dashboard/Distribution',
        'AwsSolutions-CFR4 at SalesPerformanceStateless/Dashboard/Distribution',
        'AwsSolutions-IAM5[Resource::<DashboardBucketA782FB5B.Arn>/*] at SalesPerformanceStateless/DashboardDeployment/Role',
      ].sort(),
    );
    const reasons: Record<string, RegExp> = {
      'AwsSolutions-L1': /Node 22 is pinned on purpose|CDK's own deployment handler/,
      'AwsSolutions-SQS3': /itself a dead-letter queue/,
      'AwsSolutions-CFR1': /No geo restriction/,
      'AwsSolutions-CFR2': /No WAF web ACL/,
      'AwsSolutions-CFR3': /No CloudFront access logs/,
      'AwsSolutions-CFR4': /default \*\.cloudfront\.net certificate/,
      'AwsSolutions-IAM5[Resource::<DashboardBucketA782FB5B.Arn>/*]': /names are content hashes/,
    };
    for (const { id, reason } of acknowledged) expect(reason).toMatch(reasons[id] as RegExp);
  });

  it('would report a route without authorization (so the checks above can fail)', () => {
    const app = newTestApp();
    const { stateless } = addSalesPerformanceStacks(app);
    new apigwv2.HttpRoute(stateless, 'OpenRoute', {
      httpApi: stateless.httpApi,
      routeKey: apigwv2.HttpRouteKey.with('/open', apigwv2.HttpMethod.GET),
      integration: new HttpLambdaIntegration('OpenIntegration', stateless.apiFunction),
      authorizer: new apigwv2.HttpNoneAuthorizer(),
    });
    app.synth();

    expect(findingsOf(app)).toEqual([`error AwsSolutions-APIG4 at ${stateless.stackName}/OpenRoute/Resource`]);
  });
});
