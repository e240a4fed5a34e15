import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { PayloadTooLargeError } from '#functions/api/http-problems.js';
import { problemOf, problemResponse } from '#functions/api/problem-response.js';
import type { LocalAuthorizer } from './identity/local-authorizer.js';
import { createLambdaContext } from './lambda-context.js';

export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A request as the local routes in front of the API see it. */
export interface LocalRequest {
  readonly method: string;
  /** The path as sent, undecoded and unnormalised (`/assets/../x` stays so). */
  readonly rawPath: string;
  readonly rawQueryString: string;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface LocalResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/**
 * What the local runtime serves beside the API on the same origin (the dashboard's files,
 * the local sign-in): an answer, or undefined to pass the request on to the authorizer and
 * the API handler. Nothing here reaches the handler.
 */
export type LocalRoutes = (request: LocalRequest) => Promise<LocalResponse | undefined>;

export interface HttpServerOptions {
  readonly handler: HttpApiHandler;
  /**
   * Every request passes it first, as every route of the deployed API has the JWT
   * authorizer: a refused one gets its 401 and never reaches the handler. Required, with no
   * default and no way around it: there is no unauthenticated path into the handler.
   */
  readonly authorizer: Pick<LocalAuthorizer, 'authorize'>;
  /** Answered before the authorizer; whatever they pass on goes to it and the handler as before. @default none */
  readonly localRoutes?: LocalRoutes;
  /** `0` picks a free port. @default 3000 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Larger bodies get 413 without reaching the handler, as at API Gateway (whose HTTP API takes up to 10 MB; each route's own limit is the handler's). @default 10 MiB */
  readonly maxBodyBytes?: number;
  /** The function name in the Lambda context. @default 'api' */
  readonly functionName?: string;
  /** @default console */
  readonly logger?: Pick<Console, 'error'>;
}

export interface LocalHttpServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TEN_MIB = 10 * 1024 * 1024;

/**
 * The local stand-in for the HTTP API: each request becomes an API Gateway HTTP API
 * payload 2.0 event for the `$default` route, as the deployed API sends it to the Lambda,
 * after the authorizer has verified its token and put the claims in it. CORS preflights
 * are not answered here (the deployed API, with CORS configured, answers them itself
 * without the authorizer); locally an OPTIONS request without a token is refused like any
 * other.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? TEN_MIB;
  const logger = options.logger ?? console;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('local HTTP server: request failed', error);
      if (!response.headersSent) writeJson(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) {
      // The function's own 413 problem, so that a client handles one shape.
      writeResult(response, problemResponse(problemOf(new PayloadTooLargeError(maxBodyBytes), request.url?.split('?')[0] ?? '/')));
      return;
    }
    const event = toHttpApiEvent(request, body, new Date());
    const local = await options.localRoutes?.({
      method: event.requestContext.http.method,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      headers: event.headers as Record<string, string>,
      body,
    });
    if (local) {
      writeLocal(response, local, request.method === 'HEAD');
      return;
    }
    const authorization = await options.authorizer.authorize(event);
    if (!authorization.authorized) {
      writeResult(response, authorization.result);
      return;
    }
    let result: APIGatewayProxyStructuredResultV2;
    try {
      result = await options.handler(authorization.event, createLambdaContext(options.functionName ?? 'api'));
    } catch (error) {
      // What API Gateway answers when the integration fails.
      logger.error('local HTTP server: the handler threw', error);
      writeJson(response, 500, { message: 'Internal Server Error' });
      return;
    }
    writeResult(response, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Exported for tests: the event API Gateway would send for this request. */
export function toHttpApiEvent(request: IncomingMessage, body: string, receivedAt: Date): APIGatewayProxyEventV2 {
  const rawUrl = request.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const rawPath = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : rawUrl.slice(queryStart + 1);
  const headers = joinedHeaders(request);
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  // API Gateway moves cookies out of the headers into their own field.
  delete headers.cookie;
  const method = request.method ?? 'GET';
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    queryStringParameters: queryParameters(rawQueryString),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: clfTime(receivedAt),
      timeEpoch: receivedAt.getTime(),
    },
    body: body === '' ? undefined : body,
    pathParameters: undefined,
    isBase64Encoded: false,
  };
}

/** Header names lower-cased; repeated headers joined with commas, as API Gateway does. */
function joinedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] as string).toLowerCase();
    const value = raw[index + 1] as string;
    const separator = name === 'cookie' ? '; ' : ',';
    headers[name] = name in headers ? `${headers[name]}${separator}${value}` : value;
  }
  return headers;
}

/** Decoded parameters; a repeated parameter's values joined with commas, as API Gateway does. Absent when there is no query. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** API Gateway's requestContext.time format: 12/Mar/2026:19:03:58 +0000. */
function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/**
 * The body as UTF-8, or undefined once it exceeds the limit (judged on Content-Length
 * first, then while reading). The rest of an oversized body is still drained, unbuffered,
 * so the client gets to read the 413 instead of a connection reset.
 */
function readBody(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(request.headers['content-length'] ?? 0) > maxBytes ? Number.POSITIVE_INFINITY : 0;
    if (size > maxBytes) resolve(undefined);
    request.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) resolve(undefined);
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  // The Lambda runtime serialises the result as JSON, which drops an undefined header: so does this.
  for (const [name, value] of Object.entries(result.headers ?? {})) if (value !== undefined) response.setHeader(name, String(value));
  if (result.cookies && result.cookies.length > 0) response.setHeader('set-cookie', result.cookies);
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.statusCode = result.statusCode ?? 200;
  response.end(body);
}

function writeLocal(response: ServerResponse, local: LocalResponse, headOnly: boolean): void {
  for (const [name, value] of Object.entries(local.headers)) response.setHeader(name, value);
  response.statusCode = local.statusCode;
  if (headOnly || local.body === undefined) response.end();
  else response.end(local.body);
}

function writeJson(response: ServerResponse, statusCode: number, body: unknown, contentType = 'application/json'): void {
  response.statusCode = statusCode;
  response.setHeader('content-type', contentType);
  response.end(JSON.stringify(body));
}
