import type { FieldIssue } from '#core/shared/errors.js';

/**
 * Failures that exist only at the HTTP edge (routing, media type, size, headers). Domain
 * failures stay domain errors; the error boundary maps both.
 */
export class HttpProblem extends Error {
  override readonly name: string = 'HttpProblem';
  constructor(
    readonly status: number,
    /** Last part of the problem type URI. */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldIssue[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

export class RouteNotFoundError extends HttpProblem {
  constructor(method: string, path: string) {
    super(404, 'not-found', 'Not Found', `no route for ${method} ${path}`);
  }
}

export class MethodNotAllowedError extends HttpProblem {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, 'method-not-allowed', 'Method Not Allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`, [], {
      allow: allowed.join(', '),
    });
  }
}

export class UnsupportedMediaTypeError extends HttpProblem {
  constructor(contentType: string | undefined) {
    const message = `must be application/json, not ${contentType ? `'${contentType}'` : 'absent'}`;
    super(
      415,
      'unsupported-media-type',
      'Unsupported Media Type',
      `the body must be application/json, not ${contentType ? `'${contentType}'` : 'unlabelled'}`,
      [{ field: 'content-type', message }],
    );
  }
}

export class PayloadTooLargeError extends HttpProblem {
  constructor(limitBytes: number) {
    const message = `must not exceed ${limitBytes} bytes`;
    super(413, 'content-too-large', 'Content Too Large', `the body ${message}`, [{ field: 'body', message }]);
  }
}

/** A request that cannot be read at all: malformed JSON, an unreadable header. */
export class MalformedRequestError extends HttpProblem {
  constructor(field: string, message: string) {
    super(400, 'invalid-request', 'Bad Request', `${field} ${message}`, [{ field, message }]);
  }
}

/**
 * No verified identity in the request. API Gateway's JWT authorizer answers this before
 * the function runs; the function refuses too, so that no route is open if it is ever
 * reached without the authorizer.
 */
export class UnauthenticatedError extends HttpProblem {
  constructor() {
    super(401, 'unauthenticated', 'Unauthorized', 'sign in: the request carries no verified token naming a rep', [], {
      'www-authenticate': 'Bearer',
    });
  }
}

/** A caller past their allowance of requests (the per-caller rate limit); Retry-After says when the window ends. */
export class TooManyRequestsError extends HttpProblem {
  constructor(limit: { readonly requests: number; readonly windowSeconds: number }, retryAfterSeconds: number) {
    super(
      429,
      'too-many-requests',
      'Too Many Requests',
      `one caller may make ${limit.requests} requests every ${limit.windowSeconds} s; try again in ${retryAfterSeconds} s`,
      [],
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
