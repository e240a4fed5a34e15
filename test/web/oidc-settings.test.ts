import type { StateStore } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import {
  cognitoDomainUrl,
  cognitoLogoutEndpoint,
  isSigninCallback,
  signoutRedirectArgsOf,
  userManagerSettingsOf,
} from '#web/app/auth/oidc-settings.js';
import type { CognitoAuthConfig, OidcAuthConfig } from '#web/app/config.js';

const store = (name: string): StateStore =>
  ({ name, set: async () => {}, get: async () => null, remove: async () => null, getAllKeys: async () => [] }) as StateStore & {
    name: string;
  };
const stores = { userStore: store('users'), stateStore: store('states') };

const COGNITO: CognitoAuthConfig = {
  kind: 'cognito',
  authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
  clientId: '4example5clientid6',
  domain: 'sales-auth.auth.eu-west-1.amazoncognito.com',
  redirectUri: 'https://d111111abcdef8.cloudfront.net/',
  postLogoutRedirectUri: 'https://d111111abcdef8.cloudfront.net/',
  scope: 'openid email profile',
};

const OIDC: OidcAuthConfig = {
  kind: 'oidc',
  authority: 'https://login.example.com/realms/sales',
  clientId: 'dashboard',
  redirectUri: 'https://dashboard.example.com/',
  postLogoutRedirectUri: 'https://dashboard.example.com/?signed-out',
  scope: 'openid profile',
};

describe('the UserManager settings of a configuration', () => {
  it('signs in with Cognito: code flow with PKCE, callback on /, silent renewal, tokens in the stores given', () => {
    const settings = userManagerSettingsOf(COGNITO, stores);

    expect(settings).toMatchObject({
      authority: COGNITO.authority,
      client_id: COGNITO.clientId,
      redirect_uri: 'https://d111111abcdef8.cloudfront.net/',
      response_type: 'code',
      response_mode: 'query',
      scope: 'openid email profile',
      automaticSilentRenew: true,
      loadUserInfo: false,
      monitorSession: false,
    });
    // PKCE is the library's default for the code flow: nothing may turn it off.
    expect(settings).not.toHaveProperty('disablePKCE');
    expect(settings).not.toHaveProperty('client_secret');
    expect(settings.userStore).toBe(stores.userStore);
    expect(settings.stateStore).toBe(stores.stateStore);
  });

  it("seeds Cognito's logout endpoint, which its discovery document does not name, and leaves the rest of the metadata to discovery", () => {
    const settings = userManagerSettingsOf(COGNITO, stores);

    expect(settings.metadataSeed).toEqual({ end_session_endpoint: 'https://sales-auth.auth.eu-west-1.amazoncognito.com/logout' });
    expect(settings).not.toHaveProperty('metadata');
    // Cognito's logout takes logout_uri, not post_logout_redirect_uri (which would also add a second client_id).
    expect(settings.post_logout_redirect_uri).toBeUndefined();
  });

  it('signs out of Cognito with the client and where to come back, as its logout endpoint requires', () => {
    expect(signoutRedirectArgsOf(COGNITO)).toEqual({
      extraQueryParams: { client_id: '4example5clientid6', logout_uri: 'https://d111111abcdef8.cloudfront.net/' },
    });
  });

  it('signs in and out of another OpenID provider by its discovery document alone', () => {
    const settings = userManagerSettingsOf(OIDC, stores);

    expect(settings).toMatchObject({
      authority: OIDC.authority,
      client_id: 'dashboard',
      redirect_uri: 'https://dashboard.example.com/',
      post_logout_redirect_uri: 'https://dashboard.example.com/?signed-out',
      response_type: 'code',
      scope: 'openid profile',
      automaticSilentRenew: true,
    });
    expect(settings.metadataSeed).toBeUndefined();
    expect(signoutRedirectArgsOf(OIDC)).toEqual({});
  });

  it('accepts the hosted UI domain with or without its scheme', () => {
    expect(cognitoDomainUrl('auth.example.com')).toBe('https://auth.example.com');
    expect(cognitoDomainUrl('https://auth.example.com/')).toBe('https://auth.example.com');
    expect(cognitoDomainUrl('http://auth.example.com')).toBe('https://auth.example.com');
    expect(cognitoLogoutEndpoint(' auth.example.com ')).toBe('https://auth.example.com/logout');
  });
});

describe('isSigninCallback', () => {
  it("recognises the provider's answer on / by its code (or error) and state", () => {
    expect(isSigninCallback('?code=abc&state=xyz')).toBe(true);
    expect(isSigninCallback('?error=access_denied&state=xyz')).toBe(true);
    expect(isSigninCallback('?view=team&team=emea&period=2016-Q1')).toBe(false);
    expect(isSigninCallback('?code=abc')).toBe(false);
    expect(isSigninCallback('')).toBe(false);
  });
});
