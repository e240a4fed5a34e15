/**
 * The pipeline at past instants, rebuilt from what the table keeps: every deal's current
 * item and field history, the versions of the stage configuration and of each rep's team.
 * The scheduled snapshots and time travel are both this rebuild, so they agree by
 * construction, and a snapshot taken late for an instant equals one taken on time.
 */

import type { FieldChange } from '../opportunities/field-history.js';
import type { Opportunity } from '../opportunities/opportunity.js';
import { COMPANY_SCOPE, type Scope, scopeKeyOf } from '../organisation/scope.js';
import { DEFAULT_STAGES, type Stage, type StageConfiguration, type StageOutcome } from '../organisation/stage.js';
import type { TeamNode } from '../organisation/team-tree.js';
import { byCodeUnit } from '../shared/code-unit-order.js';
import { getOrCreate, requiredEntry } from '../shared/maps.js';
import type { SkippedItem } from '../shared/skipped-item.js';
import { type AsAtDeal, type AsAtSource, opportunityAsAtEach } from './as-at.js';
import { type PipelineSnapshot, pipelineSnapshotOf } from './pipeline-snapshot.js';

/** A deal as stored: its item (or the tombstone a hard delete leaves), its history, how far the stream got. */
export interface DealRecord {
  readonly current: AsAtSource & Pick<Opportunity, 'updatedAt' | 'version'>;
  /** At least every change after the earliest instant asked about; any order. */
  readonly history: readonly FieldChange[];
  /** The latest version the stream has applied to the deal's links; null before its first. */
  readonly appliedVersion: number | null;
}

/** One version of the stage configuration, in force from `updatedAt`. */
export interface StageConfigurationVersion {
  readonly version: number;
  readonly updatedAt: string;
  readonly stages: readonly Stage[];
}

/** One version of a rep's placement in the team tree, in force from `updatedAt`. */
export interface RepTeamVersion {
  readonly repId: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly teamId: string;
}

export interface PipelineHistory {
  readonly deals: readonly DealRecord[];
  readonly stageVersions: readonly StageConfigurationVersion[];
  readonly repVersions: readonly RepTeamVersion[];
  /** Today's team tree: team subtrees are today's, a rep's team is the one at the instant. */
  readonly teams: readonly TeamNode[];
  /**
   * Items left out because they fail their schema: the rebuild goes on without them (one
   * bad deal must not take down the company's pipeline) and every answer built on it says so.
   */
  readonly skipped?: readonly SkippedItem[];
}

export interface ScopedSnapshot {
  readonly scope: Scope;
  readonly snapshot: PipelineSnapshot;
}

/** A deal at an instant, with what the instant's configuration and team tree make of it. */
export interface DealState extends AsAtDeal {
  /** By the stage configuration in force; a stage it does not know counts as open. */
  readonly outcome: StageOutcome;
  /** The owner's team at the instant; undefined when the owner is in no known team. */
  readonly teamId: string | undefined;
}

function latestAtOrBefore<V extends { readonly updatedAt: string; readonly version: number }>(
  versions: readonly V[],
  instant: string,
): V | undefined {
  const at = Date.parse(instant);
  let found: V | undefined;
  for (const version of versions) {
    if (Date.parse(version.updatedAt) > at) continue;
    if (!found || version.version > found.version) found = version;
  }
  return found;
}

function oldest<V extends { readonly version: number }>(versions: readonly V[]): V | undefined {
  return versions.reduce<V | undefined>((first, version) => (!first || version.version < first.version ? version : first), undefined);
}

/**
 * The stage configuration in force at an instant. Before its first version the default
 * was in force; where the recorded versions start later (a table older than the history
 * of configurations), the oldest recorded one is the best knowledge of that time.
 */
export function stagesInForceAt(versions: readonly StageConfigurationVersion[], instant: string): StageConfiguration {
  const inForce = latestAtOrBefore(versions, instant);
  if (inForce) return { stages: [...inForce.stages] };
  const first = oldest(versions);
  return first && first.version > 1 ? { stages: [...first.stages] } : DEFAULT_STAGES;
}

/**
 * Each rep's team at an instant. A rep not created yet at the instant (a deal imported with
 * an owner recorded later) is placed in the first team it was recorded in.
 */
