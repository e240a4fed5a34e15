/**
 * The per-caller limit through the real handler against DynamoDB Local: each caller has an
 * allowance per window, shared by every Lambda (two handlers on one table count together),
 * exact under concurrency; past it 429 problem+json with Retry-After, others unaffected.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerRateLimitFromEnvironment } from '#functions/api/caller-rate-limit.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { keys } from '#functions/store/keys.js';
import { type ApiCall, apiClientOf } from '../support/api-requests.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { silentLogger } from '../support/engine-harness.js';
import { fixedClock } from '../support/fixed-clock.js';
import { bootstrapTestOrganisation, TEST_ADMIN } from '../support/test-organisation.js';

const LIMIT = { requests: 5, windowSeconds: 10 };
const clock = fixedClock('2026-03-02T09:00:00Z');
let table: TestTable;
let admin: ApiCall;
let adminOnAnotherLambda: ApiCall;
let dave: ApiCall;

beforeAll(async () => {
  table = await createTestTable('caller-rate-limit');
  await bootstrapTestOrganisation(table.dependencies(clock));
  const unlimited = apiClientOf(createApiHandler(table.dependencies(clock), { logger: silentLogger }));
  expect(
    (await unlimited({ method: 'PUT', path: '/reps/dave', body: { name: 'Dave', email: 'dave@example.com', teamId: 'company' } })).status,
  ).toBe(201);
  const handler = createApiHandler(table.dependencies(clock), { logger: silentLogger, callerRateLimit: LIMIT });
  admin = apiClientOf(handler);
  dave = apiClientOf(handler, { as: { repId: 'dave', role: 'rep' } });
  adminOnAnotherLambda = apiClientOf(createApiHandler(table.dependencies(clock), { logger: silentLogger, callerRateLimit: LIMIT }));
});

afterAll(async () => {
  await table.delete();
});

const statuses = (replies: { status: number }[]) => replies.map((reply) => reply.status);

describe('the per-caller rate limit', () => {
  it('answers the allowance, then 429 problem+json with Retry-After until the window ends; another caller is not affected', async () => {
    clock.set('2026-03-02T09:00:00Z');
    const allowed = [];
    for (let request = 0; request < LIMIT.requests; request++) allowed.push(await admin({ method: 'GET', path: '/health' }));
    expect(statuses(allowed)).toEqual([200, 200, 200, 200, 200]);

    clock.set('2026-03-02T09:00:03.500Z');
    const refused = await admin({ method: 'GET', path: '/reps' });
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.headers['retry-after']).toBe('7');
    expect(refused.body).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
      detail: expect.stringContaining('5 requests every 10 s'),
    });
    // The counter stopped at the limit: a refused request is not counted.
    const counter = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.callerRequests(TEST_ADMIN.repId, '2026-03-02T09:00:00.000Z') }),
    );
    expect(counter.Item).toMatchObject({
      requests: 5,
      type: 'CallerRequests',
      expiresAt: Date.parse('2026-03-02T09:00:00Z') / 1000 + 10 + 60,
    });

    expect((await dave({ method: 'GET', path: '/health' })).status).toBe(200);

    clock.set('2026-03-02T09:00:10Z');
    expect((await admin({ method: 'GET', path: '/reps' })).status).toBe(200);
  });

  it('counts a caller across Lambdas: two handlers on one table share the allowance', async () => {
    clock.set('2026-03-02T10:00:00Z');
    for (let request = 0; request < 3; request++) expect((await admin({ method: 'GET', path: '/health' })).status).toBe(200);
    expect((await adminOnAnotherLambda({ method: 'GET', path: '/health' })).status).toBe(200);
    expect((await adminOnAnotherLambda({ method: 'GET', path: '/health' })).status).toBe(200);
    expect((await adminOnAnotherLambda({ method: 'GET', path: '/health' })).status).toBe(429);
  });

  it('lets exactly the allowance through when a caller sends 30 requests at once', async () => {
    clock.set('2026-03-02T11:00:00Z');
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, index) => (index % 2 ? admin : adminOnAnotherLambda)({ method: 'GET', path: '/health' })),
    );
    expect(statuses(replies).filter((status) => status === 200)).toHaveLength(LIMIT.requests);
    expect(statuses(replies).filter((status) => status === 429)).toHaveLength(30 - LIMIT.requests);
  });

  it('is configured by CALLER_RATE_LIMIT_PER_SECOND (unset: no limit; not a positive whole number: the cold start fails)', () => {
    expect(callerRateLimitFromEnvironment(undefined)).toBeUndefined();
    expect(callerRateLimitFromEnvironment('')).toBeUndefined();
    expect(callerRateLimitFromEnvironment('10')).toEqual({ requests: 100, windowSeconds: 10 });
    for (const invalid of ['0', '-1', '2.5', 'ten'])
      expect(() => callerRateLimitFromEnvironment(invalid)).toThrow(/CALLER_RATE_LIMIT_PER_SECOND/);
  });
});
