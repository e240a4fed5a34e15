import { describe, expect, it } from 'vitest';
import { principalOfClaims } from '#functions/api/principal-of-claims.js';
import { gatewayClaimsOf } from '#local/identity/gateway-claims.js';
import { CLOCK_TOLERANCE_SECONDS, createLocalAuthorizer } from '#local/identity/local-authorizer.js';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, lifetimeSeconds } from '#local/identity/local-issuer.js';
import { apiEvent } from '../support/api-requests.js';
import { fixedClock } from '../support/fixed-clock.js';
import { authorizedEvent, TOKEN_FLAWS, type TokenFlaw, testAuthorizer, testSigningKey, tokenFor } from '../support/test-identity.js';

const ISSUED_AT = '2026-03-02T10:00:00Z';
const ISSUED_AT_SECONDS = String(Date.parse(ISSUED_AT) / 1000);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The authorizer with its clock a minute after the tokens were issued. */
async function authorizerAt(instant = '2026-03-02T10:01:00Z') {
  return createLocalAuthorizer({ key: await testSigningKey(), clock: fixedClock(instant) });
}

describe('local authorizer: a valid token', () => {
  it.each([
    ['rep', { repId: 'dave', role: 'rep' }, {}],
    ['manager', { repId: 'mia', role: 'manager' }, { 'cognito:groups': '[manager]' }],
    ['admin', { repId: 'ops-1', role: 'admin' }, { 'cognito:groups': '[admin]' }],
  ] as const)('of a %s gives the claims as API Gateway passes them, and its principal', async (_role, user, groups) => {
    // Prepare
    const token = await tokenFor(user, { now: new Date(ISSUED_AT) });

    // Act
    const verification = await (await authorizerAt()).verify(`Bearer ${token}`);

    // Assess: every value a string; the groups array as "[...]"; a rep has no groups claim.
    expect(verification).toEqual({
      verified: true,
      claims: {
        iss: LOCAL_ISSUER,
        aud: LOCAL_CLIENT_ID,
        sub: expect.stringMatching(UUID),
        jti: expect.stringMatching(UUID),
        token_use: 'id',
        auth_time: ISSUED_AT_SECONDS,
        iat: ISSUED_AT_SECONDS,
        exp: String(Number(ISSUED_AT_SECONDS) + 3600),
        'custom:repId': user.repId,
        ...groups,
      },
    });
    expect(principalOfClaims(verification.verified ? verification.claims : undefined)).toEqual(user);
  });

  it('keeps the same sub for the same rep, and a new jti per token', async () => {
    const authorizer = await testAuthorizer();
    const [first, second, other] = await Promise.all([
      tokenFor({ repId: 'dave', role: 'rep' }).then((token) => authorizer.verify(`Bearer ${token}`)),
      tokenFor({ repId: 'dave', role: 'admin' }).then((token) => authorizer.verify(`Bearer ${token}`)),
      tokenFor({ repId: 'mia', role: 'rep' }).then((token) => authorizer.verify(`Bearer ${token}`)),
    ]);
    if (!first?.verified || !second?.verified || !other?.verified) throw new Error('a valid token was refused');
    expect(first.claims.sub).toBe(second.claims.sub);
    expect(first.claims.sub).not.toBe(other.claims.sub);
    expect(first.claims.jti).not.toBe(second.claims.jti);
  });

  it.each([
    ['the token after Bearer', (token: string) => `Bearer ${token}`],
    ['the scheme in any case', (token: string) => `bearer ${token}`],
    ['the token alone (API Gateway accepts it without the prefix)', (token: string) => token],
  ])('is read from %s', async (_case, header) => {
    const token = await tokenFor({ repId: 'dave', role: 'rep' });
    expect(await (await testAuthorizer()).verify(header(token))).toMatchObject({ verified: true });
  });

  it(`is still accepted ${CLOCK_TOLERANCE_SECONDS} s after it expired, not later`, async () => {
    const token = await tokenFor({ repId: 'dave', role: 'rep' }, { now: new Date(ISSUED_AT), expiresIn: '1h' });
    expect(await (await authorizerAt('2026-03-02T11:00:04Z')).verify(`Bearer ${token}`)).toMatchObject({ verified: true });
    expect(await (await authorizerAt('2026-03-02T11:00:06Z')).verify(`Bearer ${token}`)).toEqual({
      verified: false,
      reason: 'the token has expired',
    });
  });

  it('reaches the function: the event carries the claims in requestContext.authorizer.jwt, scopes null, the rest unchanged', async () => {
    // Prepare: header names as a client may send them.
    const token = await tokenFor({ repId: 'mia', role: 'manager' });
    const event = apiEvent({ method: 'GET', path: '/reps/mia?limit=2', headers: { Authorization: `Bearer ${token}` } });

    // Act
    const authorization = await authorizedEvent(event);

    // Assess
    if (!authorization.authorized) throw new Error(`refused: ${JSON.stringify(authorization.result)}`);
    const { authorizer, ...requestContext } = authorization.event.requestContext;
    expect(authorizer.jwt.scopes).toBeNull();
    expect(authorizer.jwt.claims).toMatchObject({ 'custom:repId': 'mia', 'cognito:groups': '[manager]' });
    expect(requestContext).toEqual(event.requestContext);
    expect({ ...authorization.event, requestContext: event.requestContext }).toEqual(event);
  });
});

