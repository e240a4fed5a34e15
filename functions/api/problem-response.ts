/**
 * RFC 9457 problem details. Status policy:
 * - 400: the request cannot be read or does not match its schema (malformed JSON, unknown
 *   or mistyped fields, bad amounts, dates, bands, query parameters, cursors, If-Match).
 * - 422: the request is well-formed but contradicts stored state or a domain rule checked
 *   by a use case (unknown or inactive owner, unknown stage, a team parent that would
 *   break the tree, createdAt in the future).
 * - 403 the caller may not do this (where saying so reveals nothing), 404 unknown resource
 *   or route (or one the caller may not see), 405 wrong method, 409 stale version or a change that
 *   conflicts with stored data, 413 body too large, 415 body not JSON, 503 (with Retry-After)
 *   an answer that waits for the stream to record recent changes, or a database that
 *   cannot be reached (no connection, a timeout), 500 anything else (with a generic
 *   detail: nothing internal leaves the boundary).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ZodError } from 'zod';
import { ConflictError, type FieldIssue, ForbiddenError, NotFoundError, RetryLaterError, ValidationError } from '#core/shared/errors.js';
import { InvalidCursorError } from '#core/shared/page.js';
import { HttpProblem } from './http-problems.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'urn:sales-performance-engine:problem:';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  /** The offending inputs (body fields, parameters, headers); empty when no single input is at fault. */
  readonly errors: readonly FieldIssue[];
}

export interface MappedProblem {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A ZodError's issues as dotted field paths. An unknown field is reported under its own
 * name; any other issue at the root is about the body as a whole.
 */
export function fieldIssuesOf(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
    // A bad record key (a month of a target map) says why in its own nested issue.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return [{ field: path.join('.') || 'body', message }];
  });
}

function problem(slug: string, title: string, status: number, detail: string, instance: string, errors?: readonly FieldIssue[]): Problem {
  return { type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, detail, instance, errors: errors ?? [] };
}

// What Node and the SDK's HTTP handler throw when no answer came from the database at all;
// the SDK has already retried these (they are its transient network errors) before we see one.
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TIMEOUT_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
/** Long enough for DynamoDB Local to be restarted by the local runtime, short for a blip on AWS. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * True for a failure to reach the database (connection refused or reset, a timeout), judged
 * by the error's code or name, never its message, also when wrapped as a cause or in an
 * AggregateError (Node's happy-eyeballs connect). A service's own answer (it has an HTTP
 * status) is not one.
 */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const { code, $metadata } = error as Error & { code?: unknown; $metadata?: { httpStatusCode?: number } };
  if ($metadata?.httpStatusCode !== undefined) return false;
  if ((typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) || TIMEOUT_ERROR_NAMES.has(error.name)) return true;
  if (error instanceof AggregateError && error.errors.length > 0 && error.errors.every((inner) => isDatabaseUnreachable(inner, depth + 1)))
    return true;
  return isDatabaseUnreachable(error.cause, depth + 1);
}

/** Maps any thrown value to a problem, by class. */
export function problemOf(error: unknown, instance: string): MappedProblem {
  if (error instanceof HttpProblem) {
    return { problem: problem(error.slug, error.title, error.status, error.detail, instance, error.errors), headers: error.headers };
  }
  if (error instanceof InvalidCursorError)
    return { problem: problem('invalid-request', 'Bad Request', 400, error.message, instance, error.issues), headers: {} };
  if (error instanceof ZodError) {
    const errors = fieldIssuesOf(error);
    const detail = `the request is invalid: ${errors.map((issue) => issue.field).join(', ')}`;
    return { problem: problem('invalid-request', 'Bad Request', 400, detail, instance, errors), headers: {} };
  }
  if (error instanceof ValidationError)
    return { problem: problem('unprocessable', 'Unprocessable Content', 422, error.message, instance, error.issues), headers: {} };
  if (error instanceof NotFoundError) return { problem: problem('not-found', 'Not Found', 404, error.message, instance), headers: {} };
  if (error instanceof ForbiddenError) return { problem: problem('forbidden', 'Forbidden', 403, error.message, instance), headers: {} };
  if (error instanceof ConflictError)
    return { problem: problem('conflict', 'Conflict', 409, error.message, instance, error.issues), headers: {} };
  if (error instanceof RetryLaterError) {
    return {
      problem: problem('retry-later', 'Service Unavailable', 503, error.message, instance),
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (isDatabaseUnreachable(error)) {
    const detail = 'the database cannot be reached at the moment; try again shortly';
    return {
      problem: problem('database-unavailable', 'Service Unavailable', 503, detail, instance),
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  return {
    problem: problem('internal', 'Internal Server Error', 500, 'the request could not be completed; try again later', instance),
    headers: {},
  };
}

export function problemResponse({ problem: body, headers }: MappedProblem): APIGatewayProxyStructuredResultV2 {
  return { statusCode: body.status, headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(body) };
}
