/**
 * "Why did my commission change": a rep's month between two instants, explained line by
 * line (commission-change.ts has the method).
 *
 * 1. Who may ask: as the rep's month (the rep, their managers, admins); a rep that does
 *    not exist or is hidden is a 404. The rep sees their own levels' history here: the
 *    audit trail is read internally, only the rep's levels and targets.
 * 2. The instants: from before to, neither in the future (to defaults to now).
 * 3. Read, side by side: the deals ever linked to the month (tombstones too), the rep's
 *    levels timeline now, the stage configuration versions, the audit entries of the
 *    rep's levels since `from` (to undo the later ones) and of the rep's targets in
 *    (from, to]; then each deal's current item (soft-deleted too) and field history.
 *    A deal removed from the table altogether is left out.
 * 4. Wait (RetryLaterError, 503 with Retry-After) while a deal changed after `from` has a
 *    version the stream has not recorded yet (its field history would still lack it), as
 *    time travel does: its link in its current month says which version the stream applied.
 * 5. Replay.
 */

import type { Opportunity } from '../opportunities/opportunity.js';
import type { OpportunityRepository } from '../opportunities/opportunity-repository.js';
import { storedForReplace } from '../opportunities/put-opportunity.js';
import { type AccessContext, repNotFound, requireSeeRep } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import { ensureHistoryRecorded } from '../pipeline/history-recorded.js';
import type { RepMonthRepository } from '../reports/rep-month-repository.js';
import { type AuditEntry, type AuditSubject, auditSubjects } from '../shared/audit-entry.js';
import type { AuditRepository } from '../shared/audit-repository.js';
import type { Clock } from '../shared/clock.js';
import { invalidField, ValidationError } from '../shared/errors.js';
import { instantText } from '../shared/instant.js';
import { monthOfDate } from '../shared/period.js';
import { type CommissionChange, commissionChangeOf } from './commission-change.js';
import type { ChangeDeal } from './commission-change-state.js';
import type { CommissionInsightRepository } from './commission-insight-repository.js';
import type { CommissionLevelsRepository } from './commission-levels-repository.js';

export interface CommissionChangePorts {
  readonly reps: RepRepository;
  readonly opportunities: OpportunityRepository;
  readonly levels: CommissionLevelsRepository;
  readonly audit: AuditRepository;
  readonly commissionInsight: CommissionInsightRepository;
  readonly repMonths: Pick<RepMonthRepository, 'dealLink'>;
  readonly clock: Clock;
}

export interface CommissionChangeRequest {
  readonly repId: string;
  readonly month: string;
  readonly from: Date;
  /** Defaults to now. */
  readonly to?: Date | undefined;
}

const AUDIT_PAGE = 100;

/** Every entry of one subject made in [from, to), oldest first. */
async function auditEntriesOf(audit: AuditRepository, subject: AuditSubject, from: Date, to: Date): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await audit.list({ from: instantText(from), to: instantText(to), subject }, { limit: AUDIT_PAGE, cursor });
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return entries.reverse();
}

interface StoredDeal extends ChangeDeal {
  readonly current: Opportunity;
  /** The version the stream applied to the deal's link in its current month; null before its first. */
  readonly appliedVersion: number | null;
}

async function storedDealOf(ports: CommissionChangePorts, opportunityId: string): Promise<StoredDeal | undefined> {
  const [{ existing }, history] = await Promise.all([
    storedForReplace(ports.opportunities, opportunityId),
    ports.opportunities.history(opportunityId),
  ]);
  if (!existing) return undefined;
  const link = await ports.repMonths.dealLink({ repId: existing.ownerId, month: monthOfDate(existing.closeDate) }, opportunityId);
  return { current: existing, history, appliedVersion: link?.version ?? null };
}

export async function readCommissionChange(
  ports: CommissionChangePorts,
  access: AccessContext,
  request: CommissionChangeRequest,
): Promise<CommissionChange> {
  const { repId, month } = request;
  requireSeeRep(access, repId);
  const now = ports.clock.now();
  const to = request.to ?? now;
  if (request.from.getTime() > now.getTime())
    throw new ValidationError(`from ${instantText(request.from)} is in the future`, [
      { field: 'from', message: 'must not be in the future' },
    ]);
  if (to.getTime() > now.getTime())
    throw new ValidationError(`to ${instantText(to)} is in the future`, [{ field: 'to', message: 'must not be in the future' }]);
  if (request.from.getTime() >= to.getTime()) throw invalidField('to', 'must be after from');

  // The audit range ends just after now: an entry written at this very millisecond is in force.
  const auditEnd = new Date(now.getTime() + 1);
  const [rep, dealIds, levelsNow, stageVersions, levelsAudit, targetAudit] = await Promise.all([
    ports.reps.get(repId),
    ports.commissionInsight.dealIdsEverLinked({ repId, month }),
    ports.levels.entries(repId),
    ports.commissionInsight.stageVersions(),
    auditEntriesOf(ports.audit, auditSubjects.commissionLevels(repId), request.from, auditEnd),
    auditEntriesOf(ports.audit, auditSubjects.target({ ownerType: 'rep', ownerId: repId }), request.from, new Date(to.getTime() + 1)),
  ]);
  if (!rep) throw repNotFound(repId);
  const deals = (await Promise.all(dealIds.map((id) => storedDealOf(ports, id)))).filter((deal): deal is StoredDeal => deal !== undefined);
  ensureHistoryRecorded(deals, instantText(request.from), now);
  return commissionChangeOf({
    repId,
    month,
    from: instantText(request.from),
    to: instantText(to),
    deals,
    levelsNow,
    levelsAudit,
    stageVersions,
    targetAudit,
  });
}
