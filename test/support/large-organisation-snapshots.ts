/**
 * The as-at snapshots of a large organisation, built in memory: `owners` reps with open
 * deals, in teams of `teamSize` under regions of `teamsPerRegion` teams under the company.
 * What the snapshot run would write for one instant (the company, every region and team,
 * every rep), for the item-size test and the organisation benchmark.
 */
import { scopeKeyOf } from '#core/organisation/scope.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import type { AsAtDeal } from '#core/pipeline/as-at.js';
import type { ScopedSnapshot } from '#core/pipeline/pipeline-rebuild.js';
import { pipelineSnapshotOf } from '#core/pipeline/pipeline-snapshot.js';
import { byCodeUnit } from '#core/shared/code-unit-order.js';
import { getOrCreate } from '#core/shared/maps.js';

export interface LargeOrganisationShape {
  readonly owners: number;
  readonly teamSize: number;
  readonly teamsPerRegion: number;
  readonly dealsPerOwner: number;
}

const OPEN_STAGES = DEFAULT_STAGES.stages.filter((stage) => stage.outcome === 'open').map((stage) => stage.id);
const pad = (value: number, width: number) => String(value).padStart(width, '0');

export function largeOrganisationSnapshots(asAt: string, shape: LargeOrganisationShape): ScopedSnapshot[] {
  const teamOf = (owner: number) => `team-${pad(Math.floor(owner / shape.teamSize) + 1, 5)}`;
  const regionOf = (owner: number) => `region-${pad(Math.floor(owner / (shape.teamSize * shape.teamsPerRegion)) + 1, 3)}`;
  const teamOfRep = new Map<string, string>();
  const dealsByScope = new Map<string, { scope: ScopedSnapshot['scope']; deals: AsAtDeal[] }>();
  const add = (scope: ScopedSnapshot['scope'], deal: AsAtDeal) =>
    getOrCreate(dealsByScope, scopeKeyOf(scope), () => ({ scope, deals: [] as AsAtDeal[] })).deals.push(deal);
  for (let owner = 0; owner < shape.owners; owner++) {
    const ownerId = `rep-${pad(owner + 1, 6)}`;
    teamOfRep.set(ownerId, teamOf(owner));
    for (let index = 0; index < shape.dealsPerOwner; index++) {
      const deal: AsAtDeal = {
        opportunityId: `opp-${pad(owner + 1, 6)}-${index}`,
        ownerId,
        stageId: OPEN_STAGES[(owner + index) % OPEN_STAGES.length] as string,
        closeDate: `2026-${pad(((owner + index) % 12) + 1, 2)}-15`,
        amount: 100_000 + ((owner * 7_919 + index * 104_729) % 9_900_000),
        probability: null,
      };
      add({ kind: 'company' }, deal);
      add({ kind: 'team', teamId: regionOf(owner) }, deal);
      add({ kind: 'team', teamId: teamOf(owner) }, deal);
      add({ kind: 'rep', repId: ownerId }, deal);
    }
  }
  return [...dealsByScope.entries()]
    .sort(([a], [b]) => byCodeUnit(a, b))
    .map(([, { scope, deals }]) => ({
      scope,
      snapshot: pipelineSnapshotOf({ asAt, deals, stages: DEFAULT_STAGES, teamOfRep: (repId) => teamOfRep.get(repId) }),
    }));
}
