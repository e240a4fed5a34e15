/**
 * The one error boundary: domain and edge errors become RFC 9457 problems by class, a 500
 * says nothing internal, and each failure is logged once (4xx warn, 5xx error) without
 * request data.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, preconditionFailed, ValidationError } from '#core/shared/errors.js';
import { InvalidCursorError } from '#core/shared/page.js';
import { createApiHandler } from '#functions/api/create-api-handler.js';
import { MethodNotAllowedError, UnsupportedMediaTypeError } from '#functions/api/http-problems.js';
import { problemOf } from '#functions/api/problem-response.js';
import { type ApiRequest, apiClientOf } from '../support/api-requests.js';
import { type CommandLike, callerOnlyDatabase } from '../support/caller-only-database.js';
import { fixedClock } from '../support/fixed-clock.js';
import { tokenFor } from '../support/test-identity.js';
import { TEST_ADMIN } from '../support/test-organisation.js';

describe('problemOf', () => {
  it.each([
    [new NotFoundError("rep 'dave' not found"), 404, 'not-found'],
    [new ConflictError('opportunity is at version 3, not 2'), 409, 'conflict'],
    [new ValidationError('ownerId unknown', [{ field: 'ownerId', message: "rep 'x' does not exist" }]), 422, 'unprocessable'],
    [new InvalidCursorError(), 400, 'invalid-request'],
    [new MethodNotAllowedError('POST', '/reps/x', ['GET']), 405, 'method-not-allowed'],
  ])('maps %o to %i', (error, status, slug) => {
    const { problem } = problemOf(error, '/reps/x');
    expect(problem).toMatchObject({
      status,
      type: `urn:sales-performance-engine:problem:${slug}`,
      instance: '/reps/x',
      detail: error.message,
    });
  });

  it('maps a ZodError to 400 with dotted field paths', () => {
    const schema = z.strictObject({ productLines: z.array(z.strictObject({ amount: z.number().int() })) });
    const parsed = schema.safeParse({ productLines: [{ amount: 1 }, { amount: 1.5 }] });
    const { problem } = problemOf(parsed.error, '/opportunities/o1');
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([{ field: 'productLines.1.amount', message: expect.any(String) }]);
  });

  it('answers anything else with a generic 500 that leaks nothing', () => {
    const error = new Error('connect ECONNREFUSED 10.0.0.7:8000 table sales-prod');
    const { problem } = problemOf(error, '/reps/dave');
    expect(problem).toEqual({
      type: 'urn:sales-performance-engine:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'the request could not be completed; try again later',
      instance: '/reps/dave',
      errors: [],
    });
  });

  it.each([
    [
      'a stale If-Match, naming the header',
      preconditionFailed('opportunity is at version 3, not 2'),
      409,
      [{ field: 'if-match', message: 'opportunity is at version 3, not 2' }],
    ],
    [
      'a media type other than JSON, naming the header',
      new UnsupportedMediaTypeError('text/csv'),
      415,
      [{ field: 'content-type', message: "must be application/json, not 'text/csv'" }],
    ],
    ['a conflict with stored state, with an empty list', new ConflictError("stage 'won' is in use"), 409, []],
    ['a refusal, with an empty list', new ForbiddenError('only admins may do this'), 403, []],
    ['an unknown record, with an empty list', new NotFoundError("rep 'x' not found"), 404, []],
  ])('gives every problem an errors list: %s', (_case, error, status, errors) => {
    const { problem } = problemOf(error, '/reps/x');
    expect(problem).toMatchObject({ status, errors });
  });
});

describe('the handler boundary', () => {
  /** The caller (the test admin) is an active rep; every other command goes to `send`. */
  function handlerWith(send: (command: CommandLike) => Promise<unknown>) {
    const logger = new Logger({ logLevel: 'SILENT' });
    const warn = vi.spyOn(logger, 'warn');
    const error = vi.spyOn(logger, 'error');
    const handler = createApiHandler(
      { documentClient: callerOnlyDatabase(send), tableName: 'unused', clock: fixedClock('2016-02-15T12:00:00Z') },
      { logger },
    );
    const api = apiClientOf(handler);
    return { warn, error, call: (request: ApiRequest) => api(request) };
  }

  it('turns a NotFoundError from a use case into 404 and logs it once at warn', async () => {
    const { warn, error, call } = handlerWith(async () => ({}));
    const reply = await call({ method: 'GET', path: '/reps/dave' });
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
  });

  it('turns a store failure into a generic 500 and logs it once at error', async () => {
    const { warn, error, call } = handlerWith(async () => {
      throw new Error('ProvisionedThroughputExceededException on table sales-prod');
    });
    const reply = await call({ method: 'GET', path: '/reps/dave' });
    expect(reply.status).toBe(500);
    expect(JSON.stringify(reply.body)).not.toMatch(/sales-prod|Exception|at /);
    expect(error).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('marks every answer private and hardened, successes and problems alike', async () => {
    const { call } = handlerWith(async () => ({}));
    for (const [path, status] of [
      ['/health', 200],
      ['/reps/ghost', 404],
      ['/nowhere', 404],
    ] as const) {
      const reply = await call({ method: 'GET', path });
      expect(reply.status).toBe(status);
      expect(reply.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      expect(reply.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    }
    expect((await call({ method: 'GET', path: '/reps/ghost' })).headers['content-type']).toBe('application/problem+json');
  });

  it('sends no header without a value: none undefined (Server, X-Powered-By) and none empty (Reporting-Endpoints)', async () => {
    const { call } = handlerWith(async () => ({}));
    for (const path of ['/health', '/reps/ghost', '/nowhere']) {
      const { headers } = await call({ method: 'GET', path });
      for (const [name, value] of Object.entries(headers)) expect(value, name).not.toMatch(/^(undefined|null|\s*)$/);
      expect(headers).not.toHaveProperty('server');
      expect(headers).not.toHaveProperty('x-powered-by');
    }
  });

  it('logs who was refused by their rep id, never their token or the query string', async () => {
    const { warn, call } = handlerWith(async () => ({}));
    const token = await tokenFor(TEST_ADMIN);
    const reply = await call({ method: 'GET', path: '/reps/ghost?note=private-remark', headers: { authorization: `Bearer ${token}` } });
    expect(reply.status).toBe(404);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ repId: 'admin', status: 404, path: '/reps/ghost' });
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).not.toContain(token.split('.')[1]);
    expect(logged).not.toContain('private-remark');
  });

  it('logs a rejected body by field names only, never its values', async () => {
    const { warn, call } = handlerWith(async () => ({}));
    const reply = await call({
      method: 'PUT',
      path: '/reps/dave',
      body: { name: 'Dave Apthorp', email: 'not-an-email-dave@', teamId: 'north' },
    });
    expect(reply.status).toBe(400);
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('email');
    expect(logged).not.toContain('Dave Apthorp');
    expect(logged).not.toContain('not-an-email-dave@');
  });

  it('maps a corrupt stored item to 500, not to the 400 of a request ZodError', async () => {
    const { call } = handlerWith(async () => ({ Item: { pk: 'REP#dave', sk: 'REP', name: 'Dave', version: 'one' } }));
    expect((await call({ method: 'GET', path: '/reps/dave' })).status).toBe(500);
  });
});
