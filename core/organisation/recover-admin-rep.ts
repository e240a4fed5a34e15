/**
 * The way back when no admin can act (their reps deactivated): an operator with write
 * access to the table reactivates a rep, outside the API, as the bootstrap writes the
 * first admin. The admin role itself is the identity provider's (the Cognito group).
 *
 * 1. The rep must exist.
 * 2. An active rep is left as it is.
 * 3. Otherwise the rep is written active, version + 1, with an audit entry whose actor is
 *    the recovered rep as admin: the trail shows who was given their access back, and when.
 */

import type { Clock } from '../shared/clock.js';
import { invalidField } from '../shared/errors.js';
import type { WriteOutcome } from '../shared/write-outcome.js';
import { accessContextOf } from './access-policy.js';
import { putRep } from './put-rep.js';
import type { Rep } from './rep.js';
import type { RepRepository } from './rep-repository.js';
import type { SettingsRepository } from './settings-repository.js';
import type { TeamRepository } from './team-repository.js';

export interface RecoverAdminPorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

export async function recoverAdminRep(ports: RecoverAdminPorts, repId: string): Promise<{ rep: Rep; outcome: WriteOutcome }> {
  const rep = await ports.reps.get(repId);
  if (!rep) throw invalidField('repId', `rep '${repId}' does not exist`);
  if (rep.active) return { rep, outcome: 'unchanged' };
  const access = accessContextOf({
    principal: { repId, role: 'admin' },
    principalTeamId: rep.teamId,
    tree: undefined,
    managers: (await ports.settings.get()).managers,
  });
  const { name, email, teamId, managerId } = rep;
  const { record, outcome } = await putRep(ports, access, repId, { name, email, teamId, managerId, active: true });
  return { rep: record, outcome };
}
