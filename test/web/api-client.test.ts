import { describe, expect, it, vi } from 'vitest';
import { createApiClient, urlOf } from '#web/app/api/api-client.js';
import { ApiError, apiErrorOf, readableMessage } from '#web/app/api/api-error.js';

const PROBLEM = 'application/problem+json';

/** A fetch that records its calls and answers from the list, in turn. */
function fakeFetch(...answers: (Response | Error)[]) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    if (init?.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function problem(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': PROBLEM, ...headers } });
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('the API client', () => {
  it('sends the ID token as the bearer and reads the JSON answer', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(new Response(JSON.stringify({ name: 'Dave' }), { status: 200 }));
    const api = createApiClient({ baseUrl: 'https://api.example.com/', idToken: async () => 'id-token', fetch });

    // Act
    const answer = await api.get<{ name: string }>('/reps/dave', { month: '2016-02', teamId: undefined, sort: null, q: '' });

    // Assess
    expect(answer).toEqual({ name: 'Dave' });
    expect(calls[0]?.url).toBe('https://api.example.com/reps/dave?month=2016-02');
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('Bearer id-token');
    expect(calls[0]?.init?.method).toBe('GET');
    expect(calls[0]?.init?.credentials).toBe('omit');
  });

  it('posts JSON, and sends no bearer when anonymous (the local sign-in)', async () => {
    const { fetch, calls } = fakeFetch(new Response('{"idToken":"t","expiresAt":"2016-02-01T08:00:00.000Z"}', { status: 200 }));
    const idToken = vi.fn(async () => 'unused');
    const api = createApiClient({ baseUrl: '', idToken, anonymous: true, fetch });

    await api.post('/local/sign-in', { repId: 'dave', role: 'rep' });

    const headers = new Headers(calls[0]?.init?.headers);
    expect(calls[0]?.url).toBe('/local/sign-in');
    expect(headers.get('authorization')).toBeNull();
    expect(headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.init?.body).toBe('{"repId":"dave","role":"rep"}');
    expect(idToken).not.toHaveBeenCalled();
  });

  it('turns a problem into a readable message: title, detail and each offending field', async () => {
    const { fetch } = fakeFetch(
      problem(400, {
        type: 'urn:sales-performance-engine:problem:invalid-request',
        title: 'Bad Request',
        status: 400,
        detail: 'the request is invalid: month, sort',
        instance: '/quality',
        errors: [
          { field: 'month', message: 'must be a month YYYY-MM' },
          { field: 'sort', message: "must be one of 'closeDate', 'amount'" },
        ],
      }),
    );
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    const error = await failureOf(api.get('/quality', { month: '2016-13' }));

    expect(error.kind).toBe('problem');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "Bad Request: the request is invalid: month, sort (month: must be a month YYYY-MM; sort: must be one of 'closeDate', 'amount')",
    );
    expect(error.fieldErrors).toEqual([
      { field: 'month', message: 'must be a month YYYY-MM' },
      { field: 'sort', message: "must be one of 'closeDate', 'amount'" },
    ]);
  });

  it('says 404 and 403 as "not found" and "forbidden", for views that then show no figures', async () => {
    const { fetch } = fakeFetch(
      problem(404, { title: 'Not Found', status: 404, detail: "rep 'chloe' not found", errors: [] }),
      problem(403, { title: 'Forbidden', status: 403, detail: "you may not see team 'americas'", errors: [] }),
    );
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    const notFound = await failureOf(api.get('/reps/chloe/periods/2016-02'));
    const forbidden = await failureOf(api.get('/teams/americas/periods/2016-02'));

    expect([notFound.kind, notFound.message]).toEqual(['not-found', "Not Found: rep 'chloe' not found"]);
    expect([forbidden.kind, forbidden.message]).toEqual(['forbidden', "Forbidden: you may not see team 'americas'"]);
  });

  it("treats a 401 (API Gateway's own answer) as the end of the sign-in, and says so", async () => {
    const { fetch } = fakeFetch(
      new Response('{"message":"Unauthorized"}', { status: 401, headers: { 'content-type': 'application/json' } }),
    );
    const onUnauthorized = vi.fn();
    const api = createApiClient({ baseUrl: '', idToken: async () => 'expired', onUnauthorized, fetch });

    const error = await failureOf(api.get('/me'));

    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe('Unauthorized: your sign-in has expired or is not valid; sign in again');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not call the API without a token: it is a 401 at once', async () => {
    const { fetch, calls } = fakeFetch();
    const onUnauthorized = vi.fn();
    const api = createApiClient({ baseUrl: '', idToken: async () => null, onUnauthorized, fetch });

    const error = await failureOf(api.get('/me'));

    expect(error.kind).toBe('unauthorized');
    expect(calls).toHaveLength(0);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('says when to try again after a 429 or 503', async () => {
    const { fetch } = fakeFetch(
      problem(
        503,
        {
          title: 'Service Unavailable',
          status: 503,
          detail: 'the database cannot be reached at the moment; try again shortly',
          errors: [],
        },
        { 'retry-after': '5' },
      ),
      new Response('', { status: 429, headers: { 'retry-after': '3' } }),
    );
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    expect((await failureOf(api.get('/health'))).message).toBe(
      'Service Unavailable: the database cannot be reached at the moment; try again shortly (retry in 5 s)',
    );
    expect((await failureOf(api.get('/health'))).message).toBe('Too Many Requests: try again shortly (retry in 3 s)');
  });

  it('reads a failure whose body is not a problem: empty, text or HTML from a proxy', async () => {
    const { fetch } = fakeFetch(
      new Response('', { status: 500 }),
      new Response('<html><body>Bad gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      new Response('[1,2]', { status: 409 }),
    );
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    expect((await failureOf(api.get('/a'))).message).toBe('Internal Server Error');
    expect((await failureOf(api.get('/b'))).message).toBe('Bad Gateway');
    expect((await failureOf(api.get('/c'))).message).toBe('Conflict');
  });

  it('says "no connection" when no answer came', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    const error = await failureOf(api.get('/me'));

    expect(error.kind).toBe('network');
    expect(error.status).toBe(0);
    expect(error.message).toBe('No connection: the API could not be reached; check the connection and try again');
  });

  it('passes the AbortSignal on, and lets an abort through as an abort (not an error to show)', async () => {
    const { fetch, calls } = fakeFetch(new Response('{}', { status: 200 }));
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });
    const controller = new AbortController();
    controller.abort();

    const rejection = await api.get('/me', {}, controller.signal).catch((error: unknown) => error);

    expect(calls[0]?.init?.signal).toBe(controller.signal);
    expect((rejection as Error).name).toBe('AbortError');
    expect(rejection).not.toBeInstanceOf(ApiError);
  });

  it('refuses a successful answer that is not JSON', async () => {
    const { fetch } = fakeFetch(new Response('<html></html>', { status: 200 }));
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    expect((await failureOf(api.get('/me'))).message).toBe('Unreadable answer: the API answered with something that is not JSON');
  });
});

