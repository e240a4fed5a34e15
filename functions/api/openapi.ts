/**
 * The OpenAPI 3.1 document, generated from the same route definitions (and zod schemas)
 * the router validates with. Schemas are named for components with zod's `.meta({ id })`,
 * which zod-to-openapi v9 reads for zod 4, so nothing needs `extendZodWithOpenApi`
 * (which only reaches schemas created after it runs: an import-order trap).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { API_TAGS } from './api-tags.js';
import { IfMatchHeaders } from './common-parameters.js';
import { MAX_BODY_BYTES } from './json-request-body.js';
import { ProblemDocument } from './problem-document.js';
import { PROBLEM_CONTENT_TYPE } from './problem-response.js';
import type { ApiRoute } from './route-definition.js';

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'the request is malformed or does not match its schema (errors name the fields)',
  401: 'no valid token (API Gateway answers {"message":"Unauthorized"}; the function a problem)',
  403: "forbidden for the caller, or the token's rep is unknown or inactive",
  404: 'not found',
  405: 'method not allowed',
  409: 'a stale If-Match or a conflict with stored data',
  415: 'body is not application/json',
  422: 'well-formed but contradicts stored data (errors name the fields)',
  429: 'the caller made more requests than one caller may in the window: retry after the Retry-After header (seconds)',
  500: 'internal error',
  503: 'the database cannot be reached, or the stream is still recording recent changes: retry after the Retry-After header (seconds)',
};

function responsesOf(route: ApiRoute): Record<string, ResponseConfig> {
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    responses[status] = {
      description: doc.description,
      ...(doc.schema ? { content: { 'application/json': { schema: doc.schema } } } : {}),
      ...(doc.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(doc.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
            ),
          }
        : {}),
    };
  }
  for (const status of route.problems) {
    const description =
      status === 413
        ? `body larger than ${(route.maxBodyBytes ?? MAX_BODY_BYTES) / 1024} KiB`
        : (PROBLEM_DESCRIPTIONS[status] ?? 'problem');
    responses[String(status)] = { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemDocument } } };
  }
  return responses;
}

export function openApiDocumentOf(routes: readonly ApiRoute[]): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'cognitoIdToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The ID token of a user pool user (custom:repId names the rep; cognito:groups admin or manager gives the role); locally `npm run token`.',
  });
  for (const route of routes) {
    const request: NonNullable<RouteConfig['request']> = {
      ...(route.params ? { params: route.params as NonNullable<RouteConfig['request']>['params'] } : {}),
      ...(route.query ? { query: route.query as NonNullable<RouteConfig['request']>['query'] } : {}),
      ...(route.conditional ? { headers: IfMatchHeaders } : {}),
      ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    };
    registry.registerPath({
      method: route.method.toLowerCase() as RouteConfig['method'],
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      request,
      security: [{ [bearer.name]: [] }],
      responses: responsesOf(route),
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Sales performance engine',
      version: '0.1.0',
      description:
        'Targets, graduated commission, pipeline quality. Money in integer minor units (cents); months YYYY-MM; instants UTC ISO-8601; ratios such as attainment and coverage are fractions (1 = 100 %), commission rates percentages (ratePercent). Errors are RFC 9457 application/problem+json.',
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    servers: [
      // Relative: the deployed API's own URL (its stage's invoke URL or custom domain), wherever the document was fetched from.
      { url: '/', description: 'the API that serves this document' },
      // The address npm start listens on and prints (127.0.0.1 only: `localhost` may resolve to ::1 first).
      { url: 'http://127.0.0.1:3000', description: 'the local runtime (npm start)' },
    ],
    tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
  });
}
