/** Checks that the scope of a pipeline report exists: a team of today's tree, a known rep. */
import { NotFoundError } from '../errors.js';
import type { PipelineScope } from '../pipeline-history.js';
import type { RepRepository } from '../ports/rep-repository.js';
import type { TeamRepository } from '../ports/team-repository.js';

export interface ScopePorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
}

export async function requireScope({ reps, teams }: ScopePorts, scope: PipelineScope): Promise<void> {
  if (scope.kind === 'team' && !(await teams.get(scope.teamId))) throw new NotFoundError(`team '${scope.teamId}' does not exist`);
  if (scope.kind === 'rep' && !(await reps.get(scope.repId))) throw new NotFoundError(`rep '${scope.repId}' does not exist`);
}
