/**
 * Fills a fresh table with the benchmark's workload straight through DynamoDB, not the
 * API and the stream (far too slow for a million items): the organisation through its
 * stores (teams, stage configuration, reps with their version items), the deals and
 * their field history as the items the stream and the import write (field-history-item.ts), by BatchWriteItem
 * with several batches in flight.
 */

import { performance } from 'node:perf_hooks';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { type AuditSubject, auditEntryOf, auditSubjects } from '#core/shared/audit-entry.js';
import { fieldChangeToItem } from '#functions/opportunities/field-history-item.js';
import { opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import { RepStore } from '#functions/organisation/rep-store.js';
import { StageConfigurationStore } from '#functions/organisation/stage-configuration-store.js';
import { TeamStore } from '#functions/organisation/team-store.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { batchPutAll } from '#functions/store/batch-operations.js';
import { forEachConcurrently } from './concurrency.js';
import { type Expected, emptyExpected, type Workload } from './pipeline-history-generator.js';

/** BatchWriteItem's limit. */
const BATCH_SIZE = 25;
const PROGRESS_EVERY_MS = 10_000;

export interface LoadResult {
  readonly opportunityItems: number;
  readonly historyItems: number;
  /** Teams, reps, rep versions, stage configuration. */
  readonly organisationItems: number;
  readonly organisationSeconds: number;
  readonly seconds: number;
  readonly itemsPerSecond: number;
  readonly expected: Expected;
}

const LOADER = { repId: 'bench-loader', role: 'admin' } as const;

export async function loadWorkload(
  deps: Dependencies,
  workload: Workload,
  { writers, log }: { writers: number; log: (message: string) => void },
): Promise<LoadResult> {
  const startedAt = performance.now();
  const { teams, reps, moves } = workload.organisation;
  // Written straight through the stores, each with its audit entry, as sales operations would through the API.
  const audited = (subject: AuditSubject, after: { readonly updatedAt: string }) =>
    auditEntryOf({ actor: LOADER, at: new Date(after.updatedAt), subject, before: null, after });
  const teamStore = new TeamStore(deps);
  for (const team of teams) await teamStore.save(team, null, audited(auditSubjects.team(team.id), team));
  const stages = { stages: DEFAULT_STAGES.stages, version: 1, updatedAt: workload.setUpAt };
  await new StageConfigurationStore(deps).save(stages, 0, audited(auditSubjects.stageConfiguration(), stages));
  const repStore = new RepStore(deps);
  await forEachConcurrently(reps, writers, (rep) => repStore.save(rep, null, audited(auditSubjects.rep(rep.id), rep)));
  await forEachConcurrently(moves, writers, (rep) => repStore.save(rep, 1, audited(auditSubjects.rep(rep.id), rep)));
  // A move rewrites the rep item and adds a version item; every save adds its audit entry.
  const saves = teams.length + 1 + reps.length + moves.length;
  const organisationItems = teams.length + 2 + 2 * reps.length + moves.length + saves;
  const organisationSeconds = (performance.now() - startedAt) / 1000;

  const expected = emptyExpected();
  let opportunityItems = 0;
  let historyItems = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let batch: Record<string, unknown>[] = [];
  const send = async (items: Record<string, unknown>[]) => {
    const write = batchPutAll(deps, items).catch((error: unknown) => {
      failure ??= error;
    });
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    // Back-pressure: generate no further ahead than the writers can take.
    if (inFlight.size >= writers) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  const ticker = setInterval(
    () =>
      log(
        `  ${expected.deals.toLocaleString('en-US')} deals, ${(opportunityItems + historyItems).toLocaleString('en-US')} items written...`,
      ),
    PROGRESS_EVERY_MS,
  );
  try {
    for (const { opportunity, history } of workload.deals(expected)) {
      batch.push(opportunityToItem(opportunity), ...history.map(fieldChangeToItem));
      opportunityItems++;
      historyItems += history.length;
      while (batch.length >= BATCH_SIZE) {
        await send(batch.slice(0, BATCH_SIZE));
        batch = batch.slice(BATCH_SIZE);
      }
    }
    if (batch.length > 0) await send(batch);
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    clearInterval(ticker);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const items = organisationItems + opportunityItems + historyItems;
  return { opportunityItems, historyItems, organisationItems, organisationSeconds, seconds, itemsPerSecond: items / seconds, expected };
}
