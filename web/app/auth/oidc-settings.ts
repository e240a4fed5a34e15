/**
 * How the dashboard signs in with an OpenID provider (Cognito on AWS), as settings of
 * oidc-client-ts's UserManager: the authorization code flow with PKCE (the library's
 * default for `response_type: 'code'`), the callback on `/` itself (code and state in the
 * query, which the app handles before anything else), silent renewal with the refresh
 * token, and tokens kept in sessionStorage (gone with the tab; never localStorage).
 *
 * Cognito's discovery document names no end-session endpoint, and its logout endpoint,
 * `https://<domain>/logout`, wants `client_id` and `logout_uri` rather than OpenID's
 * `post_logout_redirect_uri`: the endpoint is seeded into the metadata, and the two
 * parameters go with the sign-out redirect.
 *
 * Pure: the stores come in as arguments, so the mapping is tested without a browser.
 */
import type { StateStore, UserManagerSettings } from 'oidc-client-ts';
import type { CognitoAuthConfig, OidcAuthConfig } from '../config.js';

export interface OidcStores {
  /** Where the signed-in user (its tokens) is kept. */
  readonly userStore: StateStore;
  /** Where the state of a sign-in in progress (PKCE verifier, nonce) is kept across the redirect. */
  readonly stateStore: StateStore;
}

/** `https://auth.example.com` from `auth.example.com` or `https://auth.example.com/`. */
export function cognitoDomainUrl(domain: string): string {
  const trimmed = domain.trim().replace(/\/+$/, '');
  return /^https:\/\//i.test(trimmed) ? trimmed : `https://${trimmed.replace(/^http:\/\//i, '')}`;
}

export function cognitoLogoutEndpoint(domain: string): string {
  return `${cognitoDomainUrl(domain)}/logout`;
}

export function userManagerSettingsOf(auth: OidcAuthConfig | CognitoAuthConfig, stores: OidcStores): UserManagerSettings {
  const common: UserManagerSettings = {
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    response_type: 'code',
    scope: auth.scope,
    response_mode: 'query',
    automaticSilentRenew: true,
    // Renew with the refresh token (the code flow's), never with a hidden iframe: the CSP allows no frames.
    includeIdTokenInSilentRenew: true,
    loadUserInfo: false,
    monitorSession: false,
    revokeTokensOnSignout: false,
    userStore: stores.userStore,
    stateStore: stores.stateStore,
  };
  if (auth.kind === 'cognito') {
    // No post_logout_redirect_uri: Cognito's logout takes logout_uri (signoutRedirectArgsOf).
    return { ...common, metadataSeed: { end_session_endpoint: cognitoLogoutEndpoint(auth.domain) } };
  }
  return { ...common, post_logout_redirect_uri: auth.postLogoutRedirectUri };
}

/** The arguments of `signoutRedirect`: Cognito's logout wants the client and where to return. */
export function signoutRedirectArgsOf(auth: OidcAuthConfig | CognitoAuthConfig): { readonly extraQueryParams?: Record<string, string> } {
  if (auth.kind === 'cognito') return { extraQueryParams: { client_id: auth.clientId, logout_uri: auth.postLogoutRedirectUri } };
  return {};
}

/** True when the query is a sign-in redirect's answer (a code, or an error, with the state it was sent with). */
export function isSigninCallback(search: string): boolean {
  const query = new URLSearchParams(search);
  return query.has('state') && (query.has('code') || query.has('error'));
}
