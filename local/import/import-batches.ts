/**
 * Cuts an import into requests: each deal goes with all its history rows, so the API can
 * check a deal's history as a whole; a request stays under the API's limits (500 deals,
 * 10,000 history rows) and under a byte budget below the body limit.
 */
import { MAX_IMPORT_HISTORY_ROWS, MAX_IMPORT_OPPORTUNITIES } from '#core/backfill/import-schemas.js';
import type { ApiRow } from './csv-rows.js';

export interface ImportBatch {
  readonly opportunities: ApiRow[];
  readonly history: ApiRow[];
  /** Deals in the batch: opportunity rows, and deals named only by history rows. */
  readonly deals: number;
}

export interface BatchLimits {
  readonly dealsPerBatch: number;
  /** JSON bytes per request: well under the import route's 4 MiB, so each request stays short. */
  readonly maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { dealsPerBatch: 200, maxBytes: 900 * 1024 };

interface DealRows {
  readonly opportunity: ApiRow | undefined;
  readonly history: ApiRow[];
  readonly bytes: number;
}

function dealsOf(opportunities: readonly ApiRow[], history: readonly ApiRow[]): DealRows[] {
  const historyByDeal = new Map<string, ApiRow[]>();
  for (const row of history) {
    const id = String(row.opportunityId ?? '');
    historyByDeal.set(id, [...(historyByDeal.get(id) ?? []), row]);
  }
  const deals: DealRows[] = [];
  const size = (rows: readonly ApiRow[]) => rows.reduce((bytes, row) => bytes + Buffer.byteLength(JSON.stringify(row)) + 1, 0);
  for (const opportunity of opportunities) {
    const id = String(opportunity.id ?? '');
    const rows = historyByDeal.get(id) ?? [];
    historyByDeal.delete(id);
    deals.push({ opportunity, history: rows, bytes: size([opportunity, ...rows]) });
  }
  // History of deals not in the opportunities file: already stored (a re-import), or unknown (the API says which).
  for (const rows of historyByDeal.values()) deals.push({ opportunity: undefined, history: rows, bytes: size(rows) });
  return deals;
}

export function importBatches(
  opportunities: readonly ApiRow[],
  history: readonly ApiRow[],
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): ImportBatch[] {
  const batches: ImportBatch[] = [];
  let current: { opportunities: ApiRow[]; history: ApiRow[]; deals: number; bytes: number } | undefined;
  for (const deal of dealsOf(opportunities, history)) {
    const fits =
      current !== undefined &&
      current.deals < limits.dealsPerBatch &&
      current.opportunities.length + (deal.opportunity ? 1 : 0) <= MAX_IMPORT_OPPORTUNITIES &&
      current.history.length + deal.history.length <= MAX_IMPORT_HISTORY_ROWS &&
      current.bytes + deal.bytes <= limits.maxBytes;
    if (!fits) {
      current = { opportunities: [], history: [], deals: 0, bytes: 64 };
      batches.push(current);
    }
    const batch = current as NonNullable<typeof current>;
    if (deal.opportunity) batch.opportunities.push(deal.opportunity);
    batch.history.push(...deal.history);
    batch.deals += 1;
    batch.bytes += deal.bytes;
  }
  return batches.map(({ opportunities: o, history: h, deals }) => ({ opportunities: o, history: h, deals }));
}
