/**
 * `npm start` serves the dashboard on the API's origin: the built index.html, its hashed
 * assets and config.json with the headers CloudFront gives them on AWS, and the local
 * sign-in whose tokens the API accepts. Everything else still goes to the API, behind the
 * authorizer; no path reaches a file the build did not write.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#local/local-runtime.js';
import { bootstrapTestOrganisation, TEST_ADMIN } from '../support/test-organisation.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** A GET with the path sent exactly as written (fetch would normalise `..` away first). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path: rawPath, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end();
  });
}

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('the dashboard served by the local runtime', () => {
  let directory: string;
  let runtime: LocalRuntime;
  let adminToken: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'dashboard-serving-'));
    runtime = await startLocalRuntime({
      port: 0,
      inMemory: true,
      dataDirectory: directory,
      dashboard: true,
      startSchedules: false,
      log: () => {},
    });
    await bootstrapTestOrganisation(runtime.dependencies, { id: 'acme', name: 'Acme' });
    adminToken = await runtime.identity.issueToken({ repId: TEST_ADMIN.repId, role: 'admin' });
    // A second rep, made inactive: the sign-in does not offer it.
    for (const [id, active] of [
      ['dave', true],
      ['gone', false],
    ] as const) {
      const response = await fetch(`${runtime.url}/reps/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: id === 'dave' ? 'Dave Apthorp' : 'Gone Away', email: `${id}@example.com`, teamId: 'acme', active }),
      });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
    }
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('says where the dashboard is', () => {
    expect(runtime.dashboardUrl).toBe(`${runtime.url}/`);
  });

  it('serves the built index.html at / and /index.html, revalidated on every load, with the security headers', async () => {
    for (const page of ['/', '/index.html']) {
      // Act
      const response = await fetch(`${runtime.url}${page}`);

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expectSecurityHeaders(response);
      const html = await response.text();
      expect(html).toMatch(/<script type="module" src="\/assets\/app-[A-Z0-9]+\.js"><\/script>/);
      expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/app-[A-Z0-9]+\.css">/);
    }
  });

  it('serves the hashed assets index.html names, cached for a year, and 404 for any other name', async () => {
    // Prepare
    const html = await (await fetch(`${runtime.url}/`)).text();
    const script = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1] as string;
    const stylesheet = /href="(\/assets\/app-[A-Z0-9]+\.css)"/.exec(html)?.[1] as string;

    // Act
    const [js, css, missing] = await Promise.all([
      fetch(`${runtime.url}${script}`),
      fetch(`${runtime.url}${stylesheet}`),
      fetch(`${runtime.url}/assets/app-NOSUCHFILE.js`),
    ]);

    // Assess
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(js);
    expect((await js.text()).length).toBeGreaterThan(1000);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it('serves config.json: the API on the same origin, the local sign-in', async () => {
    const response = await fetch(`${runtime.url}/config.json`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expectSecurityHeaders(response);
    expect(await response.json()).toEqual({ apiUrl: '', auth: { kind: 'local' } });
  });

  it.each([
    '/assets/../package.json',
    '/assets/%2e%2e/package.json',
    '/assets/..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets//etc/passwd',
    '/assets/../../../../etc/passwd',
    '/assets/',
  ])('refuses %s: nothing outside the build is a file', async (rawPath) => {
    const response = await rawGet(runtime.url, rawPath);

    expect(response.status).toBe(404);
    expect(response.body).not.toContain('"name"');
    expect(response.body).not.toContain('root:');
  });

  it('passes every other path to the API, behind the authorizer', async () => {
    const [withoutToken, withToken, dotDot] = await Promise.all([
      fetch(`${runtime.url}/reps/admin`),
      fetch(`${runtime.url}/reps/admin`, { headers: { authorization: `Bearer ${adminToken}` } }),
      rawGet(runtime.url, '/../package.json'),
    ]);

    expect(withoutToken.status).toBe(401);
    expect(withToken.status).toBe(200);
    expect(dotDot.status).toBe(401);
  });

  it('lists the active reps to sign in as, without a token', async () => {
    const response = await fetch(`${runtime.url}/local/sign-in/reps`);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      reps: [
        { id: 'dave', name: 'Dave Apthorp', teamId: 'acme' },
        { id: 'admin', name: 'Sales Operations', teamId: 'acme' },
      ],
    });
  });

  it('signs in with a token of the local issuer that the API accepts, for the rep and role chosen', async () => {
    // Act
    const signIn = await fetch(`${runtime.url}/local/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repId: 'dave', role: 'rep' }),
    });

    // Assess
    expect(signIn.status).toBe(200);
    const { idToken, expiresAt } = (await signIn.json()) as { idToken: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(7 * 3600_000);
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] as string, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ 'custom:repId': 'dave', token_use: 'id' });
    expect(claims['cognito:groups']).toBeUndefined();
    expect(claims.exp * 1000).toBe(Date.parse(expiresAt));
    const me = await fetch(`${runtime.url}/me`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ rep: { id: 'dave', name: 'Dave Apthorp', teamId: 'acme' }, role: 'rep', company: null });
    const own = await fetch(`${runtime.url}/reps/dave`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { name: string }).name).toBe('Dave Apthorp');
    // A rep: another rep's record does not exist for them.
    const other = await fetch(`${runtime.url}/reps/admin`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(other.status).toBe(404);
  });

  it('signs in as a manager or an admin with the group the authorizer reads', async () => {
    const signIn = await fetch(`${runtime.url}/local/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repId: 'admin', role: 'admin' }),
    });
    const { idToken } = (await signIn.json()) as { idToken: string };

    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] as string, 'base64url').toString('utf8'));
    expect(claims['cognito:groups']).toEqual(['admin']);
    const me = await fetch(`${runtime.url}/me`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(await me.json()).toMatchObject({ role: 'admin', company: { id: 'acme', name: 'Acme' } });
    const others = await fetch(`${runtime.url}/reps/dave`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(others.status).toBe(200);
  });

  it.each([
    ['an inactive rep', { repId: 'gone', role: 'rep' }, 422, 'repId'],
    ['an unknown rep', { repId: 'nobody', role: 'admin' }, 422, 'repId'],
    ['an unknown role', { repId: 'dave', role: 'boss' }, 400, 'role'],
    ['an unknown field', { repId: 'dave', role: 'rep', extra: 1 }, 400, 'extra'],
  ])('refuses to sign in as %s, with a problem naming the field', async (_case, body, status, field) => {
    const response = await fetch(`${runtime.url}/local/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toContain(field);
  });

  it('refuses a body that is not JSON, and other methods', async () => {
    const [notJson, getSignIn, postReps, postIndex] = await Promise.all([
      fetch(`${runtime.url}/local/sign-in`, { method: 'POST', body: 'repId=dave' }),
      fetch(`${runtime.url}/local/sign-in`),
      fetch(`${runtime.url}/local/sign-in/reps`, { method: 'POST', body: '{}' }),
      fetch(`${runtime.url}/`, { method: 'POST', body: '{}' }),
    ]);

    expect(notJson.status).toBe(400);
    expect(getSignIn.status).toBe(405);
    expect(postReps.status).toBe(405);
    expect(postIndex.status).toBe(405);
  });
});
