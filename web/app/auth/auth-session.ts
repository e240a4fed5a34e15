/** Who is signed in, as the rest of the app sees it, whichever way they signed in. */
export interface AuthSession {
  readonly kind: 'local' | 'oidc';
  /** The ID token to send as the bearer, or null when nobody is signed in (or the sign-in has expired). */
  idToken(): Promise<string | null>;
  /** Signs out: forgets the tokens (and, with an OpenID provider, ends its session too). */
  signOut(): Promise<void>;
}
