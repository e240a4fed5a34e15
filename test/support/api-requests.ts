import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { authorizedEvent, bearerFor, type TestUser } from './test-identity.js';
import { TEST_ADMIN } from './test-organisation.js';

/** An HTTP API (payload 2.0) event as API Gateway sends it to the function. */
export interface ApiRequest {
  readonly method: string;
  /** Path with an optional query string: '/reps?limit=2'. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is instead of JSON-encoding `body` (malformed JSON, other media types). */
  readonly rawBody?: string;
}

export function apiEvent({ method, path, body, headers = {}, rawBody }: ApiRequest): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = path.split('?');
  const query = new URLSearchParams(rawQueryString);
  const encoded = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const allHeaders = { ...(encoded !== undefined && rawBody === undefined ? { 'Content-Type': 'application/json' } : {}), ...headers };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: allHeaders,
    ...(query.size > 0 ? { queryStringParameters: Object.fromEntries(query) } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: '01/Feb/2016:00:00:00 +0000',
      timeEpoch: 1454284800000,
    },
    ...(encoded !== undefined ? { body: encoded } : {}),
    isBase64Encoded: false,
  };
}

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:api',
  memoryLimitInMB: '256',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/api',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

/** A response with its JSON body parsed (undefined when there is none). */
export interface ApiReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: any;
}

export function replyOf(result: APIGatewayProxyStructuredResultV2): ApiReply {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return { status: result.statusCode ?? 200, headers, body: result.body ? JSON.parse(result.body) : undefined };
}

export type ApiCall = (request: ApiRequest) => Promise<ApiReply>;

export type ApiHandlerFunction = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Sends requests through a handler as API Gateway would: each carries a real signed token
 * for `as` (the organisation's first admin unless told), verified by the local authorizer,
 * which answers 401 itself for a bad one. A request's own `authorization` header wins.
 */
export function apiClientOf(handler: ApiHandlerFunction, { as = TEST_ADMIN }: { readonly as?: TestUser } = {}): ApiCall {
  let bearer: Promise<{ authorization: string }> | undefined;
  return async (request) => {
    bearer ??= bearerFor(as);
    const own = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    const event = apiEvent({ ...request, headers: { ...(await bearer), ...own } });
    const authorization = await authorizedEvent(event);
    return replyOf(authorization.authorized ? await handler(authorization.event, lambdaContext) : authorization.result);
  };
}
