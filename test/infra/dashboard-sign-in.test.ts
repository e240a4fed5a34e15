/**
 * How the dashboard on AWS signs people in and calls the API: the user pool's Cognito domain
 * (hosted pages), the dashboard's own app client (authorization code grant, back to the
 * distribution only), the API trusting that client, and CORS for the dashboard's origin. With
 * an existing issuer instead: what config.json and the CSP name, from context.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CONFIG_KEY } from '#infra/dashboard-deployment.js';
import { addSalesPerformanceStacks } from '#infra/sales-performance-app.js';
import { API_METHODS, LOCALHOST_DASHBOARD_URL } from '#infra/stateless-stack.js';
import { REP_ID_ATTRIBUTE } from '#infra/user-directory.js';
import {
  actionsOf,
  cfnText,
  customResourceOf,
  deployedFile,
  logicalIdOf,
  newTestApp,
  type SynthesizedApp,
  statementsOfRole,
  synthesizeApp,
} from './synthesized-app.js';

type Properties = Record<string, any>;

/** The SDK call an AwsCustomResource makes on create (or update, delete), with its references as cfnText writes them. */
function sdkCallOf(app: SynthesizedApp, phase: 'Create' | 'Update' | 'Delete'): Properties {
  return JSON.parse(cfnText(customResourceOf(app.statelessTemplate, app.stateless.apiCors.resource).Properties[phase]));
}

