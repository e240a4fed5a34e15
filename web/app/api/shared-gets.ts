/**
 * GETs shared within one rendering of a view: cards asking the same path and query share one
 * request (the gauge, the member bars and the stage doughnut read the same period once), and
 * every card that asked hears the progress of an answer that comes as a job, a card that asks
 * while the job already runs at once.
 */
import type { ApiClient, CallOptions, QueryValue } from './api-client.js';
import type { JobUpdate } from './pipeline-job.js';

export type SharedGet = <T>(path: string, query?: Readonly<Record<string, QueryValue>>, options?: CallOptions) => Promise<T>;

interface SharedRequest {
  readonly promise: Promise<unknown>;
  readonly listeners: Set<(update: JobUpdate) => void>;
  last: JobUpdate | undefined;
}

export function sharedGets(api: Pick<ApiClient, 'get'>, signal: AbortSignal): SharedGet {
  const requests = new Map<string, SharedRequest>();
  return <T>(path: string, query: Readonly<Record<string, QueryValue>> = {}, options: CallOptions = {}): Promise<T> => {
    const key = `${path}?${JSON.stringify(query)}`;
    let request = requests.get(key);
    if (!request) {
      const listeners = new Set<(update: JobUpdate) => void>();
      const created: SharedRequest = {
        listeners,
        last: undefined,
        promise: api.get<T>(path, query, signal, {
          onJobUpdate: (update) => {
            created.last = update;
            for (const listener of listeners) listener(update);
          },
        }),
      };
      request = created;
      requests.set(key, request);
    }
    const listener = options.onJobUpdate;
    if (listener) {
      request.listeners.add(listener);
      if (request.last) listener(request.last);
    }
    return request.promise as Promise<T>;
  };
}
