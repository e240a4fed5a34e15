/**
 * The local stand-in for API Gateway's HTTP API JWT authorizer, following its documented
 * checks (developerguide/http-api-jwt-authorizer.html): the identity source
 * (`Authorization`) holds the token alone or after `Bearer `; the signature must verify
 * with the issuer's key named by the header's `kid`, RSA algorithms only; `iss` must be the
 * configured issuer; `aud` (or `client_id` when there is no `aud`) one of the configured
 * audiences; `exp` after now, `nbf` and `iat` before now. A refusal is what API Gateway
 * answers: 401 `{"message":"Unauthorized"}` with a `www-authenticate` header saying why,
 * and the function is never invoked. On success the function gets the claims as strings
 * (gateway-claims.ts) in `requestContext.authorizer.jwt`, with `scopes: null` as for a
 * route without authorization scopes.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errors, type JWTPayload, jwtVerify } from 'jose';
import { type Clock, systemClock } from '#core/shared/clock.js';
import { type GatewayClaims, gatewayClaimsOf } from './gateway-claims.js';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from './local-issuer.js';
import { SIGNING_ALGORITHM, type VerificationKey } from './signing-key.js';

/**
 * Leeway for `exp`, `nbf` and `iat`. API Gateway documents none; a few seconds keep a token
 * minted by another process on this machine valid at once without letting an expired one
 * live on noticeably.
 */
export const CLOCK_TOLERANCE_SECONDS = 5;

export interface LocalAuthorizerOptions {
  /** The issuer's public key (its JWKS holds this one key). */
  readonly key: VerificationKey;
  /** @default LOCAL_ISSUER */
  readonly issuer?: string;
  /** @default [LOCAL_CLIENT_ID] */
  readonly audiences?: readonly string[];
  /**
   * The gateway's clock: real time, never the application's (the demo pins that one to the
   * past while tokens are minted now). @default the system clock
   */
  readonly clock?: Clock;
}

export type Verification =
  | { readonly verified: true; readonly claims: GatewayClaims }
  | { readonly verified: false; readonly reason: string };

export type Authorization =
  | { readonly authorized: true; readonly event: APIGatewayProxyEventV2WithJWTAuthorizer }
  | { readonly authorized: false; readonly result: APIGatewayProxyStructuredResultV2 };

export interface LocalAuthorizer {
  /** Checks an `Authorization` header value; the claims are those the function would get. */
  verify(authorization: string | undefined): Promise<Verification>;
  /** The event with the verified claims in it, or the 401 API Gateway would answer instead. */
  authorize(event: APIGatewayProxyEventV2): Promise<Authorization>;
}

export function createLocalAuthorizer(options: LocalAuthorizerOptions): LocalAuthorizer {
  const { key, issuer = LOCAL_ISSUER, audiences = [LOCAL_CLIENT_ID], clock = systemClock } = options;

  async function verify(authorization: string | undefined): Promise<Verification> {
    const token = tokenOf(authorization);
    if (token === undefined) return refused('the token is missing');
    const now = clock.now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== key.kid) throw new errors.JWKSNoMatchingKey('no key of the issuer has this kid');
          return key.publicKey;
        },
        {
          algorithms: [SIGNING_ALGORITHM],
          issuer,
          requiredClaims: ['exp', 'iat'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: now,
        },
      ));
    } catch (error) {
      if (error instanceof errors.JOSEError) return refused(reasonOf(error));
      throw error;
    }
    // API Gateway checks `client_id` only when there is no `aud` (Cognito access tokens have none).
    const audience = payload.aud ?? (payload as { client_id?: unknown }).client_id;
    const presented = Array.isArray(audience) ? audience : [audience];
    if (!presented.some((value) => typeof value === 'string' && audiences.includes(value)))
      return refused('the token does not have a valid audience');
    // jose checks `iat` only against a maximum age; API Gateway wants it in the past.
    if ((payload.iat as number) > Math.floor(now.getTime() / 1000) + CLOCK_TOLERANCE_SECONDS)
      return refused('the token was issued in the future');
    return { verified: true, claims: gatewayClaimsOf(payload) };
  }

  return {
    verify,
    authorize: async (event) => {
      const verification = await verify(headerOf(event, 'authorization'));
      return verification.verified
        ? { authorized: true, event: withJwtClaims(event, verification.claims) }
        : { authorized: false, result: unauthorizedResult(verification.reason) };
    },
  };
}

/** The event as the function receives it behind a JWT authorizer that has verified these claims. */
export function withJwtClaims(event: APIGatewayProxyEventV2, claims: GatewayClaims): APIGatewayProxyEventV2WithJWTAuthorizer {
  return { ...event, requestContext: { ...event.requestContext, authorizer: { jwt: { claims: { ...claims }, scopes: null } } } };
}

/** API Gateway's answer to a request its JWT authorizer refuses. */
export function unauthorizedResult(reason: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 401,
    headers: {
      'content-type': 'application/json',
      'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${reason.replace(/["\\]/g, '')}"`,
    },
    body: JSON.stringify({ message: 'Unauthorized' }),
  };
}

/** The token alone, or after `Bearer `; any other scheme leaves text that is no JWT and fails verification. */
function tokenOf(authorization: string | undefined): string | undefined {
  const value = authorization?.trim();
  if (!value) return undefined;
  const bearer = /^Bearer(?:\s+(.*))?$/i.exec(value);
  return bearer ? bearer[1]?.trim() || undefined : value;
}

/** Header names are case-insensitive (the local server lower-cases them; test events may not). */
function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [header, value] of Object.entries(event.headers ?? {})) {
    if (header.toLowerCase() === name) return value;
  }
  return undefined;
}

function refused(reason: string): Verification {
  return { verified: false, reason };
}

function reasonOf(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `the token has no ${error.claim} claim`;
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    return `the token has an invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an accepted algorithm';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is not signed with a key of the issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  return 'the token is malformed';
}
