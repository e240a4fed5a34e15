import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { DASHBOARD_CACHE_CONTROL } from '#web/build/dashboard-headers.js';
import { handlerLogRole } from './handler-log-role.js';
import { PROJECT_ROOT } from './lambda-bundling.js';
import { DASHBOARD_OAUTH_SCOPES } from './user-directory.js';
import { ASSETS_PATH_PATTERN } from './web-hosting.js';

/** The dashboard's build command (web/build/build-cli.ts), relative to PROJECT_ROOT. */
export const DASHBOARD_BUILD_CLI = 'web/build/build-cli.ts';

/** Where the app reads its settings, beside index.html. */
export const DASHBOARD_CONFIG_KEY = 'config.json';

/** The scopes the dashboard asks for, as the OAuth `scope` parameter: the dashboard client's own. */
export const DASHBOARD_SCOPE = DASHBOARD_OAUTH_SCOPES.map((scope) => scope.scopeName).join(' ');

/**
 * config.json: where the API is, and how to sign in. `cognito`: the user pool's hosted pages
 * (the authorization code grant with PKCE; `domain` also serves Cognito's own logout).
 * `oidc`: an existing issuer, with a client its operator registered for the dashboard.
 * The local runtime writes `{ apiUrl: '', auth: { kind: 'local' } }` instead.
 */
export interface DashboardConfig {
  /** The API's origin, no trailing slash: the app appends paths such as `/reps/...`. */
  readonly apiUrl: string;
  readonly auth: {
    readonly kind: 'cognito' | 'oidc';
    /** The issuer: `<authority>/.well-known/openid-configuration` describes its endpoints. */
    readonly authority: string;
    readonly clientId: string;
    /** The sign-in pages' origin (a Cognito domain), where it is not the authority's. */
    readonly domain?: string;
    readonly redirectUri: string;
    readonly postLogoutRedirectUri: string;
    readonly scope: string;
  };
}

/**
 * The dashboard built by its own CLI on this machine while CDK synthesizes, as Lambdas are
 * bundled by the local esbuild: never in Docker. The build fails the synth if it fails (the
 * bundling reports success or throws, so CDK never falls back to the image). The asset's hash
 * is that of the output, so a change anywhere the build reads (the app, its dependencies, the
 * build itself) deploys, and an unchanged build does not.
 */
export function dashboardBuildSource(): s3deploy.ISource {
  return s3deploy.Source.asset(join(PROJECT_ROOT, 'web'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never pulled, because local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
      local: {
        tryBundle(outputDir: string): boolean {
          execFileSync(process.execPath, ['--import', 'tsx', DASHBOARD_BUILD_CLI, '--out-dir', outputDir], {
            cwd: PROJECT_ROOT,
            // The CLI's one line of output goes to stderr: stdout may be the template `cdk synth` prints.
            stdio: ['ignore', 2, 2],
          });
          return true;
        },
      },
    },
  });
}

export interface DashboardDeploymentProps {
  readonly bucket: s3.IBucket;
  readonly config: DashboardConfig;
  /**
   * The build to deploy.
   * @default dashboardBuildSource()
   */
  readonly build?: s3deploy.ISource;
  /**
   * The stateful stack's customer managed key, for the deployment handler's log group.
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * Copies a build of the dashboard and its config.json into the bucket at every deployment
 * that changes either, in two steps with their own Cache-Control: first the hashed assets
 * (kept after later deployments, so a page loaded before one can still fetch its chunks),
 * then index.html and config.json (replaced, and revalidated on every load), so a new
 * index.html never names an asset not yet uploaded. Nothing is invalidated in CloudFront:
 * it never caches the documents, and the assets' names change with their content.
 */
export class DashboardDeployment extends Construct {
  readonly assets: s3deploy.BucketDeployment;
  readonly documents: s3deploy.BucketDeployment;
  /** The role of CDK's deployment handler (one Lambda for both steps). */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DashboardDeploymentProps) {
    super(scope, id);
    const build = props.build ?? dashboardBuildSource();

    const { logGroup, role } = handlerLogRole(this, {
      description: 'Deploys the dashboard: its log group, the staged build and config.json, the dashboard bucket',
      encryptionKey: props.encryptionKey,
    });
    this.role = role;
    // The deployments get the role without its policy: their own grants (read and write on the
    // bucket, read on the whole staging bucket) have wildcard actions. What the handler does is
    // granted below, exactly.
    const handlerRole = this.role.withoutPolicyUpdates();

    this.assets = new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [build],
      destinationBucket: props.bucket,
      exclude: ['*'],
      include: [ASSETS_PATH_PATTERN],
      cacheControl: [s3deploy.CacheControl.fromString(DASHBOARD_CACHE_CONTROL.asset)],
      prune: false,
      role: handlerRole,
      logGroup,
    });
    this.documents = new s3deploy.BucketDeployment(this, 'Documents', {
      sources: [build, s3deploy.Source.jsonData(DASHBOARD_CONFIG_KEY, props.config)],
      destinationBucket: props.bucket,
      // Excluded files are neither copied nor pruned: the assets stay.
      exclude: [ASSETS_PATH_PATTERN],
      cacheControl: [s3deploy.CacheControl.fromString(DASHBOARD_CACHE_CONTROL.document)],
      role: handlerRole,
      logGroup,
    });
    this.documents.node.addDependency(this.assets);

    // What the handler does: `aws s3 cp` of each staged zip (the build, config.json), then
    // `aws s3 sync` into the bucket (list it, put objects, delete the pruned ones). Each zip by
    // its key; the bucket's objects are named by the build, so they are granted as `<bucket>/*`.
    const stagedZips = new Map<string, string>();
    // A deployment's sources are the assets directly under it (the AWS CLI layer's is the layer's).
    const sources = [this.assets, this.documents].flatMap((deployment) =>
      deployment.node.children.filter((child): child is s3assets.Asset => child instanceof s3assets.Asset),
    );
    for (const asset of sources) {
      // Both steps stage the same build: one key.
      stagedZips.set(asset.s3ObjectKey, asset.bucket.arnForObjects(asset.s3ObjectKey));
    }
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [...stagedZips.values()] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] }));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [props.bucket.arnForObjects('*')],
      }),
    );
    // The handler must not run before its policy exists.
    for (const deployment of [this.assets, this.documents]) deployment.node.addDependency(this.role);
    this.acknowledgeDeploymentHandler(props.bucket, handlerRole);
  }

  /**
   * What cdk-nag reports on CDK's deployment handler: the bucket's objects as `<bucket>/*`
   * (IAM5), and CDK's runtime for it (L1).
   */
  private acknowledgeDeploymentHandler(bucket: s3.IBucket, handlerRole: iam.IRole): void {
    const stack = Stack.of(this);
    if (bucket instanceof s3.Bucket) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
        reason:
          "Put and delete on the dashboard bucket's objects: their names are content hashes, known only once the dashboard " +
          'is built, and the sync prunes documents no longer in the build; the bucket holds nothing but the dashboard.',
      });
    }
    // The one handler of every BucketDeployment in the stack, created at the stack's root.
    const handler = stack.node.children.find((child) => child instanceof lambda.Function && child.role === handlerRole);
    if (!handler) throw new Error(`${this.node.path}: CDK's deployment handler was not found`);
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "CDK's own deployment handler: CDK ships its code for the Python runtime it pins (3.13, a supported runtime), " +
        'and it runs only during deployments. A newer aws-cdk-lib moves it to a newer runtime.',
    });
  }
}
