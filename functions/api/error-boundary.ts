import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemOf, problemResponse } from './problem-response.js';

/**
 * The one place errors become responses, registered first so that middy runs it last.
 * Logs each failure once: 4xx at warn (the client's mistake), 5xx at error with the cause.
 * Logs carry the method, path (ids only) and field names, never request bodies.
 */
export function errorBoundary(logger: Logger): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const method = request.event.requestContext?.http?.method ?? 'UNKNOWN';
      const path = request.event.rawPath ?? request.event.requestContext?.http?.path ?? '';
      const requestId = request.context?.awsRequestId;
      const mapped = problemOf(request.error, path);
      const { status, type, errors } = mapped.problem;
      if (status >= 500) {
        logger.error('request failed', { requestId, method, path, status, error: request.error as Error });
      } else {
        logger.warn('request rejected', { requestId, method, path, status, type, fields: errors?.map((issue) => issue.field) });
      }
      request.response = problemResponse(mapped);
    },
  };
}
