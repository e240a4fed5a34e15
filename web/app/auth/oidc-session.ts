/**
 * Sign-in with an OpenID provider (Cognito on AWS) through oidc-client-ts, loaded only when
 * the configuration asks for it (a separate chunk: the local dashboard never loads it).
 * The provider's redirect comes back to `/` with `code` and `state` in the query: that
 * answer is exchanged for tokens (PKCE) first, then the URL the user was on is restored
 * without them. The ID token is the bearer the API's authorizer verifies.
 */
import type { CognitoAuthConfig, OidcAuthConfig } from '../config.js';
import type { AuthSession } from './auth-session.js';
import { isSigninCallback, signoutRedirectArgsOf, userManagerSettingsOf } from './oidc-settings.js';

export interface OidcSession extends AuthSession {
  readonly kind: 'oidc';
  /** Sends the browser to the provider's sign-in page; it comes back to the current URL. */
  signIn(): Promise<void>;
}

interface ReturnState {
  readonly returnTo?: string;
}

/** Only a path on this origin: a state that says otherwise is ignored. */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export async function createOidcSession(auth: OidcAuthConfig | CognitoAuthConfig): Promise<OidcSession> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const store = new WebStorageStateStore({ store: sessionStorage });
  const manager = new UserManager(userManagerSettingsOf(auth, { userStore: store, stateStore: store }));

  if (isSigninCallback(location.search)) {
    try {
      const user = await manager.signinRedirectCallback(location.href);
      history.replaceState(null, '', safeReturnTo((user.state as ReturnState | undefined)?.returnTo));
    } catch (error) {
      // Off the callback URL, so that trying again starts a new sign-in rather than replaying this answer.
      history.replaceState(null, '', '/');
      throw new Error(`The sign-in did not complete: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function currentUser() {
    const user = await manager.getUser();
    if (user && !user.expired) return user;
    if (user?.refresh_token) {
      try {
        return await manager.signinSilent();
      } catch {
        await manager.removeUser();
      }
    }
    return null;
  }

  return {
    kind: 'oidc',
    idToken: async () => (await currentUser())?.id_token ?? null,
    signIn: async () => {
      // A user the API refused (401) is forgotten first: the provider issues fresh tokens.
      await manager.removeUser();
      await manager.signinRedirect({ state: { returnTo: `${location.pathname}${location.search}` } satisfies ReturnState });
    },
    signOut: () => manager.signoutRedirect(signoutRedirectArgsOf(auth)),
  };
}
