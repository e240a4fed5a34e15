/**
 * Imports existing opportunities with their field history (backfill): the history, the
 * quality counters reached over it, and (through the stream) the links and month totals.
 * Partial success is normal: each bad row is rejected with its row number and reason and
 * the valid rows are applied; a re-import of the same rows writes nothing.
 *
 * 1. Read the stage configuration in force; parse every row (schema, tracked field, values,
 *    stage by id or name, nothing in the future).
 * 2. Read what is stored under the ids the import names (deals, their history, removed
 *    deals) and which of the owners it names exist.
 * 3. Plan: per deal, refuse an owner who is inactive unless the deal is already theirs (as
 *    PUT does); check its history rows (unknown deal, before creation, duplicates,
 *    one change per field and instant, a consistent chain back from the current values),
 *    number the versions by instant, compute the quality counters from the versions; a
 *    stored identical deal is unchanged, a stored different one is rejected.
 * 4. Mark the past snapshots stale from the earliest instant about to be written (before
 *    writing, so a failure half-way still leaves the mark; the snapshot function's retake
 *    run takes them again), then write each new deal: its history first, then the
 *    opportunity (version = 1 + instants).
 * 5. Report the counts, the rejections and the earliest instant written, from which the
 *    past snapshots are stale.
 */
import { type AccessContext, requireAdmin } from '../organisation/access-policy.js';
import { stageConfigurationInForce } from '../organisation/stage-configuration.js';
import type { StageConfigurationRepository } from '../organisation/stage-configuration-repository.js';
import type { StaleSnapshotsRepository } from '../pipeline/stale-snapshots.js';
import type { Clock } from '../shared/clock.js';
import { type DealToWrite, planImport } from './import-plan.js';
import type { ImportRepository } from './import-repository.js';
import type { ImportRejection } from './import-rows.js';
import { parseImportRows } from './import-rows.js';
import type { ImportRequest } from './import-schemas.js';

export interface ImportOpportunitiesPorts {
  readonly imports: ImportRepository;
  readonly configurations: StageConfigurationRepository;
  readonly staleSnapshots: Pick<StaleSnapshotsRepository, 'markStaleFrom'>;
  readonly clock: Clock;
}

export interface ImportCounts {
  readonly accepted: number;
  readonly unchanged: number;
  readonly rejected: number;
}

export interface ImportResult {
  readonly opportunities: ImportCounts;
  readonly history: ImportCounts;
  readonly rejections: readonly ImportRejection[];
  /** The earliest createdAt or changedAt written; null when nothing was written. */
  readonly snapshotsStaleFrom: string | null;
}

/** Deals written side by side; each one's history still goes before its opportunity. */
const WRITE_CONCURRENCY = 8;

export async function importOpportunities(
  { imports, configurations, staleSnapshots, clock }: ImportOpportunitiesPorts,
  access: AccessContext,
  request: ImportRequest,
): Promise<ImportResult> {
  // A backfill writes any rep's deals and history: a sales-operations task.
  requireAdmin(access, 'import opportunities');
  const { stages } = await stageConfigurationInForce(configurations);
  const parsed = parseImportRows(request, stages, clock.now());

  const dealIds = [...new Set([...parsed.opportunities.map((deal) => deal.id), ...parsed.history.map((row) => row.opportunityId)])];
  const ownerIds = [
    ...new Set([
      ...parsed.opportunities.map((deal) => deal.input.ownerId),
      ...parsed.history.filter((row) => row.field === 'ownerId').flatMap((row) => [String(row.oldValue), String(row.newValue)]),
    ]),
  ];
  const [stored, reps] = await Promise.all([imports.readDeals(dealIds), imports.existingRepIds(ownerIds)]);

  const plan = planImport(parsed, { stages, stored, repIds: reps.existing, inactiveRepIds: reps.inactive });

  const earliestToWrite = earliestCreatedAt(plan.writes);
  if (earliestToWrite !== undefined) await staleSnapshots.markStaleFrom(earliestToWrite);

  const rejections = [...plan.rejections];
  const written: DealToWrite[] = [];
  for (let start = 0; start < plan.writes.length; start += WRITE_CONCURRENCY) {
    const batch = plan.writes.slice(start, start + WRITE_CONCURRENCY);
    const outcomes = await Promise.all(batch.map((deal) => imports.writeDeal(deal.opportunity, deal.changes)));
    for (const [index, deal] of batch.entries()) {
      if (outcomes[index] === 'written') {
        written.push(deal);
        continue;
      }
      const id = deal.opportunity.id;
      rejections.push({
        source: 'opportunities',
        row: deal.row,
        opportunityId: id,
        reason: `deal '${id}' was created by another request meanwhile; change it through PUT /opportunities/${id}`,
      });
      for (const row of deal.historyRows)
        rejections.push({ source: 'history', row, opportunityId: id, reason: `deal '${id}' was rejected (opportunities row ${deal.row})` });
    }
  }

  const rejectedOf = (source: ImportRejection['source']) => rejections.filter((rejection) => rejection.source === source).length;
  const staleFrom = earliestCreatedAt(written);
  return {
    opportunities: { accepted: written.length, unchanged: plan.unchanged.opportunities, rejected: rejectedOf('opportunities') },
    history: {
      accepted: written.reduce((sum, deal) => sum + deal.changes.length, 0),
      unchanged: plan.unchanged.history,
      rejected: rejectedOf('history'),
    },
    rejections,
    snapshotsStaleFrom: staleFrom ?? null,
  };
}

/** A deal's history starts at its creation, so its createdAt is the earliest instant it writes. */
function earliestCreatedAt(deals: readonly DealToWrite[]): string | undefined {
  return deals.map((deal) => deal.opportunity.createdAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}
