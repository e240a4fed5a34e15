/**
 * The dashboard on AWS (stateless stack): a private bucket read only by its CloudFront
 * distribution, the security headers and caching of every answer, and the deployment of a
 * build and its config.json.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CONFIG_KEY } from '#infra/dashboard-deployment.js';
import { ASSETS_PATH_PATTERN, dashboardContentSecurityPolicy } from '#infra/web-hosting.js';
import { DASHBOARD_CACHE_CONTROL, dashboardSecurityHeaders } from '#web/build/dashboard-headers.js';
import {
  actionsOf,
  cfnText,
  customResourceIdOf,
  customResourceOf,
  deployedFile,
  logicalIdOf,
  type PolicyStatement,
  type SynthesizedApp,
  statementsOfRole,
  synthesizeApp,
} from './synthesized-app.js';

type Properties = Record<string, any>;

/** CloudFront's managed cache policies (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html). */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

describe('dashboard hosting', () => {
  let app: SynthesizedApp;
  let ids: { bucket: string; logBucket: string; distribution: string; headers: string; httpApi: string; client: string };
  /** The stateful stack's user pool and Cognito domain, as this stack refers to them. */
  let pool: { issuer: string; domainUrl: string };
  let distribution: Properties;
  const resourcesOf = (type: string): Record<string, Properties> => app.statelessTemplate.findResources(type);
  const bucketPolicyOf = (bucketId: string): PolicyStatement[] =>
    Object.values(resourcesOf('AWS::S3::BucketPolicy')).find((policy) => policy.Properties.Bucket.Ref === bucketId)?.Properties
      .PolicyDocument.Statement;

  beforeAll(() => {
    app = synthesizeApp();
    const { dashboard, httpApi, dashboardClient } = app.stateless;
    ids = {
      bucket: logicalIdOf(dashboard.bucket),
      logBucket: logicalIdOf(dashboard.accessLogBucket),
      distribution: logicalIdOf(dashboard.distribution),
      headers: logicalIdOf(dashboard.responseHeadersPolicy),
      httpApi: logicalIdOf(httpApi),
      client: logicalIdOf(dashboardClient!.client),
    };
    const directory = app.stateful.userDirectory!;
    pool = {
      issuer: `https://cognito-idp.\${AWS::Region}.amazonaws.com/\${SalesPerformanceStateful:Ref${logicalIdOf(directory.userPool)}}`,
      domainUrl: `https://\${SalesPerformanceStateful:Ref${logicalIdOf(directory.domain)}}.auth.\${AWS::Region}.amazoncognito.com`,
    };
    distribution = resourcesOf('AWS::CloudFront::Distribution')[ids.distribution]!.Properties.DistributionConfig;
  });

  describe('bucket', () => {
    it('is private: all public access blocked, no website hosting, encrypted with S3 managed keys, retained', () => {
      expect(Object.keys(resourcesOf('AWS::S3::Bucket')).sort()).toEqual([ids.bucket, ids.logBucket].sort());
      for (const id of [ids.bucket, ids.logBucket]) {
        const bucket = resourcesOf('AWS::S3::Bucket')[id]!;
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
        expect(bucket.Properties.BucketEncryption).toEqual({
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        });
        expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });

    it('refuses every request without TLS, and the dashboard bucket any below TLS 1.2', () => {
      for (const id of [ids.bucket, ids.logBucket]) {
        expect(bucketPolicyOf(id)).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
      expect(bucketPolicyOf(ids.bucket)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      );
    });

    it('logs server access into the log bucket, which keeps logs 90 days and takes them only from S3 logging for this bucket', () => {
      expect(resourcesOf('AWS::S3::Bucket')[ids.bucket]!.Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: ids.logBucket },
        LogFilePrefix: 'dashboard-bucket/',
      });
      expect(resourcesOf('AWS::S3::Bucket')[ids.logBucket]!.Properties.LifecycleConfiguration).toEqual({
        Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }],
      });
      const allows = bucketPolicyOf(ids.logBucket).filter((statement) => statement.Effect === 'Allow');
      expect(allows).toEqual([
        expect.objectContaining({
          Action: 's3:PutObject',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [ids.bucket, 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        }),
      ]);
    });
  });

  describe('distribution', () => {
    it('reads the bucket through origin access control (every request signed, SigV4), with no origin access identity', () => {
      const controls = Object.entries(resourcesOf('AWS::CloudFront::OriginAccessControl'));
      expect(controls).toHaveLength(1);
      const [controlId, control] = controls[0]!;
      expect(control.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      expect(distribution.Origins).toEqual([
        expect.objectContaining({
          DomainName: { 'Fn::GetAtt': [ids.bucket, 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [controlId, 'Id'] },
          S3OriginConfig: { OriginAccessIdentity: '' },
        }),
      ]);
      app.statelessTemplate.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    });

    it('is the only reader of the bucket: GetObject for CloudFront on behalf of this distribution (aws:SourceArn), nothing else', () => {
      const allows = bucketPolicyOf(ids.bucket).filter((statement) => statement.Effect === 'Allow');

      expect(allows).toEqual([
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, '/*']] },
          Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
        },
      ]);
      const sourceArn = (allows[0] as { Condition: { StringEquals: { 'AWS:SourceArn': unknown } } }).Condition.StringEquals[
        'AWS:SourceArn'
      ];
      expect(cfnText(sourceArn)).toBe(`arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${ids.distribution}}`);
    });

    it('redirects HTTP to HTTPS, speaks HTTP/2 and HTTP/3, serves index.html at /, and answers GET and HEAD only', () => {
      expect(distribution).toMatchObject({ HttpVersion: 'http2and3', DefaultRootObject: 'index.html', Enabled: true });
      for (const behaviour of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
        expect(behaviour).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
      }
    });

    it('caches the hashed assets (compressed) and never index.html or config.json', () => {
      expect(distribution.CacheBehaviors).toEqual([
        expect.objectContaining({ PathPattern: ASSETS_PATH_PATTERN, CachePolicyId: CACHING_OPTIMIZED, Compress: true }),
      ]);
      expect(ASSETS_PATH_PATTERN).toBe('assets/*');
      // Everything else, index.html and config.json included, goes to the bucket every time.
      expect(distribution.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_DISABLED);
    });

    it('adds the security headers to every answer, over whatever the bucket says: HSTS, nosniff, no framing, no referrer', () => {
      for (const behaviour of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
        expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: ids.headers });
      }
      const headers = resourcesOf('AWS::CloudFront::ResponseHeadersPolicy')[ids.headers]!.Properties.ResponseHeadersPolicyConfig
        .SecurityHeadersConfig;
      expect(headers).toMatchObject({
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        ContentSecurityPolicy: { Override: true },
      });
      // The headers the local runtime serves the dashboard with, so it behaves the same in both places.
      const local = dashboardSecurityHeaders();
      expect(local['x-content-type-options']).toBe('nosniff');
      expect(local['x-frame-options']).toBe(headers.FrameOptions.FrameOption);
      expect(local['referrer-policy']).toBe(headers.ReferrerPolicy.ReferrerPolicy);
      expect(local['content-security-policy']).toBe(dashboardContentSecurityPolicy({ connectSources: [], formActions: [] }));
    });

    it("sends a Content-Security-Policy allowing the app's own files, the API, the user pool's issuer and hosted pages, and nothing else", () => {
      const csp = resourcesOf('AWS::CloudFront::ResponseHeadersPolicy')[ids.headers]!.Properties.ResponseHeadersPolicyConfig
        .SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;

      expect(cfnText(csp)).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
          `connect-src 'self' \${${ids.httpApi}.ApiEndpoint} ${pool.issuer}/ ${pool.domainUrl}; ` +
          `frame-ancestors 'none'; base-uri 'none'; form-action 'self' ${pool.domainUrl}`,
      );
    });

    it('outputs its URL as DashboardUrl', () => {
      expect(cfnText(app.statelessTemplate.toJSON().Outputs.DashboardUrl.Value)).toBe(`https://\${${ids.distribution}.DomainName}/`);
    });
  });

  describe('deployment', () => {
    const deploymentOf = (step: 'assets' | 'documents') => customResourceOf(app.statelessTemplate, app.stateless.dashboardDeployment[step]);

    it('copies the hashed assets first, cached for a year and immutable, never pruned (a page loaded before still finds its chunks)', () => {
      expect(deploymentOf('assets').Properties).toMatchObject({
        DestinationBucketName: { Ref: ids.bucket },
        Exclude: ['*'],
        Include: ['assets/*'],
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
        Prune: false,
      });
      expect(DASHBOARD_CACHE_CONTROL.asset).toBe('public, max-age=31536000, immutable');
    });

    it('then index.html and the generated config.json, revalidated on every load, pruning only what is not an asset', () => {
      const documents = deploymentOf('documents') as Properties;

      expect(documents.Properties).toMatchObject({
        DestinationBucketName: { Ref: ids.bucket },
        Exclude: ['assets/*'],
        SystemMetadata: { 'cache-control': 'no-cache' },
        Prune: true,
      });
      expect(documents.Properties.Include).toBeUndefined();
      expect(documents.Properties.SourceObjectKeys).toHaveLength(2);
      expect(documents.DependsOn).toContain(customResourceIdOf(app.stateless.dashboardDeployment.assets));
    });

    it('writes config.json: the API origin, the dashboard client, the pool as authority, its hosted pages and the dashboard URL', () => {
      const config = JSON.parse(deployedFile(app, app.stateless.dashboardDeployment.documents, DASHBOARD_CONFIG_KEY));
      const dashboardUrl = `https://\${${ids.distribution}.DomainName}/`;

      expect(config).toEqual({
        apiUrl: `\${${ids.httpApi}.ApiEndpoint}`,
        auth: {
          kind: 'cognito',
          authority: pool.issuer,
          clientId: `\${${ids.client}}`,
          domain: pool.domainUrl,
          redirectUri: dashboardUrl,
          postLogoutRedirectUri: dashboardUrl,
          scope: 'openid email profile',
        },
      });
      // The same issuer the API's authorizer trusts.
      expect(config.auth.authority).toBe(cfnText(app.statelessTemplate.toJSON().Outputs.ApiJwtIssuer.Value));
    });

    it("lets CDK's deployment handler read the two staged zips, list the bucket and put and delete its objects, and write its log", () => {
      const statements = statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless.dashboardDeployment.role));
      const keys = ['assets', 'documents'].flatMap(
        (step) => deploymentOf(step as 'assets' | 'documents').Properties.SourceObjectKeys as string[],
      );

      const resources = (statement: PolicyStatement) => [statement.Resource].flat().map(cfnText).sort();

      expect(statements.map((statement) => [actionsOf(statement).sort(), resources(statement)])).toEqual([
        [
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [`\${${logicalIdOf(app.stateless.dashboardDeployment.node.findChild('LogGroup'))}.Arn}`],
        ],
        [
          ['s3:GetObject'],
          [...new Set(keys)]
            .map((key) => `arn:\${AWS::Partition}:s3:::cdk-hnb659fds-assets-\${AWS::AccountId}-\${AWS::Region}/${key}`)
            .sort(),
        ],
        [['s3:ListBucket'], [`\${${ids.bucket}.Arn}`]],
        [['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'], [`\${${ids.bucket}.Arn}/*`]],
      ]);
    });

    it('runs its handler on that role and log group: no AWS managed policy, logs kept a month', () => {
      const handlers = Object.values(resourcesOf('AWS::Lambda::Function')).filter(
        (lambdaFunction) => lambdaFunction.Properties.Role['Fn::GetAtt']?.[0] === logicalIdOf(app.stateless.dashboardDeployment.role),
      );
      expect(handlers).toHaveLength(1);
      const logGroupId = handlers[0]!.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(resourcesOf('AWS::Logs::LogGroup')[logGroupId]!.Properties.RetentionInDays).toBe(30);
      expect(
        resourcesOf('AWS::IAM::Role')[logicalIdOf(app.stateless.dashboardDeployment.role)]!.Properties.ManagedPolicyArns,
      ).toBeUndefined();
    });
  });
});

describe('dashboardContentSecurityPolicy', () => {
  it("is the local runtime's policy, in its order, with the connect sources and form actions it is given added", () => {
    expect(
      dashboardContentSecurityPolicy({
        connectSources: ['https://api.example.com', 'https://login.example.com/realms/sales/'],
        formActions: ['https://login.example.com'],
      }),
    ).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self' https://api.example.com https://login.example.com/realms/sales/; frame-ancestors 'none'; " +
        "base-uri 'none'; form-action 'self' https://login.example.com",
    );
  });
});
