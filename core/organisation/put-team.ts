/**
 * Creates or replaces a team (idempotent upsert by the client's id).
 *
 * 0. Only admins (sales operations) change teams.
 * 1. Read every team (plus a consistent read of the team and its parent, which the
 *    eventually consistent list may not show yet).
 * 2. Check the parent against the tree: it must exist, must not be the team or below it,
 *    and only one team may be the company (no parent). The manager, if any, must be a rep.
 * 3. An identical request writes nothing; otherwise write version + 1, conditioned on the version read,
 *    with its audit entry (who, when, the team before and after) in the same transaction.
 */

import { auditEntryOf, auditSubjects } from '../shared/audit-entry.js';
import type { Clock } from '../shared/clock.js';
import { ValidationError } from '../shared/errors.js';
import type { WriteResult } from '../shared/write-outcome.js';
import { type AccessContext, requireAdmin } from './access-policy.js';
import type { RepRepository } from './rep-repository.js';
import type { Team, TeamInput } from './team.js';
import type { TeamRepository } from './team-repository.js';
import { validateTeamParent } from './team-tree.js';

export interface PutTeamPorts {
  readonly teams: TeamRepository;
  readonly reps: RepRepository;
  readonly clock: Clock;
}

export async function putTeam(
  { teams, reps, clock }: PutTeamPorts,
  access: AccessContext,
  teamId: string,
  input: TeamInput,
): Promise<WriteResult<Team>> {
  requireAdmin(access, 'change teams');
  const [listed, existing, parent, manager] = await Promise.all([
    teams.listAll(),
    teams.get(teamId),
    input.parentTeamId === null ? undefined : teams.get(input.parentTeamId),
    input.managerId === null ? undefined : reps.get(input.managerId),
  ]);
  if (input.managerId !== null && !manager) {
    throw new ValidationError(`manager '${input.managerId}' does not exist`, [
      { field: 'managerId', message: `rep '${input.managerId}' does not exist` },
    ]);
  }
  const byId = new Map(listed.map((team) => [team.id, team]));
  for (const fresh of [existing, parent]) if (fresh) byId.set(fresh.id, fresh);
  validateTeamParent([...byId.values()], teamId, input.parentTeamId);

  if (existing && existing.name === input.name && existing.parentTeamId === input.parentTeamId && existing.managerId === input.managerId)
    return { outcome: 'unchanged', record: existing };
  const now = clock.now();
  const team: Team = { id: teamId, ...input, version: (existing?.version ?? 0) + 1, updatedAt: now.toISOString() };
  await teams.save(
    team,
    existing?.version ?? null,
    auditEntryOf({ actor: access.principal, at: now, subject: auditSubjects.team(teamId), before: existing, after: team }),
  );
  return { outcome: existing ? 'updated' : 'created', record: team };
}
