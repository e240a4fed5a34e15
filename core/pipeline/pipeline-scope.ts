/**
 * The scope of a pipeline report: who may ask for it, and that it exists.
 *
 * 1. A rep's pipeline is hidden (404, as if unknown) from who may not see the rep; a
 *    team's is refused (403); the company's is for admins and managers of the whole company.
 * 2. The scope must exist: a team of today's tree, a known rep.
 */
import { type AccessContext, repNotFound, requireSeeCompany, requireSeeRep, requireSeeTeam } from '../organisation/access-policy.js';
import type { RepRepository } from '../organisation/rep-repository.js';
import type { Scope } from '../organisation/scope.js';
import type { TeamRepository } from '../organisation/team-repository.js';
import { NotFoundError } from '../shared/errors.js';

export interface ScopePorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
}

export async function requireScope({ reps, teams }: ScopePorts, access: AccessContext, scope: Scope): Promise<void> {
  if (scope.kind === 'company') requireSeeCompany(access);
  if (scope.kind === 'team') {
    requireSeeTeam(access, scope.teamId);
    if (!(await teams.get(scope.teamId))) throw new NotFoundError(`team '${scope.teamId}' not found`);
  }
  if (scope.kind === 'rep') {
    requireSeeRep(access, scope.repId);
    if (!(await reps.get(scope.repId))) throw repNotFound(scope.repId);
  }
}
