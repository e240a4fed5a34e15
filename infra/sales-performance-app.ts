import { type App, Tags } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';
import type { JwtTrust } from './user-directory.js';

/**
 * Context keys the app reads (cdk.json, or `-c key=value` on the command line):
 * - statefulStackName / statelessStackName: CloudFormation stack names, so several copies
 *   (per developer, per stage) can live in one account.
 * - corsAllowedOrigins: browser origins allowed to call the API besides the dashboard's (always
 *   allowed), an array or a comma-separated string.
 * - alarmEmail: address subscribed to the topic every alarm notifies (the topic exists without it).
 * - apiThrottlingRateLimit / apiThrottlingBurstLimit: API stage throttling (the heavy routes
 *   keep their own lower budgets, infra/api-throttling.ts).
 * - callerRateLimitPerSecond: requests per second one caller may make (default 10).
 * - encryptionKey: `new` (create a customer managed KMS key) or the ARN of an existing key, for
 *   the table and the log groups; unset: AWS owned keys.
 * - reconcileRepair: `true` to let the daily reconcile repair drift, not only report it.
 * - pipelineSyncFullPathMaxDeals: above this many deals, a time-travel question only a scan can
 *   answer is a job (202) rather than answered at once (default: the API's, 10,000; 0: always a job).
 * - jwtIssuer / jwtAudience: trust an existing token issuer (https URL) for these audiences
 *   (app client ids, an array or comma-separated) instead of creating a Cognito user pool.
 *   Both or neither.
 * - cognitoDomainPrefix: prefix of the user pool's Cognito domain, where the hosted sign-in pages
 *   are (default: the stateful stack's name and part of its stack id).
 * - dashboardLocalhostSignIn: `true` to let the hosted pages also return to http://localhost:3000/.
 * - dashboardClientId / dashboardSignInDomain: with jwtIssuer, the dashboard's client at that
 *   issuer (default: the first jwtAudience) and the origin of its sign-in pages and token
 *   endpoint when not the issuer's (another Cognito pool's domain).
 */
export const DEFAULT_STATEFUL_STACK_NAME = 'SalesPerformanceStateful';
export const DEFAULT_STATELESS_STACK_NAME = 'SalesPerformanceStateless';

export interface SalesPerformanceStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds both stacks to `app`. They are environment-agnostic (no account or region): deploy
 * where the CLI's credentials point, and synth needs no AWS access at all.
 */
export function addSalesPerformanceStacks(app: App): SalesPerformanceStacks {
  const statefulStackName = stringContext(app, 'statefulStackName') ?? DEFAULT_STATEFUL_STACK_NAME;
  const statelessStackName = stringContext(app, 'statelessStackName') ?? DEFAULT_STATELESS_STACK_NAME;

  // Construct id = stack name, so `cdk deploy <stack name>` selects the stack it names.
  const trustedIssuer = trustedIssuerContext(app);
  const cognitoDomainPrefix = stringContext(app, 'cognitoDomainPrefix');
  const stateful = new StatefulStack(app, statefulStackName, {
    description: trustedIssuer
      ? 'Sales performance engine: table and stream failure queue (data; retained)'
      : 'Sales performance engine: table, stream failure queue and user pool (data; retained)',
    ...(trustedIssuer ? { trustedIssuer, trustedIssuerSignIn: trustedIssuerSignInContext(app, trustedIssuer) } : {}),
    ...(cognitoDomainPrefix ? { cognitoDomainPrefix } : {}),
    ...encryptionKeyContext(app),
  });
  if (!trustedIssuer && (stringContext(app, 'dashboardClientId') || stringContext(app, 'dashboardSignInDomain'))) {
    throw new Error('context dashboardClientId and dashboardSignInDomain apply only with jwtIssuer: the user pool has its own');
  }
  const stateless = new StatelessStack(app, statelessStackName, {
    description: 'Sales performance engine: functions, HTTP API, dashboard and alarms',
    table: stateful.table,
    streamFailureQueue: stateful.streamFailureQueue,
    jwtTrust: stateful.jwtTrust,
    dashboardSignIn: stateful.dashboardSignIn,
    dashboardLocalhostSignIn: booleanContext(app, 'dashboardLocalhostSignIn'),
    corsAllowedOrigins: listContext(app, 'corsAllowedOrigins'),
    alarmEmail: stringContext(app, 'alarmEmail'),
    throttlingRateLimit: numberContext(app, 'apiThrottlingRateLimit'),
    throttlingBurstLimit: numberContext(app, 'apiThrottlingBurstLimit'),
    callerRateLimitPerSecond: numberContext(app, 'callerRateLimitPerSecond'),
    encryptionKey: stateful.encryptionKey,
    reconcileRepair: booleanContext(app, 'reconcileRepair'),
    pipelineSyncFullPathMaxDeals: numberContext(app, 'pipelineSyncFullPathMaxDeals'),
  });
  Tags.of(app).add('project', 'sales-performance-engine');
  return { stateful, stateless };
}

