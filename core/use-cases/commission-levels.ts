/**
 * A rep's commission levels: effective-dated entries that carry forward until changed.
 *
 * Set (a month, a range of months, or from a month on):
 * 0. Only admins (sales operations) set commission levels.
 * 1. The rep must exist.
 * 2. Plan the entries to put and delete from the rep's timeline (planLevelsWrite).
 * 3. Unless the family's timeline stays as it was (a repeat writes and records nothing),
 *    apply the plan and its audit entry (the family's timeline before and after) in one
 *    transaction: a range write is all or nothing.
 * Read (hidden as missing from who may not see the rep): the levels in force in a month (general and per product family).
 */
import { repNotFound, requireAdmin, requireSeeRep, type AccessContext } from '../access-policy.js';
import { auditEntryOf, auditSubjects, commissionLevelsStateOf, sameState } from '../audit.js';
import type { Clock } from '../clock.js';
import { applyLevelsWrite, levelsInForce, planLevelsWrite, type CommissionLevelsEntry } from '../commission-levels-timeline.js';
import { ValidationError } from '../errors.js';
import { monthOfInstant } from '../period.js';
import type { CommissionLevelsRepository } from '../ports/commission-levels-repository.js';
import type { RepRepository } from '../ports/rep-repository.js';
import type { CommissionLevels, CommissionLevelsInput } from '../schemas/commission-levels.js';

export interface CommissionLevelsPorts {
  readonly levels: CommissionLevelsRepository;
  readonly reps: RepRepository;
  readonly clock: Clock;
}

export interface CommissionLevelsTimeline {
  readonly repId: string;
  readonly productFamily: string | null;
  /** The family's entries after the write, by month. */
  readonly entries: readonly CommissionLevelsEntry[];
}

export async function putCommissionLevels({ levels, reps, clock }: CommissionLevelsPorts, access: AccessContext, input: CommissionLevelsInput): Promise<CommissionLevelsTimeline> {
  requireAdmin(access, 'change commission levels');
  const [rep, existing] = await Promise.all([reps.get(input.repId), levels.entries(input.repId)]);
  if (!rep) throw new ValidationError(`rep '${input.repId}' does not exist`, [{ field: 'repId', message: `rep '${input.repId}' does not exist` }]);
  const plan = planLevelsWrite(existing, input);
  const written = applyLevelsWrite(existing, plan);
  const before = commissionLevelsStateOf(existing, input.productFamily);
  const after = commissionLevelsStateOf(written, input.productFamily);
  if (!sameState(before, after)) {
    await levels.apply(input.repId, plan, auditEntryOf({ actor: access.principal, at: clock.now(), subject: auditSubjects.commissionLevels(input.repId), before, after }));
  }
  const entries = written
    .filter((entry) => entry.productFamily === input.productFamily)
    .sort((a, b) => (a.fromMonth < b.fromMonth ? -1 : 1));
  return { repId: input.repId, productFamily: input.productFamily, entries };
}

export interface LevelsInForce {
  readonly repId: string;
  readonly month: string;
  readonly levels: CommissionLevels;
}

export async function readLevelsInForce({ levels, reps, clock }: CommissionLevelsPorts, access: AccessContext, repId: string, month?: string): Promise<LevelsInForce> {
  requireSeeRep(access, repId);
  const [rep, entries] = await Promise.all([reps.get(repId), levels.entries(repId)]);
  if (!rep) throw repNotFound(repId);
  const inMonth = month ?? monthOfInstant(clock.now());
  return { repId, month: inMonth, levels: levelsInForce(entries, inMonth) };
}
