/**
 * Takes the as-at snapshots of the open pipeline for some instants: the scheduled run, a
 * run taken late for the instant it missed, a refresh after a backfill.
 *
 * 1. Refuse instants in the future: the pipeline at an instant not reached yet is unknown.
 * 2. Read the deals: from the nearest usable checkpoint and the change log (history-at.ts),
 *    else the history since the earliest instant, waiting (RetryLaterError) while the
 *    stream has not recorded the changes of a deal written after it.
 * 3. Rebuild every scope (company, teams, reps) at every instant in one pass; store each
 *    instant's deal-state checkpoint (before its snapshot, whose company item marks the
 *    instant taken), so later time travel near it starts there.
 * 4. Per instant, compare with what is stored: write the scopes whose figures differ,
 *    delete the scopes that no longer have open deals. Equal figures write nothing, so a
 *    second run for the same instant changes nothing; a run after a backfill revises.
 * Stored items the rebuild could not read are left out (the store logs each); a run on
 * request lists them in `skipped`.
 */
import { type AccessContext, requireAdmin } from '../organisation/access-policy.js';
import { COMPANY_SCOPE, scopeKeyOf } from '../organisation/scope.js';
import type { Clock } from '../shared/clock.js';
import { ValidationError } from '../shared/errors.js';
import { instantOf, instantText } from '../shared/instant.js';
import { type SkippedItem, skippedField } from '../shared/skipped-item.js';
import { dealCheckpointAt } from './deal-checkpoint.js';
import { type HistoryAtPorts, readHistoryAt } from './history-at.js';
import { pipelineSnapshotsAt } from './pipeline-rebuild.js';
import { sameSnapshot } from './pipeline-snapshot.js';
import type { PipelineSnapshotRepository } from './pipeline-snapshot-repository.js';

export interface TakeSnapshotsPorts extends HistoryAtPorts {
  readonly snapshots: PipelineSnapshotRepository;
  readonly clock: Clock;
}

/** 'created': the instant had not been taken (its company scope is what marks it taken). */
export type SnapshotOutcome = 'created' | 'revised' | 'unchanged';

export interface SnapshotResult {
  readonly asAt: string;
  readonly outcome: SnapshotOutcome;
  /** Scopes written and deleted (0 and 0 when unchanged). */
  readonly scopesWritten: number;
  readonly scopesDeleted: number;
  /** Open deals in the company pipeline at the instant. */
  readonly openDeals: number;
}

/** A run's results, and the invalid stored items it left out (only when there are any). */
export interface SnapshotRun {
  readonly snapshots: readonly SnapshotResult[];
  readonly skipped?: readonly SkippedItem[];
}

export async function takePipelineSnapshots(ports: TakeSnapshotsPorts, instants: readonly Date[]): Promise<SnapshotResult[]> {
  return [...(await takeSnapshotRun(ports, instants)).snapshots];
}

async function takeSnapshotRun(ports: TakeSnapshotsPorts, instants: readonly Date[]): Promise<SnapshotRun> {
  const { snapshots, clock, timeTravel } = ports;
  const now = clock.now().getTime();
  // Each instant as its stored key (a snapshot's asAt), once, oldest first.
  const ordered = [...new Set(instants.map(instantText))].sort();
  for (const instant of ordered) {
    if (instantOf(instant).getTime() > now)
      throw new ValidationError(`cannot take a snapshot as at ${instant}: it is in the future`, [
        { field: 'asAt', message: 'must not be in the future' },
      ]);
  }
  const earliest = ordered[0];
  if (earliest === undefined) return { snapshots: [] };

  const { history: pipelineHistory } = await readHistoryAt(ports, ordered);

  const rebuilt = pipelineSnapshotsAt(pipelineHistory, ordered);
  const takenAt = clock.now().toISOString();
  const results: SnapshotResult[] = [];
  for (const asAt of ordered) {
    const scoped = rebuilt.get(asAt) ?? [];
    if (timeTravel) await timeTravel.checkpoints.write(asAt, dealCheckpointAt(pipelineHistory.deals, asAt));
    const stored = new Map((await snapshots.readInstant(asAt)).map((entry) => [scopeKeyOf(entry.scope), entry]));
    const puts = scoped.filter(({ scope, snapshot }) => {
      const before = stored.get(scopeKeyOf(scope));
      return !before || !sameSnapshot(before.snapshot, snapshot);
    });
    const kept = new Set(scoped.map(({ scope }) => scopeKeyOf(scope)));
    const deletes = [...stored.values()].filter(({ scope }) => !kept.has(scopeKeyOf(scope))).map(({ scope }) => scope);
    if (puts.length > 0 || deletes.length > 0) await snapshots.write({ asAt, puts, deletes, takenAt });
    results.push({
      asAt,
      outcome: !stored.has(scopeKeyOf(COMPANY_SCOPE)) ? 'created' : puts.length + deletes.length > 0 ? 'revised' : 'unchanged',
      scopesWritten: puts.length,
      scopesDeleted: deletes.length,
      openDeals: scoped.find(({ scope }) => scope.kind === 'company')?.snapshot.total.count ?? 0,
    });
  }
  return { snapshots: results, ...skippedField(pipelineHistory.skipped ?? []) };
}

/** Snapshots asked for through the API (a refresh after a backfill, a missed run): sales operations only. */
export function takePipelineSnapshotsOnRequest(
  ports: TakeSnapshotsPorts,
  access: AccessContext,
  instants: readonly Date[],
): Promise<SnapshotRun> {
  requireAdmin(access, 'take pipeline snapshots');
  return takeSnapshotRun(ports, instants);
}
