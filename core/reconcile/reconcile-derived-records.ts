/**
 * Reconciles the derived records with the opportunities and leads.
 *
 * 1. Read every opportunity, link, month record, conversion cell and lead.
 * 2. Recompute links, month totals and deal cells from the opportunities, lead cells from
 *    the leads, and compare.
 * 3. When asked to repair, rewrite each drifted item, conditioned on it being unchanged
 *    since it was read; items a concurrent writer changed are counted, not overwritten.
 */

import { type Drift, type InvalidItem, type ReconcileChecked, reconcile } from './reconcile.js';
import type { ReconcileRepository } from './reconcile-repository.js';

export interface ReconcileSummary {
  readonly checked: ReconcileChecked;
  readonly driftCount: number;
  readonly drift: readonly Drift[];
  /** Items that are not valid (written around the API); fix or delete them by hand. */
  readonly invalidItems: readonly InvalidItem[];
  readonly repaired: number;
  /** Repairs skipped because the item changed while reconciling: run again. */
  readonly changedMeanwhile: number;
}

export async function reconcileDerivedRecords(repository: ReconcileRepository, { repair }: { repair: boolean }): Promise<ReconcileSummary> {
  const report = reconcile(await repository.readAll());
  let repaired = 0;
  let changedMeanwhile = 0;
  if (repair) {
    // Links first: the record repairs are the sums of the repaired links.
    for (const linkRepair of report.linkRepairs) (await repository.repairLink(linkRepair)) ? repaired++ : changedMeanwhile++;
    for (const recordRepair of report.recordRepairs) (await repository.repairRecord(recordRepair)) ? repaired++ : changedMeanwhile++;
    // Cells last, by the same argument: the deal cells are the sums of the repaired links.
    for (const cellRepair of report.cellRepairs) {
      if (!repository.repairCell) throw new Error('this repository cannot repair conversion cells');
      (await repository.repairCell(cellRepair)) ? repaired++ : changedMeanwhile++;
    }
  }
  return {
    checked: report.checked,
    driftCount: report.drift.length,
    drift: report.drift,
    invalidItems: report.invalidItems,
    repaired,
    changedMeanwhile,
  };
}
