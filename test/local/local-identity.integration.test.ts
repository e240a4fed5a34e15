import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { principalOfClaims } from '#functions/api/principal-of-claims.js';
import { PROJECT_ROOT } from '#local/dynamodb-local.js';
import { type LocalHttpServer, startHttpServer } from '#local/http-server.js';
import { createLocalAuthorizer } from '#local/identity/local-authorizer.js';
import { createLocalIssuer } from '#local/identity/local-issuer.js';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE, type SigningKey } from '#local/identity/signing-key.js';
import { startLocalRuntime } from '#local/local-runtime.js';
import { tokenCli } from '#local/token-cli.js';

const run = promisify(execFile);
const silent = { error: () => undefined };

/** `npm run token` in process: the token it would print, or the exit code and message. */
async function tokenCommand(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await tokenCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

function claimsOf(event: APIGatewayProxyEventV2): Record<string, unknown> | undefined {
  return (event as Partial<APIGatewayProxyEventV2WithJWTAuthorizer>).requestContext?.authorizer?.jwt.claims;
}

describe('local HTTP server behind the local authorizer', () => {
  let dataDirectory: string;
  let key: SigningKey;
  let server: LocalHttpServer;
  let received: APIGatewayProxyEventV2[] = [];

  beforeAll(async () => {
    dataDirectory = await mkdtemp(path.join(tmpdir(), 'local-identity-'));
    key = await loadOrCreateSigningKey(dataDirectory);
    server = await startHttpServer({
      port: 0,
      logger: silent,
      maxBodyBytes: 1024,
      authorizer: createLocalAuthorizer({ key }),
      handler: async (event) => {
        received.push(event);
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(claimsOf(event)) };
      },
    });
  });
  afterEach(() => {
    received = [];
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDirectory, { recursive: true, force: true });
  });

  it.each([
    ['no token', {}],
    ['an empty Bearer', { authorization: 'Bearer ' }],
    ['a malformed token', { authorization: 'Bearer abc.def.ghi' }],
    ['another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
  ])('answers 401 as API Gateway to a request with %s, and the handler is never called', async (_case, headers) => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      // Act
      const response = await fetch(`${server.url}/reps/dave`, { method, headers, ...(method === 'PUT' ? { body: '{}' } : {}) });

      // Assess
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer scope="" error="invalid_token" error_description="the token is (missing|malformed)"$/,
      );
    }
    expect(received).toEqual([]);
  });

  it('refuses a token signed with the key of the data directory once it has expired', async () => {
    const expired = await createLocalIssuer(key).issueToken({
      repId: 'dave',
      role: 'admin',
      now: new Date(Date.now() - 2 * 3600_000),
      expiresIn: '1h',
    });

    const response = await fetch(`${server.url}/reps/dave`, { headers: { authorization: `Bearer ${expired}` } });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error_description="the token has expired"');
    expect(received).toEqual([]);
  });

  it('passes a request with a token from the token command to the handler, with the claims as API Gateway passes them', async () => {
    // Prepare
    const { code, out } = await tokenCommand('--rep', 'mia', '--role', 'manager', '--data-dir', dataDirectory);
    expect(code).toBe(0);

    // Act
    const response = await fetch(`${server.url}/teams/north?limit=2`, { headers: { authorization: `Bearer ${out[0]}` } });

    // Assess
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    const event = received[0] as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(event.rawPath).toBe('/teams/north');
    expect(event.requestContext.authorizer.jwt.scopes).toBeNull();
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims).toMatchObject({
      'custom:repId': 'mia',
      'cognito:groups': '[manager]',
      token_use: 'id',
      exp: expect.stringMatching(/^\d+$/),
    });
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
    expect(principalOfClaims(claims)).toEqual({ repId: 'mia', role: 'manager' });
    expect(await response.json()).toEqual(claims);
  });

  it('keeps the body limit: a larger body gets 413 without reaching the handler, one within it arrives whole', async () => {
    const { out } = await tokenCommand('--rep', 'dave', '--role', 'rep', '--data-dir', dataDirectory);
    const headers = { authorization: `Bearer ${out[0]}`, 'content-type': 'application/json' };

    const tooLarge = await fetch(`${server.url}/opportunities/o1`, { method: 'PUT', headers, body: 'x'.repeat(1025) });
    const within = await fetch(`${server.url}/opportunities/o1`, { method: 'PUT', headers, body: 'y'.repeat(1024) });

    expect(tooLarge.status).toBe(413);
    expect(within.status).toBe(200);
    expect(received.map((event) => event.body)).toEqual(['y'.repeat(1024)]);
  });
});