function contentSecurityPolicyOf(app: SynthesizedApp): string {
  const policy = app.statelessTemplate.findResources('AWS::CloudFront::ResponseHeadersPolicy')[
    logicalIdOf(app.stateless.dashboard.responseHeadersPolicy)
  ];
  return cfnText(policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
}

describe('dashboard sign-in with the user pool (default)', () => {
  let app: SynthesizedApp;
  let client: Properties;
  let dashboardUrl: string;
  beforeAll(() => {
    app = synthesizeApp();
    client =
      app.statelessTemplate.findResources('AWS::Cognito::UserPoolClient')[logicalIdOf(app.stateless.dashboardClient!.client)]!.Properties;
    dashboardUrl = `https://\${${logicalIdOf(app.stateless.dashboard.distribution)}.DomainName}/`;
  });

  describe('the Cognito domain', () => {
    it("is the pool's, prefixed with the stack name and the first part of the stack id's UUID (unique, and no account id)", () => {
      const domains = Object.values(app.statefulTemplate.findResources('AWS::Cognito::UserPoolDomain'));

      expect(domains).toHaveLength(1);
      expect(domains[0]!.Properties.UserPoolId).toEqual({ Ref: logicalIdOf(app.stateful.userDirectory!.userPool) });
      expect(domains[0]!.Properties.Domain).toEqual({
        'Fn::Join': [
          '',
          [
            'salesperformancestateful-',
            { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] },
          ],
        ],
      });
      // The classic hosted UI: no managed login branding to create per client.
      expect(domains[0]!.Properties.ManagedLoginVersion).toBeUndefined();
    });

    it('is output as UserPoolDomainUrl', () => {
      expect(cfnText(app.statefulTemplate.toJSON().Outputs.UserPoolDomainUrl.Value)).toBe(
        `https://\${${logicalIdOf(app.stateful.userDirectory!.domain)}}.auth.\${AWS::Region}.amazoncognito.com`,
      );
    });
  });

  describe("the dashboard's app client", () => {
    it('lives beside the distribution (stateless stack), in the stateful stack pool', () => {
      expect(Object.keys(app.statelessTemplate.findResources('AWS::Cognito::UserPoolClient'))).toEqual([
        logicalIdOf(app.stateless.dashboardClient!.client),
      ]);
      expect(cfnText(client.UserPoolId)).toBe(`\${SalesPerformanceStateful:Ref${logicalIdOf(app.stateful.userDirectory!.userPool)}}`);
    });

    it('is a public client with the authorization code grant only, for openid, email and profile, through Cognito sign-in', () => {
      expect(client).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        SupportedIdentityProviders: ['COGNITO'],
      });
      expect(client.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
    });

    it('sends people back to the dashboard URL only, after sign-in and after sign-out', () => {
      expect(client.CallbackURLs.map(cfnText)).toEqual([dashboardUrl]);
      expect(client.LogoutURLs.map(cfnText)).toEqual([dashboardUrl]);
    });

    it('signs no one in through the API (no SRP, no password): the hosted pages do; it may refresh tokens', () => {
      expect(client.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    });

    it("issues tokens as the scripts' client does, and may read custom:repId but not write it", () => {
      const scriptsClient = Object.values(app.statefulTemplate.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties;
      const tokenSettings = (properties: Properties) => ({
        IdTokenValidity: properties.IdTokenValidity,
        AccessTokenValidity: properties.AccessTokenValidity,
        RefreshTokenValidity: properties.RefreshTokenValidity,
        TokenValidityUnits: properties.TokenValidityUnits,
        EnableTokenRevocation: properties.EnableTokenRevocation,
        PreventUserExistenceErrors: properties.PreventUserExistenceErrors,
        ReadAttributes: properties.ReadAttributes,
        WriteAttributes: properties.WriteAttributes,
      });

      expect(tokenSettings(client)).toEqual(tokenSettings(scriptsClient));
      expect(client.ReadAttributes).toContain(`custom:${REP_ID_ATTRIBUTE}`);
      expect(client.WriteAttributes).toEqual(['name']);
    });

    it("is an audience the API accepts, beside the scripts' client, and is output as DashboardClientId", () => {
      const authorizer = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties;
      const audiences = [
        `\${SalesPerformanceStateful:Ref${logicalIdOf(app.stateful.userDirectory!.client)}}`,
        `\${${logicalIdOf(app.stateless.dashboardClient!.client)}}`,
      ];

      expect(authorizer.JwtConfiguration.Audience.map(cfnText)).toEqual(audiences);
      const outputs = app.statelessTemplate.toJSON().Outputs;
      expect(cfnText(outputs.ApiJwtAudience.Value)).toBe(audiences.join(','));
      expect(cfnText(outputs.DashboardClientId.Value)).toBe(audiences[1]);
    });
  });

  describe('CORS on the API', () => {
    it('allows exactly the dashboard origin, the served methods, the token, JSON, If-Match and Prefer, and exposes ETag and the job headers', () => {
      const call = sdkCallOf(app, 'Create');

      expect(call).toMatchObject({ service: 'ApiGatewayV2', action: 'UpdateApi' });
      expect(call.parameters).toEqual({
        ApiId: `\${${logicalIdOf(app.stateless.httpApi)}}`,
        CorsConfiguration: {
          AllowOrigins: [dashboardUrl.replace(/\/$/, '')],
          AllowMethods: [...API_METHODS, 'OPTIONS'],
          AllowHeaders: ['authorization', 'content-type', 'if-match', 'prefer'],
          // A job's Location and Retry-After: the dashboard polls a 202's job (web/app/api/pipeline-job.ts).
          ExposeHeaders: ['etag', 'location', 'retry-after', 'preference-applied'],
          MaxAge: 3600,
        },
      });
      expect(sdkCallOf(app, 'Update')).toEqual(call);
    });

    it('is set on the API by an SDK call, not as its property: the API would otherwise depend on the distribution and back', () => {
      const api = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties;

      expect(api.CorsConfiguration).toBeUndefined();
      // Same physical id on every update, so CloudFormation never deletes what an update set.
      expect(sdkCallOf(app, 'Create').physicalResourceId).toEqual({ id: `\${${logicalIdOf(app.stateless.httpApi)}}` });
      expect(sdkCallOf(app, 'Delete')).toMatchObject({ action: 'DeleteCorsConfiguration', ignoreErrorCodesMatching: 'NotFoundException' });
      expect(customResourceOf(app.statelessTemplate, app.stateless.apiCors.resource).Properties.InstallLatestAwsSdk).toBe(false);
    });

    it('is made by a function that may only patch this API, delete its CORS configuration and write its own log group', () => {
      const statements = statementsOfRole(app.statelessTemplate, logicalIdOf(app.stateless.apiCors.role));
      const apiArn = `arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/apis/\${${logicalIdOf(app.stateless.httpApi)}}`;

      expect(statements.map((statement) => [actionsOf(statement).sort(), cfnText(statement.Resource)])).toEqual(
        expect.arrayContaining([
          [['logs:CreateLogStream', 'logs:PutLogEvents'], `\${${logicalIdOf(app.stateless.apiCors.node.findChild('LogGroup'))}.Arn}`],
          [['apigateway:PATCH'], apiArn],
          [['apigateway:DELETE'], `${apiArn}/cors`],
        ]),
      );
      expect(statements).toHaveLength(3);
      expect(
        app.statelessTemplate.findResources('AWS::IAM::Role')[logicalIdOf(app.stateless.apiCors.role)]!.Properties.ManagedPolicyArns,
      ).toBeUndefined();
    });
  });
});

describe('dashboard sign-in configured through context', () => {
  it('allows the configured CORS origins after the dashboard origin', () => {
    const app = synthesizeApp({ context: { corsAllowedOrigins: 'https://admin.example.com, http://localhost:3000' } });

    expect(sdkCallOf(app, 'Create').parameters.CorsConfiguration.AllowOrigins).toEqual([
      `https://\${${logicalIdOf(app.stateless.dashboard.distribution)}.DomainName}`,
      'https://admin.example.com',
      'http://localhost:3000',
    ]);
  });

  it('takes the Cognito domain prefix from context, and lets sign-in return to localhost:3000 when asked', () => {
    const app = synthesizeApp({ context: { cognitoDomainPrefix: 'acme-sales', dashboardLocalhostSignIn: 'true' } });
    const client =
      app.statelessTemplate.findResources('AWS::Cognito::UserPoolClient')[logicalIdOf(app.stateless.dashboardClient!.client)]!.Properties;

    app.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-sales' });
    expect(client.CallbackURLs.map(cfnText)).toEqual([
      `https://\${${logicalIdOf(app.stateless.dashboard.distribution)}.DomainName}/`,
      LOCALHOST_DASHBOARD_URL,
    ]);
    expect(client.LogoutURLs).toEqual(client.CallbackURLs);
    expect(LOCALHOST_DASHBOARD_URL).toBe('http://localhost:3000/');
  });

  it.each([
    [{ cognitoDomainPrefix: 'Acme' }, /lower-case/],
    [{ cognitoDomainPrefix: 'acme-' }, /inner hyphens/],
    [{ cognitoDomainPrefix: 'acme-aws-sales' }, /may not contain "aws"/],
    [{ statefulStackName: 'CognitoData' }, /set context cognitoDomainPrefix/],
    [{ dashboardClientId: 'dashboard' }, /only with jwtIssuer/],
    [{ jwtIssuer: 'https://login.example.com', jwtAudience: 'a', dashboardLocalhostSignIn: 'true' }, /needs the user pool/],
    [{ jwtIssuer: 'https://login.example.com', jwtAudience: 'a,b', dashboardClientId: 'c' }, /one of jwtAudience/],
    [{ jwtIssuer: 'https://login.example.com', jwtAudience: 'a', dashboardSignInDomain: 'http://login.example.com' }, /https origin/],
    [{ jwtIssuer: 'https://login.example.com', jwtAudience: 'a', dashboardSignInDomain: 'https://login.example.com/x' }, /https origin/],
  ])('refuses %o', (context, message) => {
    expect(() => addSalesPerformanceStacks(newTestApp({ context }))).toThrow(message);
  });
});

describe('dashboard sign-in with an existing issuer', () => {
  const issuer = 'https://login.example.com/realms/sales';

  it('writes config.json for that issuer and the first audience, creates no client, and lets the CSP reach the issuer', () => {
    const app = synthesizeApp({ context: { jwtIssuer: issuer, jwtAudience: 'dashboard,scripts' } });
    const config = JSON.parse(deployedFile(app, app.stateless.dashboardDeployment.documents, DASHBOARD_CONFIG_KEY));
    const dashboardUrl = `https://\${${logicalIdOf(app.stateless.dashboard.distribution)}.DomainName}/`;

    expect(config.auth).toEqual({
      kind: 'oidc',
      authority: issuer,
      clientId: 'dashboard',
      redirectUri: dashboardUrl,
      postLogoutRedirectUri: dashboardUrl,
      scope: 'openid email profile',
    });
    expect(app.stateless.dashboardClient).toBeUndefined();
    app.statelessTemplate.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    expect(contentSecurityPolicyOf(app)).toContain(
      `connect-src 'self' \${${logicalIdOf(app.stateless.httpApi)}.ApiEndpoint} ${issuer}/; frame-ancestors 'none'`,
    );
    expect(contentSecurityPolicyOf(app)).toMatch(/; form-action 'self' https:\/\/login\.example\.com$/);
  });

  it('takes the client and the sign-in pages from context (another pool: its domain serves the token endpoint)', () => {
    const poolIssuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Existing1';
    const domain = 'https://acme.auth.eu-west-1.amazoncognito.com';
    const app = synthesizeApp({
      context: {
        jwtIssuer: poolIssuer,
        jwtAudience: 'scripts,dashboard',
        dashboardClientId: 'dashboard',
        dashboardSignInDomain: `${domain}/`,
      },
    });
    const config = JSON.parse(deployedFile(app, app.stateless.dashboardDeployment.documents, DASHBOARD_CONFIG_KEY));

    expect(config.auth).toMatchObject({ kind: 'oidc', authority: poolIssuer, clientId: 'dashboard', domain });
    expect(contentSecurityPolicyOf(app)).toContain(`${poolIssuer}/ ${domain}; frame-ancestors`);
    expect(contentSecurityPolicyOf(app)).toMatch(new RegExp(`; form-action 'self' ${domain.replace(/\./g, '\\.')}$`));
  });
});
