/**
 * The local stand-in for the Cognito user pool: it issues ID tokens with the claims a
 * Cognito ID token carries for one of our users, signed with the local signing key.
 * The role is group membership (`cognito:groups`), the rep the `custom:repId` attribute,
 * exactly what functions/api/principal-of-claims.ts reads on AWS.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '#core/shared/principal.js';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key.js';

/** The `iss` of local tokens (`.invalid` is reserved: it can never name a real issuer). */
export const LOCAL_ISSUER = 'https://identity.sales-performance.invalid';
/** The `aud` of local tokens: the app client id, which the authorizer requires. */
export const LOCAL_CLIENT_ID = 'sales-performance-local';

/** Cognito lets an ID token live between 5 minutes and 1 day; its default is 1 hour. */
export const DEFAULT_TOKEN_LIFETIME = '1h';
const MIN_LIFETIME_SECONDS = 5 * 60;
const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

export interface TokenRequest {
  readonly repId: string;
  readonly role: Role;
  /** Seconds, or a duration like '30m', '8h', '1d'. @default '1h' */
  readonly expiresIn?: number | string;
  /** The issue instant. @default now */
  readonly now?: Date;
}

export interface LocalIssuer {
  /** A compact JWS (RS256, `kid` in the header). */
  issueToken(request: TokenRequest): Promise<string>;
}

export function createLocalIssuer(key: SigningKey): LocalIssuer {
  return {
    issueToken: async ({ repId, role, expiresIn = DEFAULT_TOKEN_LIFETIME, now = new Date() }) => {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const lifetime = lifetimeSeconds(expiresIn);
      return new SignJWT({
        token_use: 'id',
        auth_time: issuedAt,
        'custom:repId': repId,
        // Cognito leaves the claim out for a user in no group: a rep.
        ...(role === 'rep' ? {} : { 'cognito:groups': [role] }),
      })
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_CLIENT_ID)
        .setSubject(subjectOf(repId))
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + lifetime)
        .sign(key.privateKey);
    },
  };
}

const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Seconds of a lifetime: a number of seconds or '90s', '30m', '8h', '1d'; within Cognito's 5 minutes to 1 day. */
export function lifetimeSeconds(expiresIn: number | string): number {
  let seconds: number;
  if (typeof expiresIn === 'number') {
    seconds = expiresIn;
  } else {
    const match = DURATION.exec(expiresIn.trim());
    if (!match) throw new RangeError(`a token lifetime is a number with s, m, h or d (like 30m or 8h), not "${expiresIn}"`);
    seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  }
  if (!Number.isInteger(seconds) || seconds < MIN_LIFETIME_SECONDS || seconds > MAX_LIFETIME_SECONDS) {
    throw new RangeError(
      `a token lives between 5 minutes and 1 day (as a Cognito ID token), not ${expiresIn}${typeof expiresIn === 'number' ? ' s' : ''}`,
    );
  }
  return seconds;
}

/** Cognito's `sub` is a UUID per user: here one derived from the rep id, so it stays the same for the same rep. */
function subjectOf(repId: string): string {
  const hex = createHash('sha256').update(`local-user:${repId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
