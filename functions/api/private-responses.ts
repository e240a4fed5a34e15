/**
 * Every answer of this API is about someone's pay or pipeline, and personal to the caller:
 * no browser, proxy or CDN may keep a copy (`Cache-Control: no-store`), errors included.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type Request = { response: APIGatewayProxyStructuredResultV2 | null };

function markPrivate(request: Request): void {
  if (!request.response) return;
  request.response = { ...request.response, headers: { 'cache-control': 'no-store', ...request.response.headers } };
}

export function privateResponses(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return { after: async (request) => markPrivate(request), onError: async (request) => markPrivate(request) };
}