/** The existing issuer to trust (`-c jwtIssuer=https://... -c jwtAudience=id1,id2`), if any. */
function trustedIssuerContext(app: App): JwtTrust | undefined {
  const issuer = stringContext(app, 'jwtIssuer');
  const audience = listContext(app, 'jwtAudience') ?? [];
  if (issuer === undefined && audience.length === 0) return undefined;
  if (issuer === undefined || audience.length === 0) {
    throw new Error('context jwtIssuer and jwtAudience go together: give both to trust an existing issuer, or neither for a new user pool');
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`context jwtIssuer must be an https URL, got ${issuer}`);
  }
  // API Gateway fetches the issuer's keys from <issuer>/.well-known/openid-configuration: https only.
  if (url.protocol !== 'https:') throw new Error(`context jwtIssuer must be an https URL, got ${issuer}`);
  return { issuer, audience };
}

/** With an existing issuer: the dashboard's client there (one of the audiences) and its sign-in pages' origin. */
function trustedIssuerSignInContext(app: App, trustedIssuer: JwtTrust): { clientId: string; domainUrl?: string } {
  const clientId = stringContext(app, 'dashboardClientId') ?? (trustedIssuer.audience[0] as string);
  // The authorizer would refuse the dashboard's tokens otherwise.
  if (!trustedIssuer.audience.includes(clientId)) {
    throw new Error(`context dashboardClientId must be one of jwtAudience (${trustedIssuer.audience.join(', ')}), got ${clientId}`);
  }
  const domain = stringContext(app, 'dashboardSignInDomain');
  if (domain === undefined) return { clientId };
  let url: URL | undefined;
  try {
    url = new URL(domain);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || url.origin !== domain.replace(/\/+$/, '')) {
    throw new Error(`context dashboardSignInDomain must be an https origin (https://host, no path), got ${domain}`);
  }
  return { clientId, domainUrl: url.origin };
}

/** `-c encryptionKey=new` or `-c encryptionKey=arn:aws:kms:...:key/...`; unset: AWS owned keys. */
function encryptionKeyContext(app: App): { encryptionKey?: 'new' | { keyArn: string } } {
  const value = stringContext(app, 'encryptionKey');
  if (value === undefined) return {};
  if (value === 'new') return { encryptionKey: 'new' };
  if (/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) return { encryptionKey: { keyArn: value } };
  throw new Error(`context encryptionKey must be "new" or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got ${value}`);
}

/** `-c key=true` arrives as a string; cdk.json may hold a real boolean. */
function booleanContext(app: App, key: string): boolean | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`context ${key} must be true or false`);
}

function stringContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value;
}

/** `-c key=a,b` arrives as a string; cdk.json may hold a real array. */
function listContext(app: App, key: string): string[] | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new Error(`context ${key} must be a list of strings or a comma-separated string`);
  }
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function numberContext(app: App, key: string): number | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`context ${key} must be a non-negative number`);
  return number;
}
