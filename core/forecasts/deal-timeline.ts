/**
 * A deal's versions in order, rebuilt once from its current item and field history, so the
 * learned rates and the backtest can ask "how did it stand at T" for many instants without
 * replaying the history each time. The rebuild undoes changes newest first, as
 * opportunityAsAtEach does (a change dated exactly at an instant counts as made), so a
 * state here always equals the as-at deal of time travel.
 */
import type { FieldChange } from '../opportunities/field-history.js';
import { DEFAULT_STAGES, type StageConfiguration, type StageOutcome } from '../organisation/stage.js';
import { changesNewestFirst, setTrackedField, storedMillis, type TrackedState, trackedStateOf } from '../pipeline/as-at.js';
import {
  type DealRecord,
  type DealState,
  type PipelineHistory,
  type StageConfigurationVersion,
  teamOfRepAt,
} from '../pipeline/pipeline-rebuild.js';
import { instantOf } from '../shared/instant.js';
import type { ForecastDeal } from './forecast-model.js';

const MS_PER_DAY = 86_400_000;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;

/** One version of a deal: its tracked fields from `at` until the next version. */
export interface DealVersion {
  readonly at: number;
  readonly state: Readonly<TrackedState>;
  /** Close-month extensions up to and including this version. */
  readonly extensions: number;
  /** When the stage last changed, up to this version (ms); null while it never did. */
  readonly lastStageChangeAt: number | null;
}

export interface DealTimeline {
  readonly opportunityId: string;
  readonly name: string;
  readonly account: string;
  /** ms; -Infinity when the stored instant does not parse (counts as "always existed"). */
  readonly createdAt: number;
  /** In order; the first is the deal as created. */
  readonly versions: readonly DealVersion[];
}

/** A deal at an instant with its quality counters then. */
export interface TimelineState extends DealVersion {
  readonly createdAt: number;
}

/** How a deal closed, as known at an instant. */
export interface DealClosing {
  readonly outcome: Exclude<StageOutcome, 'open'>;
  /** ms: the last move from open to won/lost (by the configuration in force then). */
  readonly closedAt: number;
  /** The close date it closed with. */
  readonly closeDate: string;
}

/** The month of a stored close date as a month index; NaN when it is not a date. */
export function closeMonthIndexOf(closeDate: string): number {
  if (!DATE.test(closeDate)) return Number.NaN;
  return Number(closeDate.slice(0, 4)) * 12 + Number(closeDate.slice(5, 7)) - 1;
}

