/**
 * The first run of an organisation: its company (the root team) and its first admin.
 *
 * Every API call needs an active rep behind its token, so the first admin cannot be made
 * through the API. This makes them, once:
 * 1. Refused when any team exists: from then on admins change reps and teams through the API.
 * 2. The company and the admin are written by the admin themselves (the usual use cases,
 *    with the admin's own access), so the audit trail starts with them.
 */

import type { Clock } from '../shared/clock.js';
import { ConflictError } from '../shared/errors.js';
import { accessContextOf } from './access-policy.js';
import { putRep } from './put-rep.js';
import { putTeam } from './put-team.js';
import type { Rep } from './rep.js';
import type { RepRepository } from './rep-repository.js';
import type { SettingsRepository } from './settings-repository.js';
import type { Team } from './team.js';
import type { TeamRepository } from './team-repository.js';

export interface BootstrapPorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
}

export interface Bootstrap {
  readonly company: { readonly id: string; readonly name: string };
  readonly admin: { readonly id: string; readonly name: string; readonly email: string };
}

export async function bootstrapOrganisation(ports: BootstrapPorts, { company, admin }: Bootstrap): Promise<{ team: Team; rep: Rep }> {
  const existing = await ports.teams.listAll();
  if (existing.length > 0) throw new ConflictError('the organisation is already set up: its admins change reps and teams through the API');
  const access = accessContextOf({
    principal: { repId: admin.id, role: 'admin' },
    principalTeamId: company.id,
    tree: undefined,
    managers: (await ports.settings.get()).managers,
  });
  const { record: team } = await putTeam(ports, access, company.id, { name: company.name, parentTeamId: null, managerId: null });
  const { record: rep } = await putRep(ports, access, admin.id, {
    name: admin.name,
    email: admin.email,
    teamId: company.id,
    managerId: null,
    active: true,
  });
  return { team, rep };
}
