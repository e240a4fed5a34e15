/**
 * What went wrong with an API call, in words a person can read. The API answers errors as
 * RFC 9457 problem+json (`title`, `detail`, and `errors: [{field, message}]` naming each
 * offending input); API Gateway's own 401 is `{"message":"Unauthorized"}`; a network failure
 * has no answer at all. Each becomes an ApiError whose `kind` says what the page does:
 * sign in again (unauthorized), show "not found" and no figures (not-found, forbidden), or
 * show the message (problem, network).
 */

export type ApiErrorKind = 'unauthorized' | 'not-found' | 'forbidden' | 'problem' | 'network';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    /** 0 when no answer came. */
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(readableMessage(title, detail, fieldErrors));
  }
}

/** `Title: detail (field: message; field: message)`, leaving out what is missing or repeats. */
export function readableMessage(title: string, detail: string, fieldErrors: readonly FieldError[] = []): string {
  const head = detail && detail !== title ? (title ? `${title}: ${detail}` : detail) : title;
  const fields = fieldErrors
    .filter((error) => error.field || error.message)
    .map((error) => (error.field ? `${error.field}: ${error.message}` : error.message))
    .filter((text) => !head.includes(text));
  return fields.length > 0 ? `${head} (${fields.join('; ')})` : head;
}

function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 403) return 'forbidden';
  return 'problem';
}

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function fieldErrorsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map((entry) => ({ field: text(entry.field), message: text(entry.message) }))
    .filter((entry) => entry.field !== '' || entry.message !== '');
}

/** The error an unsuccessful answer stands for, whatever its body (problem+json, gateway JSON, text, nothing). */
export function apiErrorOf(status: number, body: string, retryAfter: string | null = null): ApiError {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const fallbackTitle = STATUS_TITLES[status] ?? `HTTP ${status}`;
  const problem = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const title = text(problem.title) || fallbackTitle;
  let detail = text(problem.detail) || text(problem.message);
  if (detail === title) detail = '';
  if (status === 401 && !detail) detail = 'your sign-in has expired or is not valid; sign in again';
  if ((status === 429 || status === 503) && retryAfter) detail = `${detail || 'try again shortly'} (retry in ${retryAfter} s)`;
  return new ApiError(kindOfStatus(status), status, title, detail, fieldErrorsOf(problem.errors));
}

/** No answer: the API could not be reached. */
export function networkError(): ApiError {
  return new ApiError('network', 0, 'No connection', 'the API could not be reached; check the connection and try again');
}

/** True for the rejection of a request that navigation aborted: not an error to show. */
export function isAbort(error: unknown): boolean {
  return (error instanceof Error || (typeof error === 'object' && error !== null)) && (error as { name?: unknown }).name === 'AbortError';
}
