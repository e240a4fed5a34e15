/**
 * Sends the mix's opportunity writes through the HTTP API at a fixed concurrency and
 * records, for each accepted write, when its request started and the version it produced.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { HttpJsonClient } from './http-json-client.js';
import type { WriteKind } from './write-kinds.js';
import type { WriteMix } from './write-mix.js';

/** The header the benchmark's API wrapper reads to attribute the request's capacity. */
export const KIND_HEADER = 'x-bench-kind';

export interface AcceptedWrite {
  readonly opportunityId: string;
  readonly kind: WriteKind;
  readonly version: number;
  readonly startedAt: number;
  readonly respondedAt: number;
}

export interface RejectedWrite {
  readonly opportunityId: string;
  readonly kind: WriteKind;
  readonly status: number;
  readonly detail: string;
}

export interface LoadResult {
  readonly accepted: readonly AcceptedWrite[];
  readonly rejected: readonly RejectedWrite[];
  /** Accepted with the deal's version unchanged: the API found nothing to write. */
  readonly unchanged: number;
}

export async function runWriteLoad(
  client: HttpJsonClient,
  mix: WriteMix,
  { writes, concurrency, rate, onProgress }: { writes: number; concurrency: number; rate?: number; onProgress?: (sent: number) => void },
): Promise<LoadResult> {
  const accepted: AcceptedWrite[] = [];
  const rejected: RejectedWrite[] = [];
  const versions = new Map<string, number>();
  let unchanged = 0;
  let sent = 0;
  const firstAt = performance.now();
  const worker = async () => {
    while (sent < writes) {
      const index = sent++;
      onProgress?.(sent);
      // With a rate, request starts are spaced evenly (as far as the concurrency allows).
      if (rate !== undefined) await sleep(firstAt + (index * 1000) / rate - performance.now());
      const write = mix.next();
      const startedAt = performance.now();
      const response = await client
        .send('PUT', `/opportunities/${write.opportunityId}`, write.body, { [KIND_HEADER]: write.kind })
        .catch((error: unknown) => ({ status: 0, text: String(error) }));
      const respondedAt = performance.now();
      const version = response.status < 300 ? (JSON.parse(response.text) as { version?: unknown }).version : undefined;
      if (typeof version !== 'number') {
        rejected.push({
          opportunityId: write.opportunityId,
          kind: write.kind,
          status: response.status,
          detail: response.text.slice(0, 300),
        });
        mix.settle(write, false);
        continue;
      }
      if (version === versions.get(write.opportunityId)) unchanged++;
      else accepted.push({ opportunityId: write.opportunityId, kind: write.kind, version, startedAt, respondedAt });
      versions.set(write.opportunityId, version);
      mix.settle(write, true);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { accepted, rejected, unchanged };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? sleepFor(ms) : Promise.resolve();
}
