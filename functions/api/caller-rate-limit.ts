/**
 * A limit per caller, beside API Gateway's stage and route limits: an HTTP API has no usage
 * plans or API keys, and WAF cannot be attached to it, so one client could otherwise use
 * the whole stage budget. Each authenticated request counts against its rep's allowance in
 * a fixed window (shared by every Lambda through the table); past it the answer is 429 with
 * Retry-After, before any use case runs or the caller's standing is read.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import type { Clock } from '#core/shared/clock.js';
import { type AuthenticatedContext, principalOf } from './authentication.js';
import type { CallerRequestCounter } from './caller-request-counter.js';
import { TooManyRequestsError } from './http-problems.js';

export interface CallerRateLimit {
  /** Requests one caller may make per window. */
  readonly requests: number;
  readonly windowSeconds: number;
}

/** The window of the limit: long enough that a dashboard's burst of reads fits, short enough to recover quickly. */
export const CALLER_RATE_WINDOW_SECONDS = 10;

/** A per-second rate as the allowance of one window, e.g. 10/s: 100 requests per 10 s. */
export function callerRateLimitOf(requestsPerSecond: number): CallerRateLimit {
  return { requests: requestsPerSecond * CALLER_RATE_WINDOW_SECONDS, windowSeconds: CALLER_RATE_WINDOW_SECONDS };
}

const RequestsPerSecond = z.coerce.number().int().positive();

/** CALLER_RATE_LIMIT_PER_SECOND of the API function; unset means no per-caller limit. Invalid fails the cold start. */
export function callerRateLimitFromEnvironment(value = process.env.CALLER_RATE_LIMIT_PER_SECOND): CallerRateLimit | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = RequestsPerSecond.safeParse(value);
  if (!parsed.success) throw new Error(`CALLER_RATE_LIMIT_PER_SECOND must be a positive whole number, not '${value}'`);
  return callerRateLimitOf(parsed.data);
}

export function callerRateLimit(
  counter: CallerRequestCounter,
  limit: CallerRateLimit,
  clock: Clock,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AuthenticatedContext> {
  const windowMs = limit.windowSeconds * 1000;
  return {
    before: async (request) => {
      const { repId } = principalOf(request.context);
      const now = clock.now().getTime();
      const start = Math.floor(now / windowMs) * windowMs;
      if (!(await counter.tryCount(repId, { start: new Date(start), seconds: limit.windowSeconds }, limit.requests))) {
        throw new TooManyRequestsError(limit, Math.max(1, Math.ceil((start + windowMs - now) / 1000)));
      }
    },
  };
}
