/**
 * A large organisation loaded straight into the table (BatchWrite, the stores' own item
 * shapes), under the bootstrapped company: regions of `teamsPerRegion` teams of
 * `teamSize` reps, each region managed by its own manager placed in it (`managerOf`). For
 * the tests and the benchmark of what a manager's request reads.
 */
import type { Rep } from '#core/organisation/rep.js';
import type { Team } from '#core/organisation/team.js';
import { repToItem } from '#functions/organisation/rep-store.js';
import { teamToItem } from '#functions/organisation/team-store.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { batchWriteAll } from '#functions/store/batch-operations.js';

export interface OrganisationShape {
  /** Reps in teams, managers apart. */
  readonly reps: number;
  readonly teamSize: number;
  readonly teamsPerRegion: number;
}

export interface LoadedOrganisation {
  readonly regionIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly repIds: readonly string[];
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
export const regionId = (region: number) => `region-${pad(region, 4)}`;
export const managerOf = (region: number) => `manager-${pad(region, 4)}`;
export const teamIdOf = (team: number) => `team-${pad(team, 5)}`;
export const repIdOf = (rep: number) => `rep-${pad(rep, 6)}`;

export async function loadOrganisation(
  deps: Dependencies,
  { reps, teamSize, teamsPerRegion }: OrganisationShape,
  { companyId = 'company', at = '2026-01-01T00:00:00.000Z' }: { readonly companyId?: string; readonly at?: string } = {},
): Promise<LoadedOrganisation> {
  const teamCount = Math.ceil(reps / teamSize);
  const regionCount = Math.ceil(teamCount / teamsPerRegion);
  const team = (id: string, name: string, parentTeamId: string, managerId: string | null): Team => ({
    id,
    name,
    parentTeamId,
    managerId,
    version: 1,
    updatedAt: at,
  });
  const rep = (id: string, name: string, teamId: string): Rep => ({
    id,
    name,
    email: `${id}@example.com`,
    teamId,
    managerId: null,
    active: true,
    version: 1,
    updatedAt: at,
  });
  const regions = Array.from({ length: regionCount }, (_, index) =>
    team(regionId(index + 1), `Region ${index + 1}`, companyId, managerOf(index + 1)),
  );
  const managers = regions.map((region, index) => rep(managerOf(index + 1), `Manager ${index + 1}`, region.id));
  const teams = Array.from({ length: teamCount }, (_, index) =>
    team(teamIdOf(index + 1), `Team ${index + 1}`, regionId(Math.floor(index / teamsPerRegion) + 1), null),
  );
  const members = Array.from({ length: reps }, (_, index) =>
    rep(repIdOf(index + 1), `Rep ${index + 1}`, teamIdOf(Math.floor(index / teamSize) + 1)),
  );
  await batchWriteAll(deps, [
    ...[...regions, ...teams].map((item) => ({ put: teamToItem(item) })),
    ...[...managers, ...members].map((item) => ({ put: repToItem(item) })),
  ]);
  return { regionIds: regions.map(({ id }) => id), teamIds: teams.map(({ id }) => id), repIds: members.map(({ id }) => id) };
}