describe('npm run token', () => {
  let dataDirectory: string;

  beforeAll(async () => {
    dataDirectory = await mkdtemp(path.join(tmpdir(), 'token-cli-'));
  });
  afterAll(async () => {
    await rm(dataDirectory, { recursive: true, force: true });
  });

  it('prints only a token on stdout, which a server on the same data directory accepts', async () => {
    // Act: the real command, as `npm run token` runs it.
    const { stdout } = await run(
      'npx',
      ['tsx', 'local/token-cli.ts', '--rep', 'ops-1', '--role', 'admin', '--expires-in', '8h', '--data-dir', dataDirectory],
      { cwd: PROJECT_ROOT },
    );

    // Assess
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const key = await loadOrCreateSigningKey(dataDirectory);
    const verification = await createLocalAuthorizer({ key }).verify(`Bearer ${stdout.trim()}`);
    expect(verification).toMatchObject({ verified: true, claims: { 'custom:repId': 'ops-1', 'cognito:groups': '[admin]' } });
    if (verification.verified) expect(Number(verification.claims.exp) - Number(verification.claims.iat)).toBe(8 * 3600);
  }, 60_000);

  it('fails with a message on stderr and nothing on stdout for bad arguments', async () => {
    const failure = await run('npx', ['tsx', 'local/token-cli.ts', '--rep', 'not an id', '--role', 'boss', '--data-dir', dataDirectory], {
      cwd: PROJECT_ROOT,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);

    expect(failure).toMatchObject({ code: 1, stdout: '' });
    expect((failure as { stderr: string }).stderr).toContain('--rep: must be 1-64 characters');
    expect((failure as { stderr: string }).stderr).toContain('--role: must be one of rep, manager, admin');
  }, 60_000);

  it.each([
    [['--role', 'admin'], '--rep: required'],
    [['--rep', 'dave'], '--role: required'],
    [['--rep', 'dave', '--role', 'rep', '--expires-in', '2d'], '--expires-in: must be a lifetime'],
    [['--rep', 'dave', '--role', 'rep', '--scope', 'x'], "Unknown option '--scope'"],
  ])('refuses %j', async (argv, message) => {
    const { code, out, err } = await tokenCommand(...argv, '--data-dir', dataDirectory);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain(message);
  });
});

describe('the signing key file', () => {
  let dataDirectory: string;

  beforeAll(async () => {
    dataDirectory = await mkdtemp(path.join(tmpdir(), 'signing-key-'));
  });
  afterAll(async () => {
    await rm(dataDirectory, { recursive: true, force: true });
  });

  it('is created once, readable by its owner only, and the same key for every process that loads it', async () => {
    const directory = path.join(dataDirectory, 'fresh');

    // Act: several loaders racing on a directory without a key, then one more.
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateSigningKey(directory)));
    const later = await loadOrCreateSigningKey(directory);

    // Assess
    expect(new Set([...keys, later].map((key) => key.kid)).size).toBe(1);
    expect((await stat(path.join(directory, SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    const token = await createLocalIssuer(keys[0] as SigningKey).issueToken({ repId: 'dave', role: 'rep' });
    expect(await createLocalAuthorizer({ key: later }).verify(`Bearer ${token}`)).toMatchObject({ verified: true });
  });

  it('names itself when it is not a key', async () => {
    const directory = path.join(dataDirectory, 'broken');
    await loadOrCreateSigningKey(directory);
    const file = path.join(directory, SIGNING_KEY_FILE);
    const { d: _d, ...publicOnly } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify(publicOnly));

    await expect(loadOrCreateSigningKey(directory)).rejects.toThrow(/identity-key\.json is not an RS256 private JWK .*delete it/s);
  });
});

describe('local runtime', () => {
  it('lets no request without a token through, and accepts tokens of its identity and of the token command alike', async () => {
    // Prepare: the runtime in memory with a stub API; its key lives in the data directory.
    const dataDirectory = await mkdtemp(path.join(tmpdir(), 'local-runtime-identity-'));
    const seen: (Record<string, unknown> | undefined)[] = [];
    const runtime = await startLocalRuntime({
      port: 0,
      inMemory: true,
      dataDirectory,
      startSchedules: false,
      createHandlers: async () => ({
        api: async (event) => {
          seen.push(claimsOf(event));
          return { statusCode: 204 };
        },
        stream: async () => undefined,
      }),
    });
    try {
      const fromRuntime = await runtime.identity.issueToken({ repId: 'ops-1', role: 'admin' });
      const fromCommand = (await tokenCommand('--rep', 'dave', '--role', 'rep', '--data-dir', dataDirectory)).out[0];

      // Act
      const anonymous = await fetch(`${runtime.url}/health`);
      const admin = await fetch(`${runtime.url}/health`, { headers: { authorization: `Bearer ${fromRuntime}` } });
      const rep = await fetch(`${runtime.url}/health`, { headers: { authorization: `Bearer ${fromCommand}` } });

      // Assess
      expect([anonymous.status, admin.status, rep.status]).toEqual([401, 204, 204]);
      expect(seen.map((claims) => principalOfClaims(claims))).toEqual([
        { repId: 'ops-1', role: 'admin' },
        { repId: 'dave', role: 'rep' },
      ]);
      expect((await stat(path.join(dataDirectory, SIGNING_KEY_FILE))).isFile()).toBe(true);
    } finally {
      await runtime.stop();
      await rm(dataDirectory, { recursive: true, force: true });
    }
  }, 60_000);
});
