/**
 * `/config.json`, written beside the app where it is served: where the API is and how to
 * sign in. Locally `{ apiUrl: '', auth: { kind: 'local' } }` (the API on the same origin,
 * the local sign-in); on AWS the deployment writes the API's URL and the Cognito user pool's
 * details. Read once at start; one file per environment, so the same build runs everywhere.
 */

export interface OidcAuthConfig {
  readonly kind: 'oidc';
  /** The OpenID provider's issuer URL (its discovery document is under it). */
  readonly authority: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  readonly scope: string;
}

/** Cognito: an OpenID provider whose discovery names no end-session endpoint; its hosted UI's domain has `/logout`. */
export interface CognitoAuthConfig extends Omit<OidcAuthConfig, 'kind'> {
  readonly kind: 'cognito';
  /** The user pool's hosted UI domain: `auth.example.com` or `https://…`. */
  readonly domain: string;
}

export type AuthConfig = { readonly kind: 'local' } | OidcAuthConfig | CognitoAuthConfig;

export interface AppConfig {
  /** The API's base URL without a trailing slash; '' for the page's own origin. */
  readonly apiUrl: string;
  readonly auth: AuthConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function requireText(source: Record<string, unknown>, name: string, where: string): string {
  const value = source[name];
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`config.json: ${where}${name} must be a non-empty string`);
  return value.trim();
}

/** The configuration in a parsed config.json, or a ConfigError naming what is wrong. */
export function parseConfig(json: unknown): AppConfig {
  if (typeof json !== 'object' || json === null) throw new ConfigError('config.json must hold an object');
  const config = json as Record<string, unknown>;
  const apiUrl = typeof config.apiUrl === 'string' ? config.apiUrl.trim().replace(/\/+$/, '') : null;
  if (apiUrl === null) throw new ConfigError('config.json: apiUrl must be a string (empty for the same origin)');
  const auth = config.auth;
  if (typeof auth !== 'object' || auth === null) throw new ConfigError('config.json: auth must be an object');
  const authConfig = auth as Record<string, unknown>;
  const kind = authConfig.kind;
  if (kind === 'local') return { apiUrl, auth: { kind: 'local' } };
  if (kind !== 'oidc' && kind !== 'cognito') throw new ConfigError("config.json: auth.kind must be 'local', 'cognito' or 'oidc'");
  const oidc = {
    authority: requireText(authConfig, 'authority', 'auth.'),
    clientId: requireText(authConfig, 'clientId', 'auth.'),
    redirectUri: requireText(authConfig, 'redirectUri', 'auth.'),
    postLogoutRedirectUri: requireText(authConfig, 'postLogoutRedirectUri', 'auth.'),
    scope: typeof authConfig.scope === 'string' && authConfig.scope.trim() !== '' ? authConfig.scope.trim() : 'openid email profile',
  };
  if (kind === 'oidc') return { apiUrl, auth: { kind, ...oidc } };
  return { apiUrl, auth: { kind, ...oidc, domain: requireText(authConfig, 'domain', 'auth.') } };
}

/** Fetches and parses `/config.json` (never cached: a deployment may change it). */
export async function loadConfig(fetchConfig: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchConfig('/config.json', { credentials: 'omit' });
  if (!response.ok) throw new ConfigError(`config.json could not be read (HTTP ${response.status})`);
  return parseConfig(await response.json());
}
