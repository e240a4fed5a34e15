/**
 * Throughput and latency from what the load generator saw (when each write started and
 * which version it made) and what the stream wrapper saw (when each version committed).
 */
import type { LatencySummary } from './latency-percentiles.js';
import { summariseLatencies } from './latency-percentiles.js';
import type { AcceptedWrite } from './load-generator.js';
import { type ProcessedVersion, versionKey } from './stream-progress.js';
import { WRITE_KINDS } from './write-kinds.js';

export interface EndToEndFigures {
  readonly endToEndSeconds: number;
  readonly endToEndWritesPerSecond: number;
  readonly apiSeconds: number;
  readonly apiWritesPerSecond: number;
  readonly writeToCommit: LatencySummary;
  readonly writeToHandled: LatencySummary;
  readonly apiResponse: LatencySummary;
  readonly byKind: Readonly<Record<string, number>>;
  readonly versionsWithoutTransaction: number;
  readonly kindMismatches: number;
}

/** Every accepted write's version must have been processed (StreamProgress.waitForAll). */
export function endToEndFigures(accepted: readonly AcceptedWrite[], processed: ReadonlyMap<string, ProcessedVersion>): EndToEndFigures {
  const handled = accepted.map((write) => {
    const version = processed.get(versionKey(write.opportunityId, write.version));
    if (!version) throw new Error(`version ${write.version} of ${write.opportunityId} was never processed`);
    return { write, version };
  });
  const committed = handled.filter(({ version }) => version.committedAt !== undefined);
  const firstStart = Math.min(...accepted.map((write) => write.startedAt));
  const lastCommit = Math.max(...handled.map(({ version }) => version.committedAt ?? version.handledAt));
  const lastResponse = Math.max(...accepted.map((write) => write.respondedAt));
  const endToEndSeconds = (lastCommit - firstStart) / 1000;
  const apiSeconds = (lastResponse - firstStart) / 1000;
  const byKind: Record<string, number> = Object.fromEntries(WRITE_KINDS.map((kind) => [kind, 0]));
  for (const write of accepted) byKind[write.kind] = (byKind[write.kind] ?? 0) + 1;
  return {
    endToEndSeconds,
    endToEndWritesPerSecond: accepted.length / endToEndSeconds,
    apiSeconds,
    apiWritesPerSecond: accepted.length / apiSeconds,
    writeToCommit: summariseLatencies(committed.map(({ write, version }) => (version.committedAt as number) - write.startedAt)),
    writeToHandled: summariseLatencies(handled.map(({ write, version }) => version.handledAt - write.startedAt)),
    apiResponse: summariseLatencies(accepted.map((write) => write.respondedAt - write.startedAt)),
    byKind,
    versionsWithoutTransaction: handled.length - committed.length,
    kindMismatches: handled.filter(({ write, version }) => version.kind !== write.kind).length,
  };
}
