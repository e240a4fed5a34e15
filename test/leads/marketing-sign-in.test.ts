/** The local sign-in offers the marketing role: its token carries the marketing group, which the API reads as the marketing role. */
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { principalOfClaims } from '#functions/api/principal-of-claims.js';
import { createLocalIssuer } from '#local/identity/local-issuer.js';
import { localSignIn } from '#local/web/local-sign-in.js';
import { testSigningKey } from '../support/test-identity.js';

describe('local sign-in as marketing', () => {
  it('issues a token whose groups make the API see the marketing role', async () => {
    const rep = {
      id: 'mo',
      name: 'Mo',
      email: 'mo@example.com',
      teamId: 'acme',
      managerId: null,
      active: true,
      version: 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const routes = localSignIn({
      reps: { get: async (repId) => (repId === rep.id ? rep : undefined), listAll: async () => [rep] },
      issuer: createLocalIssuer(await testSigningKey()),
    });
    const reply = await routes({
      method: 'POST',
      rawPath: '/local/sign-in',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repId: 'mo', role: 'marketing' }),
    });
    expect(reply?.statusCode).toBe(200);
    const claims = decodeJwt(JSON.parse(String(reply?.body)).idToken);
    expect(claims['cognito:groups']).toEqual(['marketing']);
    expect(principalOfClaims(claims as Record<string, unknown>)).toEqual({ repId: 'mo', role: 'marketing' });
  });
});