describe('local authorizer: refused', () => {
  const reasons: Record<TokenFlaw, string> = {
    expired: 'the token has expired',
    'not-yet-valid': 'the token is not valid yet',
    'issued-in-the-future': 'the token was issued in the future',
    'other-key': 'the token signature is invalid',
    'unknown-kid': 'the token is not signed with a key of the issuer',
    'no-kid': 'the token is not signed with a key of the issuer',
    'tampered-groups': 'the token signature is invalid',
    'other-issuer': 'the token does not have a valid issuer',
    'other-audience': 'the token does not have a valid audience',
    'no-expiry': 'the token has no exp claim',
    'alg-none': 'the token is not signed with an accepted algorithm',
    'hs256-with-public-key': 'the token is not signed with an accepted algorithm',
  };

  it.each(TOKEN_FLAWS)('a token with the flaw %s', async (flaw) => {
    const token = await tokenFor({ repId: 'dave', role: 'rep' }, { flaw });
    expect(await (await testAuthorizer()).verify(`Bearer ${token}`)).toEqual({ verified: false, reason: reasons[flaw] });
  });

  it('a hand-made alg none token: header {"alg":"none"}, the payload of a valid token, no signature', async () => {
    const valid = await tokenFor({ repId: 'dave', role: 'admin' });
    const payload = valid.split('.')[1];
    const header = Buffer.from('{"alg":"none"}').toString('base64url');
    for (const token of [`${header}.${payload}.`, `${header}.${payload}`]) {
      expect(await (await testAuthorizer()).verify(`Bearer ${token}`)).toMatchObject({ verified: false });
    }
  });

  it.each([
    ['no header', undefined, 'the token is missing'],
    ['an empty header', '', 'the token is missing'],
    ['Bearer without a token', 'Bearer ', 'the token is missing'],
    ['another scheme', 'Basic ZGF2ZTpzZWNyZXQ=', 'the token is malformed'],
    ['no JWT', 'Bearer not-a-token', 'the token is malformed'],
    ['three parts of nothing', 'Bearer a.b.c', 'the token is malformed'],
  ])('%s', async (_case, header, reason) => {
    expect(await (await testAuthorizer()).verify(header)).toEqual({ verified: false, reason });
  });

  it('a valid token after another scheme', async () => {
    const token = await tokenFor({ repId: 'dave', role: 'rep' });
    expect(await (await testAuthorizer()).verify(`Basic ${token}`)).toEqual({ verified: false, reason: 'the token is malformed' });
  });

  it('answers as API Gateway: 401 {"message":"Unauthorized"} with www-authenticate, and no event', async () => {
    const event = apiEvent({
      method: 'GET',
      path: '/reps/dave',
      headers: { authorization: `Bearer ${await tokenFor({ repId: 'dave', role: 'rep' }, { flaw: 'other-audience' })}` },
    });

    const authorization = await authorizedEvent(event);

    expect(authorization).toEqual({
      authorized: false,
      result: {
        statusCode: 401,
        headers: {
          'content-type': 'application/json',
          'www-authenticate': 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
        },
        body: '{"message":"Unauthorized"}',
      },
    });
  });
});

describe('claims as API Gateway passes them', () => {
  it('strings as they are, numbers and booleans as text, arrays as "[a b]", objects as JSON, nulls left out', () => {
    expect(
      gatewayClaimsOf({
        s: 'x',
        n: 1612061676,
        f: 1.5,
        b: true,
        groups: ['manager', 'admin'],
        empty: [],
        o: { city: 'Seattle' },
        gone: null,
      }),
    ).toEqual({
      s: 'x',
      n: '1612061676',
      f: '1.5',
      b: 'true',
      groups: '[manager admin]',
      empty: '[]',
      o: '{"city":"Seattle"}',
    });
  });
});

describe('token lifetime', () => {
  it.each([
    ['8h', 28_800],
    ['30m', 1_800],
    ['1d', 86_400],
    [300, 300],
  ] as const)('%s is %i seconds', (expiresIn, seconds) => {
    expect(lifetimeSeconds(expiresIn)).toBe(seconds);
  });

  it.each(['4m', '25h', '2d', 'soon', '1.5h', '', 299])('%s is refused (Cognito: 5 minutes to 1 day)', (expiresIn) => {
    expect(() => lifetimeSeconds(expiresIn)).toThrow(RangeError);
  });
});
