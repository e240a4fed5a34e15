/**
 * Creates or replaces a rep (idempotent upsert by the client's id).
 *
 * 0. Only admins (sales operations) change reps.
 * 1. An admin may not deactivate their own rep: the engine cannot tell whether another
 *    admin is left (roles live with the identity provider), and the last one would lock
 *    everyone out. Another admin can; `npm run bootstrap -- --recover-admin` is the way back.
 * 2. Check the references: the team must exist; the manager, if any, must be another existing rep.
 * 3. Read the stored rep; an identical request writes nothing.
 * 4. Write version + 1, conditioned on the version read (a concurrent write -> ConflictError),
 *    with its audit entry (who, when, the rep before and after) in the same transaction.
 */

import { auditEntryOf, auditSubjects } from '../shared/audit-entry.js';
import type { Clock } from '../shared/clock.js';
import { invalidField, ValidationError } from '../shared/errors.js';
import type { WriteResult } from '../shared/write-outcome.js';
import { type AccessContext, requireAdmin } from './access-policy.js';
import type { Rep, RepInput } from './rep.js';
import type { RepRepository } from './rep-repository.js';
import type { TeamRepository } from './team-repository.js';

export interface PutRepPorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly clock: Clock;
}

export async function putRep(
  { reps, teams, clock }: PutRepPorts,
  access: AccessContext,
  repId: string,
  input: RepInput,
): Promise<WriteResult<Rep>> {
  // Also a rep's own record: its team (what a manager sees) and active flag are not theirs to set.
  requireAdmin(access, 'change reps');
  if (repId === access.principal.repId && !input.active) {
    throw new ValidationError('an admin cannot deactivate their own rep', [
      {
        field: 'active',
        message: 'an admin cannot deactivate their own rep: another admin must, so that the organisation always keeps one',
      },
    ]);
  }
  const [team, manager, existing] = await Promise.all([
    teams.get(input.teamId),
    input.managerId === null || input.managerId === repId ? undefined : reps.get(input.managerId),
    reps.get(repId),
  ]);
  if (!team) throw invalidField('teamId', `team '${input.teamId}' does not exist`);
  if (input.managerId === repId)
    throw new ValidationError('a rep cannot manage itself', [{ field: 'managerId', message: 'must not be the rep itself' }]);
  if (input.managerId !== null && !manager) {
    throw new ValidationError(`manager '${input.managerId}' does not exist`, [
      { field: 'managerId', message: `rep '${input.managerId}' does not exist` },
    ]);
  }

  if (existing && sameRep(existing, input)) return { outcome: 'unchanged', record: existing };
  const now = clock.now();
  const rep: Rep = { id: repId, ...input, version: (existing?.version ?? 0) + 1, updatedAt: now.toISOString() };
  await reps.save(
    rep,
    existing?.version ?? null,
    auditEntryOf({ actor: access.principal, at: now, subject: auditSubjects.rep(repId), before: existing, after: rep }),
  );
  return { outcome: existing ? 'updated' : 'created', record: rep };
}

function sameRep(stored: Rep, input: RepInput): boolean {
  return (
    stored.name === input.name &&
    stored.email === input.email &&
    stored.teamId === input.teamId &&
    stored.managerId === input.managerId &&
    stored.active === input.active
  );
}
