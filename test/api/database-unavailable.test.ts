/**
 * A database that cannot be reached (DynamoDB Local killed, a network outage, a timeout) is
 * a transient condition: every route, /health included, answers 503 with Retry-After, so
 * that clients retry and supervisors see it, instead of a 500 that reads like a bug.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { isDatabaseUnreachable, problemOf } from '#functions/api/problem-response.js';
import { apiClientOf } from '../support/api-requests.js';
import { fixedClock } from '../support/fixed-clock.js';

/** What the SDK throws when no connection can be made (the shape seen against a killed DynamoDB Local). */
function connectionError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), {
    code,
    errno: -111,
    syscall: 'connect',
    $metadata: { attempts: 3, totalRetryDelay: 87 },
  });
}

function timeoutError(): Error {
  return Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 2000 ms of inactivity'), {
    name: 'TimeoutError',
    $metadata: {},
  });
}

describe('problemOf: an unreachable database', () => {
  it.each([
    ['connection refused', connectionError('ECONNREFUSED')],
    ['socket hang up', connectionError('ECONNRESET')],
    ['broken pipe', connectionError('EPIPE')],
    ['host unreachable', connectionError('EHOSTUNREACH')],
    ['a timeout', timeoutError()],
    ['a cause', new Error('reading the rep failed', { cause: connectionError('ECONNREFUSED') })],
    [
      'happy eyeballs',
      Object.assign(new AggregateError([connectionError('ECONNREFUSED'), connectionError('ECONNREFUSED')]), { $metadata: {} }),
    ],
  ])('maps %s to 503 with Retry-After, saying nothing internal', (_, error) => {
    // Act
    const { problem, headers } = problemOf(error, '/reps/dave');

    // Assess
    expect(isDatabaseUnreachable(error)).toBe(true);
    expect(problem).toEqual({
      type: 'urn:sales-performance-engine:problem:database-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the database cannot be reached at the moment; try again shortly',
      instance: '/reps/dave',
      errors: [],
    });
    expect(Number(headers['retry-after'])).toBeGreaterThan(0);
  });

  it.each([
    ['a message that only mentions a code', new Error('connect ECONNREFUSED 10.0.0.7:8000')],
    ['a service answer', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('keeps %s a 500', (_, error) => {
    expect(isDatabaseUnreachable(error)).toBe(false);
    expect(problemOf(error, '/reps/dave').problem.status).toBe(500);
  });
});

describe('the handler boundary with the database down', () => {
  const unreachable = { send: async () => Promise.reject(connectionError('ECONNREFUSED')) } as unknown as DynamoDBDocumentClient;
  const handler = createApiHandler(
    { documentClient: unreachable, tableName: 'unused', clock: fixedClock('2026-02-15T12:00:00Z') },
    { logger: new Logger({ logLevel: 'SILENT' }) },
  );
  const call = apiClientOf(handler);

  it.each(['/health', '/reps/dave', '/pipeline/as-at?at=2026-01-01T00:00:00Z'])(
    'answers GET %s with a 503 problem and Retry-After',
    async (path) => {
      // Act
      const reply = await call({ method: 'GET', path });

      // Assess
      expect(reply.status).toBe(503);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
      expect(reply.body).toMatchObject({ status: 503, type: 'urn:sales-performance-engine:problem:database-unavailable' });
      expect(reply.headers['cache-control']).toBe('no-store');
    },
  );
});
