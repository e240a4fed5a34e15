import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '#web/app/api/api-client.js';
import { ApiError, isAbort } from '#web/app/api/api-error.js';
import { JOB_WAIT_LIMIT_MS, type JobUpdate, jobUrlOf, type PipelineJob, pollDelayMs } from '#web/app/api/pipeline-job.js';
import { sharedGets } from '#web/app/api/shared-gets.js';
import { jobProgressText } from '#web/app/components/job-progress.js';
import { createFormatters } from '#web/app/format/formatters.js';

const CHANGE = { from: '2016-02-01', to: '2016-02-26', stages: [{ stage: 'Proposal', newDeals: 1 }] };
const LOCATION = '/pipeline/jobs/job-1';

function job(status: PipelineJob['status'], more: Partial<PipelineJob> = {}): PipelineJob {
  return {
    id: 'job-1',
    kind: 'change',
    status,
    progress: { itemsRead: 0, itemsEstimated: null, fraction: null },
    ...more,
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const accepted = (headers: Record<string, string> = {}) =>
  json(202, job('queued'), { location: LOCATION, 'retry-after': '2', 'preference-applied': 'respond-async', ...headers });

/** A fetch that records when (on the fake clock) and what it was asked, and answers from the list in turn. */
function fakeFetch(...answers: Response[]) {
  const calls: { url: string; at: number; init: RequestInit | undefined }[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), at: Date.now(), init });
    if (init?.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    return answer;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

/** Settles `promise` while the fake clock runs, up to `ms`. */
async function runFor<T>(promise: Promise<T>, ms = 60_000): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return outcome;
}

describe('an answer that comes as a job (202 Accepted)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2016-02-26T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls the Location, reporting progress, and resolves with the job result: the document a 200 would carry', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(
      accepted(),
      json(200, job('running', { progress: { itemsRead: 420, itemsEstimated: 1000, fraction: 0.42 } }), { 'retry-after': '2' }),
      json(200, job('succeeded', { result: CHANGE, progress: { itemsRead: 1000, itemsEstimated: 1000, fraction: 1 } })),
    );
    const api = createApiClient({ baseUrl: 'https://api.example.com/', idToken: async () => 'id-token', fetch });
    const updates: JobUpdate[] = [];

    // Act
    const { value, error } = await runFor(
      api.get('/pipeline/change', { from: '2016-02-01', to: '2016-02-26' }, undefined, { onJobUpdate: (update) => updates.push(update) }),
    );

    // Assess
    expect(error).toBeUndefined();
    expect(value).toEqual(CHANGE);
    expect(calls.map((call) => call.url)).toEqual([
      'https://api.example.com/pipeline/change?from=2016-02-01&to=2016-02-26',
      `https://api.example.com${LOCATION}`,
      `https://api.example.com${LOCATION}`,
    ]);
    for (const call of calls) expect(new Headers(call.init?.headers).get('authorization')).toBe('Bearer id-token');
    expect(calls.slice(1).map((call) => call.init?.method)).toEqual(['GET', 'GET']);
    // Retry-After: 2 each time.
    expect(calls.map((call, index) => (index === 0 ? 0 : call.at - (calls[index - 1] as { at: number }).at))).toEqual([0, 2_000, 2_000]);
    expect(updates).toEqual([
      { status: 'queued', progress: { itemsRead: 0, itemsEstimated: null, fraction: null } },
      { status: 'running', progress: { itemsRead: 420, itemsEstimated: 1000, fraction: 0.42 } },
    ]);
  });

  it('keeps its pauses between 1 and 5 s whatever Retry-After says, and posts follow jobs too', async () => {
    const { fetch, calls } = fakeFetch(
      accepted({ 'retry-after': '30' }),
      json(200, job('running'), { 'retry-after': '0' }),
      json(200, job('running')),
      json(200, job('succeeded', { result: { written: 3 } })),
    );
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    const { value } = await runFor(api.post('/pipeline/snapshots', { from: '2016-01-01' }));

    expect(value).toEqual({ written: 3 });
    expect(calls[1]?.url).toBe(LOCATION);
    // 30 s → 5 s; 0 → 1 s; none → the last pause again.
    expect(calls.slice(1).map((call, index) => call.at - (calls[index] as { at: number }).at)).toEqual([5_000, 1_000, 1_000]);
  });

  it('rejects with the failed job’s problem as an ApiError', async () => {
    const { fetch } = fakeFetch(
      accepted(),
      json(
        200,
        job('failed', { problem: { status: 503, title: 'Service Unavailable', detail: 'the stream has not recorded deal d-1 yet' } }),
      ),
    );
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    const { error } = await runFor(api.get('/pipeline/as-at', { at: '2016-02-26T08:30:00Z' }));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'problem',
      status: 503,
      title: 'Service Unavailable',
      detail: 'the stream has not recorded deal d-1 yet',
    });
    expect((error as ApiError).message).toBe('Service Unavailable: the stream has not recorded deal d-1 yet');
  });

  it('rejects with the poll’s own error when the job is gone (404)', async () => {
    const { fetch } = fakeFetch(accepted(), json(404, { title: 'Not Found', status: 404, detail: "job 'job-1' does not exist" }));
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    const { error } = await runFor(api.get('/pipeline/change'));

    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('stops polling as soon as the view’s signal aborts, rejecting as an abort (not an error to show)', async () => {
    const { fetch, calls } = fakeFetch(accepted(), json(200, job('running')), json(200, job('running')));
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });
    const navigation = new AbortController();

    const outcome = api.get('/pipeline/change', {}, navigation.signal).then(
      () => undefined,
      (error: unknown) => error,
    );
    // The first poll at 2 s, then aborted during the pause before the second.
    await vi.advanceTimersByTimeAsync(2_500);
    navigation.abort();
    const error = await outcome;
    await vi.advanceTimersByTimeAsync(30_000);

    expect(isAbort(error)).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('gives up with a 504 problem once a job is still running past the wait limit (lost to a redelivery or the dead-letter queue)', async () => {
    const running = Array.from({ length: Math.ceil(JOB_WAIT_LIMIT_MS / 2_000) + 5 }, () =>
      json(200, job('running'), { 'retry-after': '2' }),
    );
    const { fetch, calls } = fakeFetch(accepted(), ...running);
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    const { error } = await runFor(api.get('/pipeline/change'), JOB_WAIT_LIMIT_MS + 10_000);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(504);
    expect((error as ApiError).message).toContain('job-1');
    // Polled every 2 s until the limit, and not after it.
    expect(calls.length).toBeGreaterThan(JOB_WAIT_LIMIT_MS / 2_000 - 5);
    expect(calls.length).toBeLessThanOrEqual(JOB_WAIT_LIMIT_MS / 2_000 + 2);
  });

  it('follows the body’s job id when the browser hides Location (a cross-origin API that does not expose it)', async () => {
    const { fetch, calls } = fakeFetch(json(202, job('queued')), json(200, job('succeeded', { result: CHANGE })));
    const api = createApiClient({ baseUrl: 'https://api.example.com', idToken: async () => 't', fetch });

    const { value } = await runFor(api.get('/pipeline/change'));

    expect(value).toEqual(CHANGE);
    expect(calls[1]?.url).toBe('https://api.example.com/pipeline/jobs/job-1');
    // No Retry-After either: the default pause.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBe(2_000);
  });

  it('answers a 200 at once, and a 202 that is no job as it is (nothing to follow)', async () => {
    const { fetch, calls } = fakeFetch(json(200, CHANGE), json(202, { accepted: true }));
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });

    expect(await api.get('/pipeline/change')).toEqual(CHANGE);
    expect(await api.post('/imports/opportunities', [])).toEqual({ accepted: true });
    expect(calls).toHaveLength(2);
  });

  it('tells every card sharing one read where its job stands, a late one at once', async () => {
    const { fetch } = fakeFetch(
      accepted(),
      json(200, job('running', { progress: { itemsRead: 10, itemsEstimated: 100, fraction: 0.1 } })),
      json(200, job('succeeded', { result: CHANGE })),
    );
    const api = createApiClient({ baseUrl: '', idToken: async () => 't', fetch });
    const get = sharedGets(api, new AbortController().signal);
    const first: JobUpdate[] = [];
    const second: JobUpdate[] = [];

    const one = get('/pipeline/change', { from: 'a' }, { onJobUpdate: (update) => first.push(update) });
    await vi.advanceTimersByTimeAsync(2_500);
    const two = get('/pipeline/change', { from: 'a' }, { onJobUpdate: (update) => second.push(update) });
    await vi.advanceTimersByTimeAsync(5_000);

    expect(await one).toEqual(CHANGE);
    expect(await two).toEqual(CHANGE);
    expect(first.map((update) => update.status)).toEqual(['queued', 'running']);
    expect(second.map((update) => update.status)).toEqual(['running']);
  });
});

