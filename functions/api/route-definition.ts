/**
 * One route: method, path, the schemas of its parameters, body and responses, and the
 * action. The router and the OpenAPI document are both built from the same definitions,
 * so the document cannot drift from what is validated.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { accessContextFor } from '#core/organisation/access-context.js';
import type { AccessContext } from '#core/organisation/access-policy.js';
import type { Principal } from '#core/shared/principal.js';
import type { VersionPrecondition } from '#core/shared/version-precondition.js';
import type { Adapters } from '../composition-root.js';
import type { ApiTag } from './api-tags.js';
import { MalformedRequestError } from './http-problems.js';
import { RequestScopedReps } from './request-scoped-reps.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Response headers: name -> description. */
  readonly headers?: Readonly<Record<string, string>>;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteRequest<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The parsed If-Match header of a conditional route. */
  readonly ifMatch: VersionPrecondition | undefined;
  /** The caller: every action passes it to its use case, where access is decided. */
  readonly access: AccessContext;
  /** The request's headers, names in lower case (e.g. `prefer` of the time-travel routes). */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** The verbs an operationId starts with, so that generated clients read alike (`getRepMonth`, `listReps`). */
type OperationVerb = 'get' | 'list' | 'put' | 'delete' | 'import' | 'take' | 'convert';

/**
 * The operation's name in the OpenAPI document, which generated clients name their methods
 * after: set once and kept, since renaming one breaks those clients.
 */
export type OperationId = `${OperationVerb}${Capitalize<string>}`;

interface RouteSpec<P, Q, B> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: OperationId;
  readonly summary: string;
  readonly tag: ApiTag;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Accepts If-Match (optimistic concurrency). */
  readonly conditional?: boolean;
  /** A larger body limit than the default (bulk imports); the default suits every other route. */
  readonly maxBodyBytes?: number;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** Problem statuses the action itself can produce (404, 409, 422); the edge ones are added. */
  readonly problems?: readonly number[];
  readonly action: (request: RouteRequest<Infer<P>, Infer<Q>, Infer<B>>, adapters: Adapters) => Promise<RouteResponse>;
}

export interface ApiRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: OperationId;
  readonly summary: string;
  readonly tag: ApiTag;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly conditional: boolean;
  readonly maxBodyBytes?: number;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  readonly problems: readonly number[];
  handle(event: APIGatewayProxyEventV2, adapters: Adapters, principal: Principal): Promise<RouteResponse>;
}

const PATH_PARAMETER = /\{([^}]+)\}/g;

export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(PATH_PARAMETER)].map((match) => match[1] as string);
}

export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): ApiRoute {
  const names = pathParameterNames(spec.path);
  // 429: every request counts against its caller's allowance (where a per-caller limit is set).
  // 503: every route reads the caller's rep first, so any of them may find the database unreachable.
  const edgeProblems = [
    ...(spec.params || spec.query || spec.body || spec.conditional ? [400] : []),
    401,
    403,
    ...(spec.body ? [413, 415] : []),
    429,
    500,
    503,
  ];
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tag: spec.tag,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    conditional: spec.conditional ?? false,
    ...(spec.maxBodyBytes !== undefined ? { maxBodyBytes: spec.maxBodyBytes } : {}),
    responses: spec.responses,
    problems: [...new Set([...edgeProblems, ...(spec.problems ?? [])])].sort(),
    handle: async (event, adapters, principal) => {
      // Only the template's names: a proxy integration may add its own (e.g. `proxy`).
      const rawParams = Object.fromEntries(names.map((name) => [name, event.pathParameters?.[name]]));
      const request = {
        params: spec.params ? spec.params.parse(rawParams) : undefined,
        query: spec.query ? spec.query.parse(event.queryStringParameters ?? {}) : undefined,
        body: spec.body ? spec.body.parse(event.body) : undefined,
        ifMatch: spec.conditional ? preconditionOf(event.headers?.['if-match']) : undefined,
        headers: event.headers ?? {},
      };
      // Each rep read once per request: the caller's rep, read for the access context, is often read again (the deal's owner, GET /me).
      const requestAdapters: Adapters = { ...adapters, reps: new RequestScopedReps(adapters.reps) };
      // After validation, so that a malformed request costs no read; before the action, so none runs without it.
      const access = await accessContextFor(requestAdapters, principal);
      return spec.action({ ...request, access } as RouteRequest<Infer<P>, Infer<Q>, Infer<B>>, requestAdapters);
    },
  };
}

/** `"3"`, `W/"3"` or `3` is version 3; `*` means "must exist". */
export function preconditionOf(header: string | undefined): VersionPrecondition | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"?([1-9]\d{0,14})"?$/.exec(value);
  if (!match) throw new MalformedRequestError('If-Match', 'must be the ETag of a version, such as "3", or *');
  return Number(match[1]);
}

export function json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): RouteResponse {
  return { status, body, headers };
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
