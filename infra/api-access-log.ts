import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * One JSON line per request on the HTTP API stage: enough to follow a request into the
 * function's logs (requestId), see what was asked and how it ended (route, path, status,
 * latencies) and why it failed before or at the integration (authorizer / integration errors).
 *
 * Deliberately left out: the caller's IP address (`$context.identity.sourceIp`), user agent,
 * any header, the query string, the token and its claims. An IP address and a user agent are
 * personal data; the token is a credential and its claims hold the user's email; query
 * strings may carry search text. The paths hold only ids (reps, teams, deals), which the
 * issue allows in logs. Who did what is in the application's audit trail, not here.
 *
 * Values are HTTP API `$context` variables
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html).
 */
export const API_ACCESS_LOG_FIELDS = {
  // Which API: the throttled-requests metric (operational-alarms.ts) is counted per API from it.
  apiId: '$context.apiId',
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  errorType: '$context.error.responseType',
} as const;

export interface ApiAccessLogProps {
  /**
   * How long access logs are kept. Long enough to look back over a monthly commission run
   * when someone questions it afterwards.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly retention?: logs.RetentionDays;
  /**
   * The stateless stack is torn down and redeployed freely; its logs go with it.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Customer managed key the log group is encrypted with; its key policy must let CloudWatch
   * Logs use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/** The access log group of the API stage and the settings a stage takes to write to it. */
export class ApiAccessLog extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly settings: apigwv2.IAccessLogSettings;

  constructor(scope: Construct, id: string, props: ApiAccessLogProps = {}) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.retention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    });
    this.settings = {
      destination: new apigwv2.LogGroupLogDestination(this.logGroup),
      format: apigw.AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG_FIELDS)),
    };
  }
}
