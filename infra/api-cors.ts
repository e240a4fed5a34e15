import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { handlerLogRole } from './handler-log-role.js';

/**
 * What browsers may send and read across origins. Headers: the ID token
 * (`Authorization: Bearer ...`), JSON bodies, If-Match for optimistic concurrency, whose
 * version the ETag response header carries (so it is exposed), and `Prefer: respond-async`
 * to ask for a pipeline job. Exposed besides ETag, because a script reads only the safelisted
 * response headers otherwise: a job's Location (the dashboard polls it) and Retry-After (how
 * long to wait: a job, a 429, a 503), and Preference-Applied.
 */
export const API_CORS_HEADERS = {
  allowHeaders: ['authorization', 'content-type', 'if-match', 'prefer'],
  exposeHeaders: ['etag', 'location', 'retry-after', 'preference-applied'],
  maxAge: Duration.hours(1),
} as const;

export interface ApiCorsProps {
  readonly httpApi: apigwv2.IHttpApi;
  /** Exact origins (`https://host`), the dashboard's first. */
  readonly allowOrigins: readonly string[];
  /** The methods the API serves; OPTIONS (the preflight itself) is added. */
  readonly allowMethods: readonly string[];
  /**
   * The stateful stack's customer managed key, for the handler's log group.
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The HTTP API's CORS configuration, set by an SDK call (UpdateApi) once the API and the
 * dashboard's distribution both exist, rather than as a property of the API.
 *
 * Why not the property: the dashboard's Content-Security-Policy names the API's origin (a
 * response headers policy of the distribution), and CORS names the distribution's origin. As
 * properties, the API would depend on the distribution and the distribution on the API: a
 * cycle CloudFormation refuses. This resource depends on both and breaks it; the CSP and the
 * allowed origins stay exact, with no wildcard on either side.
 *
 * It owns the API's whole CORS configuration (the API resource has none, so a CloudFormation
 * update of the API leaves it alone), sets it again whenever the origins change, and deletes it
 * when removed. Preflights are still answered by API Gateway itself, before the authorizer.
 */
export class ApiCors extends Construct {
  readonly resource: cr.AwsCustomResource;
  /** The role of the function that makes the call. */
  readonly role: iam.Role;
  /** The CORS configuration UpdateApi sets, with CloudFormation tokens for the origins. */
  readonly configuration: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: ApiCorsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const apiArn = stack.formatArn({ service: 'apigateway', account: '', resource: '/apis', resourceName: props.httpApi.apiId });
    this.configuration = {
      AllowOrigins: [...props.allowOrigins],
      AllowMethods: [...props.allowMethods, 'OPTIONS'],
      AllowHeaders: [...API_CORS_HEADERS.allowHeaders],
      ExposeHeaders: [...API_CORS_HEADERS.exposeHeaders],
      MaxAge: API_CORS_HEADERS.maxAge.toSeconds(),
    };
    const setCors: cr.AwsSdkCall = {
      service: 'ApiGatewayV2',
      action: 'UpdateApi',
      parameters: { ApiId: props.httpApi.apiId, CorsConfiguration: this.configuration },
      // The API's id: an update with other origins is the same resource, so CloudFormation
      // never deletes (and so clears) the configuration it just set.
      physicalResourceId: cr.PhysicalResourceId.of(props.httpApi.apiId),
      // The answer is the whole API; only its id is needed, and custom resource answers are limited to 4 KB.
      outputPaths: ['ApiId'],
    };

    const { logGroup, role } = handlerLogRole(this, {
      description: 'Sets the CORS configuration of the HTTP API: its log group and that API only',
      encryptionKey: props.encryptionKey,
    });
    this.role = role;

    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::HttpApiCors',
      onCreate: setCors,
      onUpdate: setCors,
      onDelete: {
        service: 'ApiGatewayV2',
        action: 'DeleteCorsConfiguration',
        parameters: { ApiId: props.httpApi.apiId },
        // Deleting the stack deletes the API too, in whichever order.
        ignoreErrorCodesMatching: 'NotFoundException',
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        // UpdateApi is a PATCH of the API, DeleteCorsConfiguration a DELETE of its cors sub-resource.
        new iam.PolicyStatement({ actions: ['apigateway:PATCH'], resources: [apiArn] }),
        new iam.PolicyStatement({ actions: ['apigateway:DELETE'], resources: [`${apiArn}/cors`] }),
      ]),
      role: this.role,
      logGroup,
      // The SDK the Lambda runtime ships: synth stays offline, and nothing is downloaded at deploy.
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
    });
  }
}
