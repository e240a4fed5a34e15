/**
 * Identity for tests: real tokens from the local issuer, signed with one key per test
 * process, and the same local authorizer the local runtime puts in front of the API, so a
 * test request is verified exactly as a request to `npm start` is. Flawed tokens for the
 * bad-input tests are made here too.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { base64url, decodeJwt, exportSPKI, type JWTPayload, SignJWT } from 'jose';
import type { Role } from '#core/shared/principal.js';
import { type Authorization, createLocalAuthorizer, type LocalAuthorizer } from '#local/identity/local-authorizer.js';
import { createLocalIssuer, type TokenRequest } from '#local/identity/local-issuer.js';
import { generateSigningKey, SIGNING_ALGORITHM, type SigningKey } from '#local/identity/signing-key.js';

export interface TestUser {
  readonly repId: string;
  readonly role: Role;
}

/** Ways a token is wrong; each must be refused. */
export const TOKEN_FLAWS = [
  'expired',
  'not-yet-valid',
  'issued-in-the-future',
  'other-key',
  'unknown-kid',
  'no-kid',
  'tampered-groups',
  'other-issuer',
  'other-audience',
  'no-expiry',
  'alg-none',
  'hs256-with-public-key',
] as const;
export type TokenFlaw = (typeof TOKEN_FLAWS)[number];

export interface TokenOptions {
  /** Makes a token the authorizer must refuse. */
  readonly flaw?: TokenFlaw;
  /** @default now */
  readonly now?: Date;
  readonly expiresIn?: TokenRequest['expiresIn'];
}

const HOUR_SECONDS = 3600;

let testKey: Promise<SigningKey> | undefined;
let strangerKey: Promise<SigningKey> | undefined;

/** The process's test key, generated once: the one the test authorizer trusts. */
export function testSigningKey(): Promise<SigningKey> {
  testKey ??= generateSigningKey();
  return testKey;
}

/** A stranger's key, made only when a flawed token needs it (an RSA key takes a few hundred ms). */
function otherSigningKey(): Promise<SigningKey> {
  strangerKey ??= generateSigningKey();
  return strangerKey;
}

let authorizer: Promise<LocalAuthorizer> | undefined;

/** The local runtime's authorizer, trusting the test key. */
export function testAuthorizer(): Promise<LocalAuthorizer> {
  authorizer ??= testSigningKey().then((key) => createLocalAuthorizer({ key }));
  return authorizer;
}

/** A token for this rep and role, as `npm run token` prints it; with a flaw, one to be refused. */
export async function tokenFor(user: TestUser, options: TokenOptions = {}): Promise<string> {
  const key = await testSigningKey();
  const now = options.now ?? new Date();
  const issue = (request: Partial<TokenRequest> = {}, signingKey = key) =>
    createLocalIssuer(signingKey).issueToken({
      ...user,
      now,
      ...(options.expiresIn !== undefined ? { expiresIn: options.expiresIn } : {}),
      ...request,
    });
  const nowSeconds = Math.floor(now.getTime() / 1000);

  switch (options.flaw) {
    case undefined:
      return issue();
    case 'expired':
      return issue({ now: new Date(now.getTime() - 2 * HOUR_SECONDS * 1000), expiresIn: '1h' });
    case 'issued-in-the-future':
      return issue({ now: new Date(now.getTime() + HOUR_SECONDS * 1000) });
    case 'other-key':
      // Signed by someone else's key under our key's id: the signature does not verify.
      return resigned(await issue(), (payload) => payload, { kid: key.kid }, await otherSigningKey());
    case 'unknown-kid':
      return issue({}, await otherSigningKey());
    case 'no-kid':
      return resigned(await issue(), (payload) => payload, {}, key);
    case 'not-yet-valid':
      return resigned(await issue(), (payload) => ({ ...payload, nbf: nowSeconds + HOUR_SECONDS }), { kid: key.kid }, key);
    case 'other-issuer':
      return resigned(await issue(), (payload) => ({ ...payload, iss: 'https://issuer.example.com' }), { kid: key.kid }, key);
    case 'other-audience':
      return resigned(await issue(), (payload) => ({ ...payload, aud: 'another-app-client' }), { kid: key.kid }, key);
    case 'no-expiry':
      return resigned(await issue(), ({ exp: _exp, ...payload }) => payload, { kid: key.kid }, key);
    case 'tampered-groups': {
      // Role escalation by editing the payload of a valid token, keeping its signature.
      const token = await issue();
      const [header, , signature] = token.split('.');
      const payload = { ...decodeJwt(token), 'cognito:groups': ['admin'] };
      return `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
    }
    case 'alg-none': {
      const payload = decodeJwt(await issue());
      return `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(payload))}.`;
    }
    case 'hs256-with-public-key': {
      // Algorithm confusion: an HMAC "signature" keyed with the issuer's public key.
      const secret = new TextEncoder().encode(await exportSPKI(key.publicKey));
      return new SignJWT(decodeJwt(await issue())).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(secret);
    }
  }
}

/** `{ authorization: 'Bearer <token>' }` for a request's headers. */
export async function bearerFor(user: TestUser, options: TokenOptions = {}): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(user, options)}` };
}

/**
 * What API Gateway does before the function runs: the event with the verified claims in
 * `requestContext.authorizer.jwt`, or the 401 it answers (the function is not invoked).
 */
export async function authorizedEvent(event: APIGatewayProxyEventV2): Promise<Authorization> {
  return (await testAuthorizer()).authorize(event);
}

async function resigned(
  token: string,
  change: (payload: JWTPayload) => JWTPayload,
  header: { kid?: string },
  key: SigningKey,
): Promise<string> {
  return new SignJWT(change(decodeJwt(token))).setProtectedHeader({ alg: SIGNING_ALGORITHM, ...header }).sign(key.privateKey);
}