export function teamOfRepAt(versions: readonly RepTeamVersion[], instant: string): (repId: string) => string | undefined {
  const byRep = new Map<string, RepTeamVersion[]>();
  for (const version of versions) {
    const repVersions = byRep.get(version.repId);
    if (repVersions) repVersions.push(version);
    else byRep.set(version.repId, [version]);
  }
  const teamOf = new Map<string, string>();
  for (const [repId, repVersions] of byRep) {
    const inForce = latestAtOrBefore(repVersions, instant) ?? oldest(repVersions);
    if (inForce) teamOf.set(repId, inForce.teamId);
  }
  return (repId) => teamOf.get(repId);
}

/**
 * The stream mapping's maximum record age (`maxRecordAge` of the deployed event source
 * mapping, honoured by the local poller too): Lambda sends a record older than this to the
 * on-failure destination without invoking the function.
 */
export const STREAM_MAX_RECORD_AGE_MS = 60 * 60 * 1000;

/** The stream function's timeout: an invocation that started before maxRecordAge ends by then. */
export const STREAM_FUNCTION_TIMEOUT_MS = 60 * 1000;

/** Margin for the API's clock (which dates `updatedAt`) against the stream's (which ages records). */
export const STREAM_CLOCK_SKEW_MS = 4 * 60 * 1000;

/**
 * How long a change can still be waiting in the stream (65 minutes): after maxRecordAge a
 * record has been processed, or is in the failure queue, where an alarm fires and an
 * operator replays it; an invocation already running ends within the function's timeout.
 * Waiting longer would not record it, so an older change counts as settled.
 */
export const STREAM_SETTLED_MS = STREAM_MAX_RECORD_AGE_MS + STREAM_FUNCTION_TIMEOUT_MS + STREAM_CLOCK_SKEW_MS;

/**
 * Deals changed after `instant` whose latest version the stream may not have recorded yet:
 * their field history could still lack those changes, so rebuilding them now could show a
 * later value as the one at the instant. A version is recorded once the deal's links or its
 * field history carry it (links of deleted deals expire; history of a change to untracked
 * fields does not exist), or once it is older than the stream can still be late
 * (STREAM_SETTLED_MS: a record still unapplied then is in the failure queue, and waiting
 * for it would only turn every question into a 503 until an operator replays it). A
 * rebuild waits until this list is empty.
 */
export function dealsAwaitingStream(deals: readonly DealRecord[], instant: string, now: Date): string[] {
  const at = Date.parse(instant);
  const settledBefore = now.getTime() - STREAM_SETTLED_MS;
  return deals
    .filter(({ current, history, appliedVersion }) => {
      const changedAt = Date.parse(current.updatedAt);
      if (changedAt <= at || changedAt < settledBefore) return false;
      if ((appliedVersion ?? 0) >= current.version) return false;
      return !history.some((change) => change.opportunityId === current.id && change.version >= current.version);
    })
    .map(({ current }) => current.id);
}

/** What an instant's configuration and team tree make of the deals then. */
interface InstantContext {
  readonly stages: StageConfiguration;
  /** By the stage configuration in force; a stage it does not know counts as open. */
  readonly outcomeOf: (stageId: string) => StageOutcome;
  readonly teamOf: (repId: string) => string | undefined;
}

function contextsAt(history: PipelineHistory, instants: readonly string[]): Map<string, InstantContext> {
  return new Map(
    instants.map((instant) => {
      const stages = stagesInForceAt(history.stageVersions, instant);
      const outcomes = new Map(stages.stages.map((stage) => [stage.id, stage.outcome]));
      return [
        instant,
        { stages, outcomeOf: (stageId: string) => outcomes.get(stageId) ?? 'open', teamOf: teamOfRepAt(history.repVersions, instant) },
      ];
    }),
  );
}

function statesIn(history: PipelineHistory, contexts: ReadonlyMap<string, InstantContext>): Map<string, Map<string, DealState>> {
  const instants = [...contexts.keys()];
  const states = new Map(instants.map((instant) => [instant, new Map<string, DealState>()]));
  for (const { current, history: changes } of history.deals) {
    for (const [instant, deal] of opportunityAsAtEach(current, changes, instants)) {
      const { outcomeOf, teamOf } = requiredEntry(contexts, instant);
      requiredEntry(states, instant).set(deal.opportunityId, { ...deal, outcome: outcomeOf(deal.stageId), teamId: teamOf(deal.ownerId) });
    }
  }
  return states;
}