describe('job polling parts', () => {
  it('reads Retry-After as seconds or a date, within 1 to 5 s', () => {
    const now = Date.parse('2016-02-26T09:00:00Z');
    expect(pollDelayMs('2')).toBe(2_000);
    expect(pollDelayMs(null)).toBe(2_000);
    expect(pollDelayMs(null, 3_000)).toBe(3_000);
    expect(pollDelayMs('0')).toBe(1_000);
    expect(pollDelayMs('120')).toBe(5_000);
    expect(pollDelayMs('soon')).toBe(2_000);
    expect(pollDelayMs('Fri, 26 Feb 2016 09:00:04 GMT', 2_000, now)).toBe(4_000);
  });

  it('takes Location relative to the API base URL, path included', () => {
    expect(jobUrlOf('https://api.example.com/prod/', '/pipeline/jobs/j')).toBe('https://api.example.com/prod/pipeline/jobs/j');
    expect(jobUrlOf('', '/pipeline/jobs/j')).toBe('/pipeline/jobs/j');
    expect(jobUrlOf('', 'https://other.example.com/pipeline/jobs/j')).toBe('https://other.example.com/pipeline/jobs/j');
  });

  it('says how far the rebuild has got, in the reader’s locale', () => {
    const fmt = createFormatters({ currency: 'GBP', locale: 'en-GB' });
    const progress = (fraction: number | null, itemsRead = 0) => ({ itemsRead, itemsEstimated: null, fraction });

    expect(jobProgressText({ status: 'running', progress: progress(0.427) }, fmt)).toBe('Rebuilding the pipeline from history… 42%');
    expect(jobProgressText({ status: 'running', progress: progress(null, 12_345) }, fmt)).toBe(
      'Rebuilding the pipeline from history… 12,345 items read',
    );
    expect(jobProgressText({ status: 'queued', progress: progress(null) }, fmt)).toBe(
      'Rebuilding the pipeline from history… waiting for its turn',
    );
    // A share above 1 is shown as 100; German puts a (narrow no-break) space before the sign.
    expect(jobProgressText({ status: 'running', progress: progress(1.2) }, createFormatters({ currency: 'EUR', locale: 'de-DE' }))).toMatch(
      /^Rebuilding the pipeline from history… 100\s%$/,
    );
  });
});
