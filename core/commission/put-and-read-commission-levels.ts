/**
 * A rep's commission levels: effective-dated entries that carry forward until changed,
 * kept as one versioned timeline per rep.
 *
 * Set (a month, a range of months, or from a month on):
 * 0. Only admins (sales operations) set commission levels.
 * 1. The rep must exist.
 * 2. Read the rep's timeline and its version; a stale If-Match is a ConflictError.
 * 3. Plan the entries to put and delete (planLevelsWrite); the timeline must stay within
 *    MAX_TIMELINE_ENTRIES.
 * 4. Unless the family's timeline stays as it was (a repeat writes and records nothing),
 *    write the whole timeline as version + 1, conditioned on the version read, with its
 *    audit entry (the family's timeline before and after): a write is all or nothing, and
 *    the entry's `before` is always what is replaced.
 * 5. Without If-Match, a write that lost the race to another is planned again, once, on
 *    the timeline the winner left (see putCommissionLevels); a second loss is a ConflictError.
 * Read (hidden as missing from who may not see the rep): the levels in force in a month
 * (general and per product family), with the timeline's version.
 */
import { type AccessContext, repNotFound, requireAdmin, requireSeeRep } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import { auditEntryOf, auditSubjects, sameState } from '../shared/audit-entry.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, invalidField } from '../shared/errors.js';
import { monthOfInstant } from '../shared/period.js';
import { checkVersionPrecondition, type Versioned, type VersionPrecondition } from '../shared/version-precondition.js';
import type { CommissionLevels, CommissionLevelsInput } from './commission-levels.js';
import type { CommissionLevelsRepository } from './commission-levels-repository.js';
import { commissionLevelsStateOf } from './commission-levels-state.js';
import {
  applyLevelsWrite,
  type CommissionLevelsEntry,
  checkTimelineLength,
  levelsInForce,
  planLevelsWrite,
} from './commission-levels-timeline.js';

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

/**
 * Sets levels and answers the family's timeline with the version of the rep's timeline.
 *
 * Without If-Match the request names months and bands, not a version it read: planned
 * again on the winner's timeline, it does exactly what it asked on top of the other
 * change, as if the two had come a moment apart (both orders are serial ones, and the
 * audit `before` is the winner's timeline). With If-Match the client based its change on
 * a version, so a lost race is its 409.
 */
export async function putCommissionLevels(
  ports: CommissionLevelsPorts,
  access: AccessContext,
  input: CommissionLevelsInput,
  precondition?: VersionPrecondition,
): Promise<Versioned<CommissionLevelsTimeline>> {
  requireAdmin(access, 'change commission levels');
  const rep = await ports.reps.get(input.repId);
  if (!rep) throw invalidField('repId', `rep '${input.repId}' does not exist`);
  try {
    return await writeLevels(ports, access, input, precondition);
  } catch (error) {
    if (precondition !== undefined || !(error instanceof ConflictError)) throw error;
    return writeLevels(ports, access, input, undefined);
  }
}

async function writeLevels(
  { levels, clock }: CommissionLevelsPorts,
  access: AccessContext,
  input: CommissionLevelsInput,
  precondition: VersionPrecondition | undefined,
): Promise<Versioned<CommissionLevelsTimeline>> {
  const { entries: existing, version } = await levels.timeline(input.repId);
  checkVersionPrecondition(`the commission levels of rep '${input.repId}'`, version, precondition);
  const written = applyLevelsWrite(existing, planLevelsWrite(existing, input));
  const before = commissionLevelsStateOf(existing, input.productFamily);
  const after = commissionLevelsStateOf(written, input.productFamily);
  let stored = version;
  if (!sameState(before, after)) {
    checkTimelineLength(existing, written);
    stored = version + 1;
    await levels.save(
      input.repId,
      { entries: written, version: stored },
      version,
      auditEntryOf({ actor: access.principal, at: clock.now(), subject: auditSubjects.commissionLevels(input.repId), before, after }),
    );
  }
  const entries = written
    .filter((entry) => entry.productFamily === input.productFamily)
    .sort((a, b) => (a.fromMonth < b.fromMonth ? -1 : 1));
  return { record: { repId: input.repId, productFamily: input.productFamily, entries }, version: stored };
}

export interface LevelsInForce {
  readonly repId: string;
  readonly month: string;
  readonly levels: CommissionLevels;
}

export async function readLevelsInForce(
  { levels, reps, clock }: CommissionLevelsPorts,
  access: AccessContext,
  repId: string,
  month?: string,
): Promise<Versioned<LevelsInForce>> {
  requireSeeRep(access, repId);
  const [rep, timeline] = await Promise.all([reps.get(repId), levels.timeline(repId)]);
  if (!rep) throw repNotFound(repId);
  const inMonth = month ?? monthOfInstant(clock.now());
  return { record: { repId, month: inMonth, levels: levelsInForce(timeline.entries, inMonth) }, version: timeline.version };
}
