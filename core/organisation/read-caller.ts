/**
 * Who the caller is and what they may see, for a client's choice of scope: their rep and
 * role, the company (when they may see its figures), and every team and rep they may see,
 * in tree order (each team before the teams below it, siblings and reps by name), and the
 * engine's now, which a client's "this month" follows rather than its own clock.
 *
 * 1. A rep sees only themself: their own record is all there is to read.
 * 2. Otherwise take today's tree (the manager's access context was built on their subtrees;
 *    an admin's is read now) and keep the teams and reps the access policy lets the caller see.
 *    Marketing sees no one's sales figures but every lead: its scopes are those of leads
 *    and the conversion metrics (the company, every team and rep), the only figures it reads.
 */

import type { Clock } from '../shared/clock.js';
import { instantText } from '../shared/instant.js';
import type { Role } from '../shared/principal.js';
import { requestTeamTree } from './access-context.js';
import { type AccessContext, canSeeCompany, canSeeRep, canSeeTeam, leadVisibility, repNotFound } from './access-policy.js';
import type { Rep } from './rep.js';
import type { RepRepository } from './rep-repository.js';
import type { TeamRepository } from './team-repository.js';
import { repsOfTree } from './team-tree.js';

export interface CallerProfile {
  readonly rep: { readonly id: string; readonly name: string; readonly teamId: string };
  readonly role: Role;
  /** The root team, only for a caller who may see the company's figures (for marketing: its leads). */
  readonly company: { readonly id: string; readonly name: string } | null;
  readonly teams: readonly { readonly id: string; readonly name: string; readonly parentTeamId: string | null }[];
  readonly reps: readonly { readonly id: string; readonly name: string; readonly teamId: string; readonly active: boolean }[];
  /** The engine's clock, UTC ISO-8601. */
  readonly now: string;
}

export interface ReadCallerPorts {
  readonly reps: RepRepository;
  readonly teams: TeamRepository;
  readonly clock: Clock;
}

const repEntry = ({ id, name, teamId, active }: Rep) => ({ id, name, teamId, active });

export async function readCaller(ports: ReadCallerPorts, requestAccess: AccessContext): Promise<CallerProfile> {
  const { repId, role } = requestAccess.principal;
  // Marketing's scopes are those of the leads it may see; everyone else's are the same either way.
  const access = role === 'marketing' ? { ...requestAccess, visibility: leadVisibility(requestAccess) } : requestAccess;
  const now = instantText(ports.clock.now());
  if (access.visibility.kind === 'self') {
    const self = await ports.reps.get(repId);
    if (!self) throw repNotFound(repId);
    return { rep: { id: self.id, name: self.name, teamId: self.teamId }, role, company: null, teams: [], reps: [repEntry(self)], now };
  }
  const tree = await requestTeamTree(ports, access);
  // A manager's tree holds their own subtrees only (its tops, by name); an admin's, the company's.
  const teams = tree.tops.flatMap((top) => tree.subtreeTeamIds(top.id)).flatMap((teamId) => tree.team(teamId) ?? []);
  const reps = repsOfTree(tree).filter((rep) => canSeeRep(access, rep.id));
  // Always in the tree unless written around the API into an unknown team: then read, and listed last.
  const placed = reps.find((rep) => rep.id === repId);
  const self = placed ?? (await ports.reps.get(repId));
  if (!self) throw repNotFound(repId);
  return {
    rep: { id: self.id, name: self.name, teamId: self.teamId },
    role,
    company: canSeeCompany(access) ? { id: tree.root.id, name: tree.root.name } : null,
    teams: teams.filter((team) => canSeeTeam(access, team.id)).map(({ id, name, parentTeamId }) => ({ id, name, parentTeamId })),
    reps: [...reps, ...(placed ? [] : [self])].map(repEntry),
    now,
  };
}
