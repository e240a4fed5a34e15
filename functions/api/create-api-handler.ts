/**
 * The HTTP API handler factory: one function behind an HTTP API, routing with @middy/http-router.
 * The middleware order matters: middy runs `onError` in reverse order, so the error
 * boundary turns a failure into a response before the response headers (security headers,
 * no-store) are added to it, as to any other response; authentication runs before routing.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler, { type Route } from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type Adapters, adaptersOf } from '../composition-root.js';
import type { Dependencies } from '../shared/dependencies.js';
import { API_ROUTE_GROUPS } from './api-routes.js';
import { type AuthenticatedContext, authentication, principalOf } from './authentication.js';
import { type CallerRateLimit, callerRateLimit } from './caller-rate-limit.js';
import { CallerRequestCounter } from './caller-request-counter.js';
import { errorBoundary } from './error-boundary.js';
import { MethodNotAllowedError, RouteNotFoundError } from './http-problems.js';
import { jsonRequestBody } from './json-request-body.js';
import { isLazy, keysOf, type LazyRouteGroup, loadRoute, onFirstUse, type RouteGroup, type RouteKey } from './lazy-routes.js';
import { privateResponses } from './private-responses.js';
import type { ApiRoute, RouteResponse } from './route-definition.js';

type ApiEvent = APIGatewayProxyEventV2;
type ApiResult = APIGatewayProxyStructuredResultV2;
export type ApiHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

export interface ApiHandlerOptions {
  readonly logger?: Logger;
  /** Requests one caller may make per window (429 past it). @default - no per-caller limit */
  readonly callerRateLimit?: CallerRateLimit;
  /** The routes. @default API_ROUTE_GROUPS (tests give others, e.g. a group that fails to load) */
  readonly routes?: readonly RouteGroup[];
}

/**
 * Two defaults off, so that no header goes out without a value: `poweredBy` only blanks
 * Server and X-Powered-By (sets them to undefined; nothing here sets them), and
 * `reportingEndpoints`, with no endpoint to report to, sends an empty Reporting-Endpoints.
 * (The middleware's types do not list `reportingEndpoints` yet; it reads it all the same.)
 */
const SECURITY_HEADER_OPTIONS: NonNullable<Parameters<typeof httpSecurityHeaders>[0]> & { readonly reportingEndpoints: false } = {
  poweredBy: false,
  reportingEndpoints: false,
};

function resultOf({ status, body, headers = {} }: RouteResponse): ApiResult {
  if (body === undefined) return { statusCode: status, headers: { ...headers } };
  return { statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function lambdaOf(route: ApiRoute, adapters: Adapters): Route<ApiEvent, ApiResult>['handler'] {
  const handle = async (event: ApiEvent, context: AuthenticatedContext): Promise<ApiResult> =>
    resultOf(await route.handle(event, adapters, principalOf(context)));
  return route.body ? middy<ApiEvent, ApiResult, Error, AuthenticatedContext>(handle).use(jsonRequestBody(route.maxBodyBytes)) : handle;
}

/**
 * A route of a lazy group: the first request loads the group and builds the route's handler;
 * a load that fails (a missing chunk, a module that throws) rejects like any action, so the
 * error boundary answers 500 problem+json, and the next request tries the load again.
 */
function lazyLambdaOf(group: LazyRouteGroup, key: RouteKey, adapters: Adapters): Route<ApiEvent, ApiResult>['handler'] {
  // A route's handler is a plain function or a middy one; both take the router's (event, context, abort).
  type Invoke = (event: ApiEvent, context: Context, abort: unknown) => Promise<ApiResult>;
  const handlerOnce = onFirstUse(async () => lambdaOf(await loadRoute(group, key), adapters) as unknown as Invoke);
  const invoke: Invoke = async (event, context, abort) => (await handlerOnce())(event, context, abort);
  return invoke as Route<ApiEvent, ApiResult>['handler'];
}

/** Same matching as the router's: `{name}` is one path segment, a trailing slash is optional. */
function templatePattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^/]+\}/g, '[^/]+')}/?$`);
}

/** 405 when the path exists under other methods, else 404. */
function unroutable(routes: readonly RouteKey[]): (input: { method: string; path: string }) => never {
  const patterns = routes.map((route) => ({ method: route.method, pattern: templatePattern(route.path) }));
  return ({ method, path }) => {
    const allowed = [...new Set(patterns.filter(({ pattern }) => pattern.test(path)).map((entry) => entry.method))];
    throw allowed.length > 0 ? new MethodNotAllowedError(method, path, allowed) : new RouteNotFoundError(method, path);
  };
}

export function createApiHandler(deps: Dependencies, options: ApiHandlerOptions = {}): ApiHandler {
  const logger = options.logger ?? new Logger({ serviceName: 'sales-performance-api' });
  const adapters = adaptersOf(deps);
  const groups = options.routes ?? API_ROUTE_GROUPS;
  const router = httpRouterHandler<ApiEvent, ApiResult>({
    routes: groups.flatMap((group) =>
      isLazy(group)
        ? group.keys.map((key) => ({ ...key, handler: lazyLambdaOf(group, key, adapters) }))
        : group.routes.map((route) => ({ method: route.method, path: route.path, handler: lambdaOf(route, adapters) })),
    ),
    notFoundResponse: unroutable(keysOf(groups)),
  });
  // Authentication before routing: an unauthenticated caller learns nothing, not even which paths exist.
  const handler = middy<ApiEvent, ApiResult, Error, AuthenticatedContext>(router)
    .use(httpSecurityHeaders(SECURITY_HEADER_OPTIONS))
    .use(privateResponses())
    .use(errorBoundary(logger))
    .use(httpHeaderNormalizer())
    .use(authentication());
  // Counted once the caller is known and before anything else is read for them.
  return options.callerRateLimit
    ? handler.use(callerRateLimit(new CallerRequestCounter(deps), options.callerRateLimit, deps.clock))
    : handler;
}