/** Every deal that existed (and was not deleted) at each instant, with its outcome and team then. */
export function dealStatesAt(history: PipelineHistory, instants: readonly string[]): Map<string, Map<string, DealState>> {
  return statesIn(history, contextsAt(history, instants));
}

/** The teams a deal of a rep in `teamId` counts for: the team and every team above it. */
function ancestorsOf(teams: readonly TeamNode[]): (teamId: string | undefined) => readonly string[] {
  const parentOf = new Map(teams.map((team) => [team.id, team.parentTeamId]));
  const cache = new Map<string, string[]>();
  return (teamId) => {
    if (teamId === undefined || !parentOf.has(teamId)) return [];
    let chain = cache.get(teamId);
    if (!chain) {
      chain = [];
      const seen = new Set<string>();
      for (let id: string | null | undefined = teamId; id != null && !seen.has(id); id = parentOf.get(id)) {
        seen.add(id);
        chain.push(id);
      }
      cache.set(teamId, chain);
    }
    return chain;
  };
}

/** The scopes a deal counts for: the company, its owner's team and every team above, its owner. */
function scopesOfDeal(teams: readonly TeamNode[]): (deal: DealState) => Scope[] {
  const teamsAbove = ancestorsOf(teams);
  return (deal) => [
    COMPANY_SCOPE,
    ...teamsAbove(deal.teamId).map((teamId): Scope => ({ kind: 'team', teamId })),
    { kind: 'rep', repId: deal.ownerId },
  ];
}

function asAtDealOfState({ outcome: _outcome, teamId: _teamId, ...deal }: DealState): AsAtDeal {
  return deal;
}

/**
 * The open pipeline at each instant for the company, every team (its subtree) and every
 * rep with open deals then. A scope without open deals has no snapshot (its figures are
 * zero); the company always has one. Scopes come in a fixed order.
 */
export function pipelineSnapshotsAt(history: PipelineHistory, instants: readonly string[]): Map<string, ScopedSnapshot[]> {
  const contexts = contextsAt(history, instants);
  const statesByInstant = statesIn(history, contexts);
  const scopesOf = scopesOfDeal(history.teams);
  const result = new Map<string, ScopedSnapshot[]>();
  for (const instant of instants) {
    const byScope = new Map<string, { scope: Scope; deals: AsAtDeal[] }>([
      [scopeKeyOf(COMPANY_SCOPE), { scope: COMPANY_SCOPE, deals: [] }],
    ]);
    for (const state of statesByInstant.get(instant)?.values() ?? []) {
      if (state.outcome !== 'open') continue;
      for (const scope of scopesOf(state)) {
        const key = scopeKeyOf(scope);
        getOrCreate(byScope, key, () => ({ scope, deals: [] as AsAtDeal[] })).deals.push(asAtDealOfState(state));
      }
    }
    const { stages, teamOf } = requiredEntry(contexts, instant);
    const scoped = [...byScope.entries()]
      .sort(([a], [b]) => byCodeUnit(a, b))
      .map(([, { scope, deals }]) => ({ scope, snapshot: pipelineSnapshotOf({ asAt: instant, deals, stages, teamOfRep: teamOf }) }));
    result.set(instant, scoped);
  }
  return result;
}

/** One scope's open pipeline at an instant (zero figures when it had no open deal). */
export function scopeSnapshotAt(history: PipelineHistory, scope: Scope, instant: string): PipelineSnapshot {
  const inScope = isInScope(history.teams, scope);
  const contexts = contextsAt(history, [instant]);
  const { stages, teamOf } = requiredEntry(contexts, instant);
  const deals = [...(statesIn(history, contexts).get(instant)?.values() ?? [])]
    .filter((state) => state.outcome === 'open' && inScope(state))
    .map(asAtDealOfState);
  return pipelineSnapshotOf({ asAt: instant, deals, stages, teamOfRep: teamOf });
}

/** True when the deal, as it stood, counts for the scope (for reports over deal states). */
export function isInScope(teams: readonly TeamNode[], scope: Scope): (deal: DealState) => boolean {
  const scopesOf = scopesOfDeal(teams);
  const key = scopeKeyOf(scope);
  return (deal) => scopesOf(deal).some((candidate) => scopeKeyOf(candidate) === key);
}
