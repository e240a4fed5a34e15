/**
 * The local sign-in (config auth.kind 'local'): the local runtime's `/local/sign-in` issues
 * an ID token for the rep and role chosen on the sign-in page, kept in sessionStorage (this
 * tab only, gone when it closes) until it expires or the user signs out.
 */
import type { ApiClient } from '../api/api-client.js';
import type { AuthSession } from './auth-session.js';

const STORAGE_KEY = 'sales-performance.local-sign-in';

export type LocalRole = 'rep' | 'manager' | 'admin' | 'marketing';

export interface LocalSignInRep {
  readonly id: string;
  readonly name: string;
  readonly teamId: string;
}

interface StoredSignIn {
  readonly idToken: string;
  readonly expiresAt: string;
}

function read(storage: Storage): StoredSignIn | null {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<StoredSignIn> | null;
    if (!stored || typeof stored.idToken !== 'string' || typeof stored.expiresAt !== 'string') return null;
    return { idToken: stored.idToken, expiresAt: stored.expiresAt };
  } catch {
    return null;
  }
}

export interface LocalSession extends AuthSession {
  readonly kind: 'local';
  /** The active reps to choose from (no token needed). */
  reps(signal?: AbortSignal): Promise<LocalSignInRep[]>;
  signIn(repId: string, role: LocalRole): Promise<void>;
}

/** `signInApi` posts without a bearer: it is a client for the sign-in routes only. */
export function createLocalSession(
  signInApi: Pick<ApiClient, 'get' | 'post'>,
  storage: Storage = sessionStorage,
  now: () => number = Date.now,
): LocalSession {
  return {
    kind: 'local',
    idToken: async () => {
      const stored = read(storage);
      if (!stored) return null;
      // A few seconds early: a token that expires on its way is refused.
      if (Date.parse(stored.expiresAt) - 5_000 <= now()) {
        storage.removeItem(STORAGE_KEY);
        return null;
      }
      return stored.idToken;
    },
    signOut: async () => storage.removeItem(STORAGE_KEY),
    reps: async (signal) => (await signInApi.get<{ reps: LocalSignInRep[] }>('/local/sign-in/reps', {}, signal)).reps,
    signIn: async (repId, role) => {
      const { idToken, expiresAt } = await signInApi.post<StoredSignIn>('/local/sign-in', { repId, role });
      storage.setItem(STORAGE_KEY, JSON.stringify({ idToken, expiresAt }));
    },
  };
}
