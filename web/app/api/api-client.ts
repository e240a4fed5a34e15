/**
 * The dashboard's one way to the API: `fetch` with the signed-in user's ID token as the
 * bearer (the API's JWT authorizer verifies ID tokens), JSON in and out, every failure an
 * ApiError (api-error.ts). A 401 also tells the app, which sends the user back to sign in.
 * Each call takes the AbortSignal of the view that asked, so navigating away cancels what
 * the old view still had in flight. A 202 Accepted with a job (the time-travel reads, when
 * the question is too large to answer at once) is followed until the job's answer is in
 * (pipeline-job.ts): the call resolves with the same document a 200 would have carried.
 */
import { ApiError, apiErrorOf, isAbort, networkError } from './api-error.js';
import { followJob, type JobUpdate, jobLocationOf, jobUrlOf, type PipelineJob } from './pipeline-job.js';

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiClientOptions {
  /** The API's origin and base path, without a trailing slash; '' for the page's own origin. */
  readonly baseUrl: string;
  /** The ID token to send; null when nobody is signed in (the call fails as a 401 would, unsent). */
  readonly idToken: () => Promise<string | null>;
  /** Sends no bearer at all (the local sign-in's routes, which exist before any token). @default false */
  readonly anonymous?: boolean;
  /** Called once per 401 answer, before the call rejects. */
  readonly onUnauthorized?: () => void;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface CallOptions {
  /** Told the job's status and progress while an answer that came as a job (202) is awaited. */
  readonly onJobUpdate?: (update: JobUpdate) => void;
}

export interface ApiClient {
  get<T>(path: string, query?: Readonly<Record<string, QueryValue>>, signal?: AbortSignal, options?: CallOptions): Promise<T>;
  post<T>(path: string, body: unknown, signal?: AbortSignal, options?: CallOptions): Promise<T>;
}

/** A path with its query; parameters that are null, undefined or '' are left out. */
export function urlOf(baseUrl: string, path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== null && value !== undefined && value !== '') parameters.set(name, String(value));
  const search = parameters.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** One request: the answer's status, headers and JSON body; any unsuccessful answer thrown as an ApiError. */
  async function request(
    method: string,
    url: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; headers: Headers; json: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (!options.anonymous) {
      const token = await options.idToken();
      if (token === null) {
        options.onUnauthorized?.();
        throw apiErrorOf(401, '');
      }
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await send(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
        credentials: 'omit',
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw networkError();
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (isAbort(error)) throw error;
      throw networkError();
    }
    if (!response.ok) {
      const error = apiErrorOf(response.status, text, response.headers.get('retry-after'));
      if (error.kind === 'unauthorized') options.onUnauthorized?.();
      throw error;
    }
    try {
      return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
    } catch {
      throw new ApiError('problem', response.status, 'Unreadable answer', 'the API answered with something that is not JSON');
    }
  }

  async function call<T>(
    method: string,
    url: string,
    body: unknown,
    signal: AbortSignal | undefined,
    callOptions: CallOptions = {},
  ): Promise<T> {
    const answer = await request(method, url, body, signal);
    const location = answer.status === 202 ? jobLocationOf(answer.headers, answer.json) : null;
    if (location === null) return answer.json as T;
    const jobUrl = jobUrlOf(options.baseUrl, location);
    return followJob<T>({
      accepted: answer.json as PipelineJob,
      retryAfter: answer.headers.get('retry-after'),
      poll: async () => {
        const polled = await request('GET', jobUrl, undefined, signal);
        return { job: polled.json as PipelineJob, retryAfter: polled.headers.get('retry-after') };
      },
      signal,
      onUpdate: callOptions.onJobUpdate,
    });
  }

  return {
    get: (path, query, signal, callOptions) => call('GET', urlOf(options.baseUrl, path, query), undefined, signal, callOptions),
    post: (path, body, signal, callOptions) => call('POST', urlOf(options.baseUrl, path), body, signal, callOptions),
  };
}
