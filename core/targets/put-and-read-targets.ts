/**
 * Targets of a rep or a team, one month or many at once.
 *
 * Set:
 * 0. Admins set any target; managers those of their teams and reps when the settings allow it.
 * 1. The owner must exist (a rep, or a team; the company is the root team).
 * 2. Read the stored months; those already at their amount are left alone (a repeat
 *    writes and records nothing).
 * 3. Write the changed months, each conditioned on the amount read, and one audit entry
 *    for them in one transaction: all of them or none.
 * Read:
 * 0. A rep's targets are hidden (404) from who may not see the rep; a team's are refused (403).
 * 1. The owner must exist; 2. its targets for the months, every product family included.
 */

import { type AccessContext, repNotFound, requireEditTarget, requireSeeRep, requireSeeTeam } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import { auditEntryOf, auditSubjects } from '../shared/audit-entry.js';
import type { Clock } from '../shared/clock.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { invalidField, NotFoundError } from '../shared/errors.js';
import type { Target, TargetInput } from './target.js';
import { targetChangeOf } from './target-change.js';
import type { TargetOwner, TargetRepository } from './target-repository.js';

export interface TargetPorts {
  readonly targets: TargetRepository;
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly clock: Clock;
}

async function ownerExists({ reps, teams }: TargetPorts, owner: TargetOwner): Promise<boolean> {
  return owner.ownerType === 'rep' ? (await reps.get(owner.ownerId)) !== undefined : (await teams.get(owner.ownerId)) !== undefined;
}

export async function putTargets(ports: TargetPorts, access: AccessContext, input: TargetInput): Promise<Target[]> {
  requireEditTarget(access, input);
  if (!(await ownerExists(ports, input))) {
    throw invalidField('ownerId', `${input.ownerType} '${input.ownerId}' does not exist`);
  }
  const targets = Object.entries(input.amounts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, amount]) => ({ ownerType: input.ownerType, ownerId: input.ownerId, month, productFamily: input.productFamily, amount }));
  const change = targetChangeOf(
    await ports.targets.listForMonths(
      input,
      targets.map((target) => target.month),
    ),
    targets,
  );
  if (change) {
    const audit = auditEntryOf({
      actor: access.principal,
      at: ports.clock.now(),
      subject: auditSubjects.target(input),
      before: change.before,
      after: change.after,
    });
    await ports.targets.saveAll(change.writes, audit);
  }
  return targets;
}

export async function readTargets(
  ports: TargetPorts,
  access: AccessContext,
  owner: TargetOwner,
  months: readonly string[],
): Promise<Target[]> {
  if (owner.ownerType === 'rep') requireSeeRep(access, owner.ownerId);
  else requireSeeTeam(access, owner.ownerId);
  if (!(await ownerExists(ports, owner)))
    throw owner.ownerType === 'rep' ? repNotFound(owner.ownerId) : new NotFoundError(`team '${owner.ownerId}' not found`);
  const targets = await ports.targets.listForMonths(owner, months);
  return targets.sort((a, b) =>
    a.month === b.month ? byCodeUnit(a.productFamily ?? '', b.productFamily ?? '') : a.month < b.month ? -1 : 1,
  );
}
