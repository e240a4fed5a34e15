import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#web/app/config.js';

describe('config.json', () => {
  it('reads the local configuration that npm start serves', () => {
    expect(parseConfig({ apiUrl: '', auth: { kind: 'local' } })).toEqual({ apiUrl: '', auth: { kind: 'local' } });
  });

  it('reads the configuration the deployment writes for Cognito', () => {
    const config = parseConfig({
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/',
      auth: {
        kind: 'cognito',
        authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
        clientId: 'client',
        domain: 'sales.auth.eu-west-1.amazoncognito.com',
        redirectUri: 'https://d1.cloudfront.net/',
        postLogoutRedirectUri: 'https://d1.cloudfront.net/',
        scope: 'openid email',
      },
    });

    expect(config.apiUrl).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com');
    expect(config.auth).toEqual({
      kind: 'cognito',
      authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
      clientId: 'client',
      domain: 'sales.auth.eu-west-1.amazoncognito.com',
      redirectUri: 'https://d1.cloudfront.net/',
      postLogoutRedirectUri: 'https://d1.cloudfront.net/',
      scope: 'openid email',
    });
  });

  it('defaults the scope of an OpenID provider', () => {
    const config = parseConfig({
      apiUrl: '',
      auth: {
        kind: 'oidc',
        authority: 'https://id.example.com',
        clientId: 'c',
        redirectUri: 'https://d/',
        postLogoutRedirectUri: 'https://d/',
      },
    });
    expect(config.auth).toMatchObject({ kind: 'oidc', scope: 'openid email profile' });
  });

  it.each([
    [null, 'config.json must hold an object'],
    [{ auth: { kind: 'local' } }, 'config.json: apiUrl must be a string (empty for the same origin)'],
    [{ apiUrl: '' }, 'config.json: auth must be an object'],
    [{ apiUrl: '', auth: { kind: 'saml' } }, "config.json: auth.kind must be 'local', 'cognito' or 'oidc'"],
    [
      { apiUrl: '', auth: { kind: 'oidc', authority: 'https://id', clientId: '', redirectUri: 'x', postLogoutRedirectUri: 'x' } },
      'config.json: auth.clientId must be a non-empty string',
    ],
    [
      { apiUrl: '', auth: { kind: 'cognito', authority: 'https://id', clientId: 'c', redirectUri: 'x', postLogoutRedirectUri: 'x' } },
      'config.json: auth.domain must be a non-empty string',
    ],
  ])('refuses %j, saying what is wrong', (json, message) => {
    expect(() => parseConfig(json)).toThrow(new ConfigError(message));
  });
});