describe('problem messages', () => {
  it('leaves out a detail that repeats the title and fields the detail already names', () => {
    expect(readableMessage('Not Found', 'Not Found')).toBe('Not Found');
    expect(readableMessage('Conflict', 'if-match: stale version', [{ field: 'if-match', message: 'stale version' }])).toBe(
      'Conflict: if-match: stale version',
    );
    expect(readableMessage('Bad Request', '', [{ field: '', message: 'the body is not JSON' }])).toBe('Bad Request (the body is not JSON)');
  });

  it('ignores malformed errors lists', () => {
    expect(apiErrorOf(400, JSON.stringify({ title: 'Bad Request', detail: 'x', errors: 'nope' })).fieldErrors).toEqual([]);
    expect(apiErrorOf(400, JSON.stringify({ title: 'Bad Request', detail: 'x', errors: [null, 3, { field: 'a' }] })).fieldErrors).toEqual([
      { field: 'a', message: '' },
    ]);
  });
});

describe('urlOf', () => {
  it('joins the base, the path and the parameters that have a value', () => {
    expect(urlOf('', '/pipeline/trend', { series: 'weekly', last: 8, teamId: 'emea' })).toBe(
      '/pipeline/trend?series=weekly&last=8&teamId=emea',
    );
    expect(urlOf('https://x.execute-api.eu-west-1.amazonaws.com//', '/me')).toBe('https://x.execute-api.eu-west-1.amazonaws.com/me');
    expect(urlOf('', '/quality', { month: '2016-02', sort: undefined, order: null })).toBe('/quality?month=2016-02');
  });
});
