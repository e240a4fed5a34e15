import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ASSETS_PREFIX } from '#web/build/build-web.js';
import { CONTENT_SECURITY_POLICY_DIRECTIVES } from '#web/build/dashboard-headers.js';

/** The hashed files of a build (web/build/build-web.ts writes them under assets/): cached for a year. */
export const ASSETS_PATH_PATTERN = `${ASSETS_PREFIX}/*`;

/** The page CloudFront serves for `/`, and the sign-in's redirect target. */
export const DASHBOARD_ROOT_OBJECT = 'index.html';

/** Where, besides its own origin, the dashboard may connect and send forms. */
export interface DashboardPolicySources {
  /** The API's origin, and the identity provider's (discovery document, token endpoint). */
  readonly connectSources: readonly string[];
  /** The identity provider's sign-in pages. */
  readonly formActions: readonly string[];
}

/**
 * The dashboard's Content-Security-Policy: the policy the local runtime serves it with
 * (web/build/dashboard-headers.ts: its own scripts, styles, fonts and images, data: images for
 * ECharts' image export, no framing, no <base>), with the API and the identity provider added
 * to connect-src and the sign-in pages to form-action. One definition, so the dashboard cannot
 * work locally and be refused on AWS.
 */
export function dashboardContentSecurityPolicy(sources: DashboardPolicySources): string {
  const added: Readonly<Record<string, readonly string[]>> = {
    'connect-src': sources.connectSources,
    'form-action': sources.formActions,
  };
  return Object.entries(CONTENT_SECURITY_POLICY_DIRECTIVES)
    .map(([directive, values]) => `${directive} ${[...values, ...(added[directive] ?? [])].join(' ')}`)
    .join('; ');
}

export interface WebHostingProps extends DashboardPolicySources {
  /**
   * How long the bucket's server access logs are kept: as long as the API's access logs.
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;
}

/**
 * Where the dashboard is served from: a private bucket, readable only by this distribution
 * (origin access control, signed requests, the bucket policy names the distribution), and a
 * CloudFront distribution on HTTPS (HTTP redirects), HTTP/2 and HTTP/3, adding the security
 * headers to every answer. Hashed assets are cached at the edge and in browsers for a year;
 * everything else (index.html, config.json) is fetched from the bucket on every request.
 *
 * Both buckets are retained when the stack is deleted: emptying them would take a custom
 * resource with an AWS managed policy (S3 autoDeleteObjects), and their content is either
 * rebuilt by the next deployment or logs that expire on their own.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  /** Server access logs of the dashboard bucket. */
  readonly accessLogBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** `https://<distribution domain>`: the dashboard's origin, as CORS and CSP name it. */
  readonly origin: string;
  /** `https://<distribution domain>/`: the dashboard's URL, where sign-in returns. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 delivers server access logs only to a bucket encrypted with S3 managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: props.accessLogRetention ?? Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      // Never public and no website hosting: CloudFront reads it through origin access control.
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 managed keys: CloudFront's origin access control decrypts these without a key policy
      // naming the distribution, and the content is what every visitor downloads anyway.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Who wrote what, when: the deployments are the only writers, CloudFront the only reader.
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'dashboard-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The headers of web/build/dashboard-headers.ts (a test holds them together), and HSTS.
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Sales performance dashboard: CSP, HSTS, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: dashboardContentSecurityPolicy(props), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        // The dashboard's URLs carry the sign-in's code and state, and its filters: sent nowhere.
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behaviour = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      responseHeadersPolicy: this.responseHeadersPolicy,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Sales performance dashboard',
      defaultRootObject: DASHBOARD_ROOT_OBJECT,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // index.html and config.json: tiny, and a stale copy would point at assets or an API
      // that a deployment replaced. Every request goes to the bucket.
      defaultBehavior: { ...behaviour, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED },
      additionalBehaviors: {
        // Hashed names: cached (compressed) up to the year their Cache-Control allows.
        [ASSETS_PATH_PATTERN]: { ...behaviour, cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED },
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the sales organisation signs in from wherever it works, and every figure is behind ' +
          'Cognito sign-in and the API authorizer; the distribution serves only the static app.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL: the distribution serves only the static app (the same files to every visitor, no data, ' +
          'GET and HEAD only). The data is behind the HTTP API, which WAF cannot attach to, and is throttled there ' +
          '(docs/operations.md). A CloudFront web ACL would have to live in us-east-1 and costs a monthly fee for nothing to inspect.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "No CloudFront access logs: each line holds the viewer's IP address and user agent, personal data the API's " +
          'access log leaves out on purpose (docs/operations.md), for requests of static files that reveal nothing the ' +
          "API's log does not. The bucket's server access logs record every write to the app.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution uses CloudFront's default *.cloudfront.net certificate, whose security policy CloudFront " +
          'fixes; a minimum of TLS 1.2 needs a custom domain and an ACM certificate, which this deployment does not have.',
      },
    );
  }
}