/** The month index (year x 12 + month - 1) of an instant in ms. */
export function monthIndexOfMillis(millis: number): number {
  const date = new Date(millis);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** A move to a later calendar month is one extension, as the quality counters count it. */
function isExtension(before: string, after: string): boolean {
  return closeMonthIndexOf(after) > closeMonthIndexOf(before);
}

function textOf(current: object, field: 'name' | 'account'): string {
  const value: unknown = (current as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

/** The deal's versions: changes after its creation grouped by (changedAt, version), replayed in order. */
export function dealTimelineOf({ current, history }: Pick<DealRecord, 'current' | 'history'>): DealTimeline {
  const createdAt = storedMillis(current.createdAt);
  const changes = changesNewestFirst(current, history);
  const state: TrackedState = trackedStateOf(current);
  // Newest first: each group's state after it is the state before undoing it.
  const later: { at: number; state: TrackedState }[] = [];
  let index = 0;
  while (index < changes.length && (changes[index] as { time: number }).time > createdAt) {
    const { time, change } = changes[index] as { time: number; change: FieldChange };
    later.push({ at: time, state: { ...state } });
    for (; index < changes.length; index++) {
      const next = changes[index] as { time: number; change: FieldChange };
      if (next.time !== time || next.change.version !== change.version) break;
      setTrackedField(state, next.change.field, next.change.oldValue);
    }
  }
  const ordered = [{ at: createdAt, state: { ...state } }, ...later.reverse()];
  const versions: DealVersion[] = [];
  for (const { at, state: versionState } of ordered) {
    const previous = versions.at(-1);
    versions.push({
      at,
      state: versionState,
      extensions: (previous?.extensions ?? 0) + (previous && isExtension(previous.state.closeDate, versionState.closeDate) ? 1 : 0),
      lastStageChangeAt: previous && previous.state.stageId !== versionState.stageId ? at : (previous?.lastStageChangeAt ?? null),
    });
  }
  return { opportunityId: current.id, name: textOf(current, 'name'), account: textOf(current, 'account'), createdAt, versions };
}

/** Index of the version in force at `at` (ms); -1 before the deal was created. */
function versionIndexAt(timeline: DealTimeline, at: number): number {
  if (timeline.createdAt > at) return -1;
  const { versions } = timeline;
  let low = 0;
  let high = versions.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((versions[middle] as DealVersion).at <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The version in force at `at` (ms), deleted or not; undefined before the deal's creation. */
export function versionAt(timeline: DealTimeline, at: number): DealVersion | undefined {
  return timeline.versions[versionIndexAt(timeline, at)];
}

/** The deal as it stood at `at` (ms), deleted or not, with its creation; undefined before it. */
export function timelineStateAt(timeline: DealTimeline, at: number): TimelineState | undefined {
  const version = versionAt(timeline, at);
  return version ? { ...version, createdAt: timeline.createdAt } : undefined;
}

/** The stage configuration in force at each instant, looked up fast (stagesInForceAt's rule). */
export interface StageConfigurations {
  at(millis: number): StageConfiguration;
  outcomeAt(stageId: string, millis: number): StageOutcome;
}

export function stageConfigurationsOf(versions: readonly StageConfigurationVersion[]): StageConfigurations {
  const oldest = versions.reduce<StageConfigurationVersion | undefined>(
    (first, v) => (!first || v.version < first.version ? v : first),
    undefined,
  );
  const before: StageConfiguration = oldest && oldest.version > 1 ? { stages: [...oldest.stages] } : DEFAULT_STAGES;
  // In force from each instant: the highest version dated at or before it.
  const byTime = versions.map((v) => ({ time: storedMillis(v.updatedAt), v })).sort((a, b) => a.time - b.time || a.v.version - b.v.version);
  const steps: { time: number; configuration: StageConfiguration }[] = [];
  let best: StageConfigurationVersion | undefined;
  for (const { time, v } of byTime) {
    if (!best || v.version > best.version) best = v;
    steps.push({ time, configuration: { stages: [...best.stages] } });
  }
  const outcomes = new Map<StageConfiguration, Map<string, StageOutcome>>();
  const at = (millis: number): StageConfiguration => {
    let found = before;
    for (const step of steps) {
      if (step.time > millis) break;
      found = step.configuration;
    }
    return found;
  };
  return {
    at,
    outcomeAt(stageId, millis) {
      const configuration = at(millis);
      let map = outcomes.get(configuration);
      if (!map) {
        map = new Map(configuration.stages.map((stage) => [stage.id, stage.outcome]));
        outcomes.set(configuration, map);
      }
      return map.get(stageId) ?? 'open';
    },
  };
}

/**
 * How the deal stood closed at `at` (ms): its outcome then (by the configuration in force
 * then), the last instant it went from open to won/lost, and the close date it has then.
 * Undefined while it is open, deleted or not yet created.
 */
export function closingAt(timeline: DealTimeline, configurations: StageConfigurations, at: number): DealClosing | undefined {
  const index = versionIndexAt(timeline, at);
  const version = timeline.versions[index];
  if (!version || version.state.deleted) return undefined;
  const outcome = configurations.outcomeAt(version.state.stageId, at);
  if (outcome === 'open') return undefined;
  let closedAt = timeline.createdAt;
  for (let i = index; i >= 1; i--) {
    const after = timeline.versions[i] as DealVersion;
    const prior = timeline.versions[i - 1] as DealVersion;
    const closedThen = configurations.outcomeAt(after.state.stageId, after.at) !== 'open';
    const openBefore = configurations.outcomeAt(prior.state.stageId, after.at) === 'open';
    if (closedThen && openBefore) {
      closedAt = after.at;
      break;
    }
  }
  return { outcome, closedAt, closeDate: version.state.closeDate };
}

/** Whole days from one instant to a later one (ms), as qualityMetricsAt counts them; 0 from an unknown start. */
export function wholeDaysBetweenMillis(from: number, to: number): number {
  // wholeDaysBetween's rule on numbers: this runs once per deal and month start.
  return Number.isFinite(from) && to > from ? Math.floor((to - from) / MS_PER_DAY) : 0;
}

/** The open deals and the won deals at an instant, with each owner's team then. */
export interface DealsAt {
  readonly open: readonly { readonly deal: ForecastDeal; readonly state: DealState }[];
  readonly won: readonly DealState[];
}

/** A history prepared for many instants: the timelines and configurations built once. */
export interface PreparedHistory {
  readonly history: PipelineHistory;
  readonly timelines: readonly DealTimeline[];
  readonly configurations: StageConfigurations;
}

export function prepareHistory(history: PipelineHistory): PreparedHistory {
  return {
    history,
    timelines: history.deals.map(dealTimelineOf),
    configurations: stageConfigurationsOf(history.stageVersions),
  };
}

/** The deals at an instant as a forecast sees them (see forecastDealsAt). */
export function preparedDealsAt(prepared: PreparedHistory, instant: string): DealsAt {
  const at = instantOf(instant).getTime();
  const configuration = prepared.configurations.at(at);
  const stageById = new Map(configuration.stages.map((stage) => [stage.id, stage]));
  const teamOf = teamOfRepAt(prepared.history.repVersions, instant);
  const open: { deal: ForecastDeal; state: DealState }[] = [];
  const won: DealState[] = [];
  for (const timeline of prepared.timelines) {
    const version = versionAt(timeline, at);
    if (!version || version.state.deleted) continue;
    const { stageId, closeDate, amount, probability, ownerId } = version.state;
    const stage = stageById.get(stageId);
    const outcome = stage?.outcome ?? 'open';
    const state: DealState = {
      opportunityId: timeline.opportunityId,
      ownerId,
      stageId,
      closeDate,
      amount,
      probability,
      outcome,
      teamId: teamOf(ownerId),
    };
    if (outcome === 'won') won.push(state);
    if (outcome !== 'open') continue;
    open.push({
      state,
      deal: {
        opportunityId: timeline.opportunityId,
        name: timeline.name,
        account: timeline.account,
        ownerId,
        stageId,
        closeDate,
        amount,
        configuredProbability: probability ?? stage?.probability ?? 0,
        closeMonthExtensions: version.extensions,
        daysSinceStageChange: wholeDaysBetweenMillis(version.lastStageChangeAt ?? timeline.createdAt, at),
        daysOpen: wholeDaysBetweenMillis(timeline.createdAt, at),
      },
    });
  }
  return { open, won };
}

/**
 * The open deals at an instant as ForecastDeals, and the won deals then (for "won so far"),
 * each with its owner's team at the instant. Name and account are empty where the stored
 * item does not carry them. Whole days as qualityMetricsAt counts them.
 */
export function forecastDealsAt(history: PipelineHistory, instant: string): DealsAt {
  return preparedDealsAt(prepareHistory(history), instant);
}
