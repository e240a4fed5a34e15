/**
 * Identity on AWS: the Cognito user pool and app client of the stateful stack (the default),
 * or an existing issuer given through context, in which case no pool is created and the API's
 * authorizer trusts that issuer instead.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { principalOfClaims } from '#functions/api/principal-of-claims.js';
import { HEAVY_ROUTE_THROTTLING } from '#infra/api-throttling.js';
import { addSalesPerformanceStacks } from '#infra/sales-performance-app.js';
import { REP_ID_ATTRIBUTE, ROLE_GROUPS } from '#infra/user-directory.js';
import { logicalIdOf, newTestApp, type SynthesizedApp, synthesizeApp } from './synthesized-app.js';

type Properties = Record<string, any>;

describe('user directory (default: a new Cognito user pool)', () => {
  let app: SynthesizedApp;
  let pool: Properties;
  let client: Properties;
  beforeAll(() => {
    app = synthesizeApp();
    const pools = Object.values(app.statefulTemplate.findResources('AWS::Cognito::UserPool'));
    const clients = Object.values(app.statefulTemplate.findResources('AWS::Cognito::UserPoolClient'));
    expect(pools).toHaveLength(1);
    expect(clients).toHaveLength(1);
    pool = pools[0]!.Properties;
    client = clients[0]!.Properties;
  });

  describe('user pool', () => {
    it('has no self sign-up: only an administrator creates users', () => {
      expect(pool.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    });

    it('signs in by email, case-insensitively, and verifies a changed email before using it', () => {
      expect(pool.UsernameAttributes).toEqual(['email']);
      expect(pool.UsernameConfiguration).toEqual({ CaseSensitive: false });
      expect(pool.AutoVerifiedAttributes).toEqual(['email']);
      expect(pool.UserAttributeUpdateSettings).toEqual({ AttributesRequireVerificationBeforeUpdate: ['email'] });
    });

    it('has the custom attribute repId: a string of 1-64 characters an administrator can change', () => {
      expect(pool.Schema).toContainEqual({
        Name: REP_ID_ATTRIBUTE,
        AttributeDataType: 'String',
        Mutable: true,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
      });
      expect(REP_ID_ATTRIBUTE).toBe('repId');
    });

    it('has exactly the groups admin, manager and marketing, in that order of precedence', () => {
      const groups = Object.values(app.statefulTemplate.findResources('AWS::Cognito::UserPoolGroup')).map((group) => group.Properties);

      expect(groups.map(({ GroupName, Precedence }) => ({ GroupName, Precedence }))).toEqual([
        { GroupName: 'admin', Precedence: 1 },
        { GroupName: 'manager', Precedence: 2 },
        { GroupName: 'marketing', Precedence: 3 },
      ]);
      for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: logicalIdOf(app.stateful.userDirectory!.userPool) });
    });

    it('requires strong passwords (12+ characters of four kinds, no reuse of the last 5)', () => {
      expect(pool.Policies.PasswordPolicy).toEqual({
        MinimumLength: 12,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: 3,
        PasswordHistorySize: 5,
      });
    });

    it('requires MFA, by TOTP only (no SMS)', () => {
      expect(pool.MfaConfiguration).toBe('ON');
      expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
      expect(pool.SmsConfiguration).toBeUndefined();
    });

    it('is on the Plus plan with threat protection enforced, recovering accounts by email only', () => {
      expect(pool.UserPoolTier).toBe('PLUS');
      expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
      expect(pool.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
    });

    it('is retained and protected from deletion', () => {
      app.statefulTemplate.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { DeletionProtection: 'ACTIVE' },
      });
      expect(pool.UserPoolName).toBeUndefined();
    });
  });

  describe('app client', () => {
    it('is a public client signing in by SRP, with refresh tokens, and no OAuth flows', () => {
      expect(client.GenerateSecret).toBe(false);
      expect(client.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
      expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
      expect(client.PreventUserExistenceErrors).toBe('ENABLED');
      expect(client.EnableTokenRevocation).toBe(true);
    });

    it('issues ID and access tokens for an hour, refresh tokens for a week', () => {
      expect(client).toMatchObject({
        IdTokenValidity: 60,
        AccessTokenValidity: 60,
        RefreshTokenValidity: 7 * 24 * 60,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      });
    });

    it('reads custom:repId (so the ID token carries it) but may not write it', () => {
      expect(client.ReadAttributes).toContain(`custom:${REP_ID_ATTRIBUTE}`);
      // Present and explicit: without a list, a client may write every attribute.
      expect(client.WriteAttributes).toEqual(['name']);
      expect(client.WriteAttributes).not.toContain(`custom:${REP_ID_ATTRIBUTE}`);
      expect(client.WriteAttributes).not.toContain('email');
    });
  });

  it('outputs the user pool id, the app client id and the issuer', () => {
    const outputs = app.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;

    expect(outputs.UserPoolId?.Value).toEqual({ Ref: logicalIdOf(app.stateful.userDirectory!.userPool) });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: logicalIdOf(app.stateful.userDirectory!.client) });
    expect(outputs.UserPoolIssuer?.Value).toEqual({
      'Fn::Join': [
        '',
        ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: logicalIdOf(app.stateful.userDirectory!.userPool) }],
      ],
    });
  });

  it('issues the claims the API reads: custom:repId, and the groups as roles', () => {
    const claims = (groups: string) => ({ [`custom:${REP_ID_ATTRIBUTE}`]: 'rep-1', 'cognito:groups': groups });

    // As API Gateway hands them to the function: every claim a string, arrays as "[a b]".
    expect(principalOfClaims(claims('[admin manager]'))).toEqual({ repId: 'rep-1', role: 'admin' });
    expect(principalOfClaims(claims('[manager]'))).toEqual({ repId: 'rep-1', role: 'manager' });
    expect(principalOfClaims(claims('[manager marketing]'))).toEqual({ repId: 'rep-1', role: 'manager' });
    expect(principalOfClaims(claims('[marketing]'))).toEqual({ repId: 'rep-1', role: 'marketing' });
    expect(principalOfClaims({ [`custom:${REP_ID_ATTRIBUTE}`]: 'rep-1' })).toEqual({ repId: 'rep-1', role: 'rep' });
    for (const group of Object.keys(ROLE_GROUPS)) {
      expect(principalOfClaims(claims(`[${group}]`))?.role).toBe(group);
    }
  });
});

describe('an existing issuer (context jwtIssuer + jwtAudience)', () => {
  const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Existing1';
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp({ context: { jwtIssuer: issuer, jwtAudience: 'dashboardclient, scriptsclient' } });
  });

  it('creates no user pool, client or group', () => {
    for (const template of [app.statefulTemplate, app.statelessTemplate]) {
      for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolGroup']) {
        template.resourceCountIs(type, 0);
      }
    }
    expect(app.stateful.userDirectory).toBeUndefined();
    expect(Object.keys(app.statefulTemplate.toJSON().Outputs as object)).not.toContain('UserPoolId');
  });

  it('has the authorizer trust that issuer for those audiences, on every route', () => {
    const authorizers = app.statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer');
    const [authorizerId, authorizer] = Object.entries(authorizers)[0]!;

    expect(Object.keys(authorizers)).toHaveLength(1);
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: ['dashboardclient', 'scriptsclient'] },
    });
    const routes = Object.values(app.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'));
    // GET/POST/PUT/DELETE /{proxy+} and the heavy routes with budgets of their own.
    expect(routes).toHaveLength(4 + Object.keys(HEAVY_ROUTE_THROTTLING).length);
    for (const route of routes) expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
  });

  it('outputs the issuer and audiences the API trusts', () => {
    const outputs = app.statelessTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;

    expect(outputs.ApiJwtIssuer?.Value).toBe(issuer);
    expect(outputs.ApiJwtAudience?.Value).toBe('dashboardclient,scriptsclient');
  });

  it.each([
    [{ jwtIssuer: issuer }, /go together/],
    [{ jwtAudience: 'dashboardclient' }, /go together/],
    [{ jwtIssuer: 'http://login.example.com', jwtAudience: 'dashboardclient' }, /https URL/],
    [{ jwtIssuer: 'not a url', jwtAudience: 'dashboardclient' }, /https URL/],
  ])('refuses incomplete or non-https settings %o', (context, message) => {
    expect(() => addSalesPerformanceStacks(newTestApp({ context }))).toThrow(message);
  });
});
