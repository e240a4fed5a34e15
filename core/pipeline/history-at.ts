/**
 * What every rebuild of the past reads: from the nearest usable deal-state checkpoint and
 * the change log in between when it can (the fast path), else the whole table (the full
 * path, which waits while the stream has not recorded a deal written after the instant).
 *
 * A checkpoint at S is usable for instants T when
 * - the change log is complete (the upgrade that indexes older history has run),
 * - S is before any snapshot a backfill marked stale (a checkpoint from S on may lack deals
 *   the import wrote), and
 * - S and every T are settled: older than the stream can still be late (STREAM_SETTLED_MS,
 *   65 minutes: the mapping's 1-hour maximum record age, the function's timeout and a
 *   clock-skew margin; after it a record has been processed or is in the failure queue,
 *   where an alarm fires and an operator replays it), so every change dated up to them is
 *   in the log. The full path's per-deal
 *   stream check needs every current item, which is what the fast path avoids reading.
 * Of the usable checkpoints, the one with the shortest stretch of log to read is taken.
 */
import type { Clock } from '../shared/clock.js';
import { changeLogRange, dealRecordsFromCheckpoint } from './deal-checkpoint.js';
import { ensureHistoryRecorded } from './history-recorded.js';
import { type PipelineHistory, STREAM_SETTLED_MS } from './pipeline-rebuild.js';
import type { PipelineRebuildRepository } from './pipeline-rebuild-repository.js';
import type { TimeTravelRepositories } from './time-travel-repositories.js';

/**
 * How old an instant must be for the change log up to it to be complete: the stream's
 * maximum record age (1 h) + its function's timeout (60 s) + clock skew (4 min) = 65 min.
 * After maxRecordAge a record is processed or in the failure queue, where an alarm fires and
 * an operator replays it (the same reasoning the 24-hour retention bound used).
 */
export const CHANGE_LOG_SETTLED_MS = STREAM_SETTLED_MS;

export interface HistoryAtPorts {
  readonly history: PipelineRebuildRepository;
  readonly clock: Clock;
  /** Absent: always the full path. */
  readonly timeTravel?: TimeTravelRepositories;
}

export interface HistoryAt {
  readonly history: PipelineHistory;
  /** 'checkpoint': moved from the checkpoint of `checkpoint`; 'full': the whole table. */
  readonly path: 'checkpoint' | 'full';
  readonly checkpoint?: string;
}

/** The usable checkpoint nearest the instants (least log between), or undefined. */
export function chooseCheckpoint(
  checkpoints: readonly string[],
  instants: readonly string[],
  { staleFrom, now }: { readonly staleFrom: string | null; readonly now: Date },
): string | undefined {
  if (instants.length === 0) return undefined;
  const settledUpTo = now.getTime() - CHANGE_LOG_SETTLED_MS;
  const stale = staleFrom === null ? Number.POSITIVE_INFINITY : Date.parse(staleFrom);
  let best: { asAt: string; span: number } | undefined;
  for (const asAt of checkpoints) {
    const at = Date.parse(asAt);
    if (Number.isNaN(at) || at >= stale) continue;
    const { after, upTo } = changeLogRange(asAt, instants);
    if (Date.parse(upTo) > settledUpTo) continue;
    const span = Date.parse(upTo) - Date.parse(after);
    if (!best || span < best.span) best = { asAt, span };
  }
  return best?.asAt;
}

/**
 * The checkpoint the fast path would start from for `instants`, or undefined when only the
 * full path can answer (three small reads; what decides whether a question is a job).
 */
export async function usableCheckpoint(
  repositories: TimeTravelRepositories,
  instants: readonly string[],
  now: Date,
): Promise<string | undefined> {
  const [complete, stale, stored] = await Promise.all([
    repositories.changeLog.isComplete(),
    repositories.staleSnapshots.read(),
    repositories.checkpoints.instants(),
  ]);
  if (!complete) return undefined;
  return chooseCheckpoint(stored, instants, { staleFrom: stale?.from ?? null, now });
}

async function fromCheckpoint(
  repositories: TimeTravelRepositories,
  instants: readonly string[],
  now: Date,
): Promise<HistoryAt | undefined> {
  const checkpoint = await usableCheckpoint(repositories, instants, now);
  if (checkpoint === undefined) return undefined;
  const { after, upTo } = changeLogRange(checkpoint, instants);
  const [deals, log, context] = await Promise.all([
    repositories.checkpoints.read(checkpoint),
    repositories.changeLog.read(after, upTo),
    repositories.context.read([...instants].sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? checkpoint),
  ]);
  if (!deals) return undefined;
  const records = dealRecordsFromCheckpoint({ asAt: checkpoint, deals }, log, instants);
  if (!records) return undefined;
  const skipped = [...(context.skipped ?? []), ...(log.skipped ?? [])];
  return { history: { ...context, deals: records, ...(skipped.length > 0 ? { skipped } : {}) }, path: 'checkpoint', checkpoint };
}

/** The history the rebuild at `instants` needs (stored instant texts, any order, at least one). */
export async function readHistoryAt(ports: HistoryAtPorts, instants: readonly string[]): Promise<HistoryAt> {
  const now = ports.clock.now();
  const fast = ports.timeTravel ? await fromCheckpoint(ports.timeTravel, instants, now) : undefined;
  if (fast) return fast;
  const earliest = [...instants].sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  if (earliest === undefined) throw new Error('readHistoryAt needs at least one instant');
  const history = await ports.history.read(earliest);
  ensureHistoryRecorded(history.deals, earliest, ports.clock.now());
  return { history, path: 'full' };
}
