import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AuthenticatedContext } from './authentication.js';
import { problemOf, problemResponse } from './problem-response.js';

/**
 * The one place errors become responses, registered first so that middy runs it last.
 * Logs each failure once: 4xx at warn (the client's mistake), 5xx at error with the cause.
 * Logs carry the method, path (ids only), the caller's rep id and field names: never request
 * bodies, query strings, headers or tokens, so no personal data beyond ids.
 */
export function errorBoundary(
  logger: Logger,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AuthenticatedContext> {
  return {
    onError: async (request) => {
      const method = request.event.requestContext?.http?.method ?? 'UNKNOWN';
      const path = request.event.rawPath ?? request.event.requestContext?.http?.path ?? '';
      const requestId = request.context?.awsRequestId;
      // Who was refused what: a denied read or change is worth seeing by whom.
      const repId = request.context?.principal?.repId;
      const mapped = problemOf(request.error, path);
      const { status, type, errors } = mapped.problem;
      if (status >= 500) {
        logger.error('request failed', { requestId, repId, method, path, status, error: request.error as Error });
      } else {
        logger.warn('request rejected', { requestId, repId, method, path, status, type, fields: errors?.map((issue) => issue.field) });
      }
      request.response = problemResponse(mapped);
    },
  };
}
