/**
 * A deterministic organisation and deal book with a year of field history, for the
 * pipeline benchmark: the same seed gives the same items.
 *
 * Each deal is played forward from its creation: every event changes one or two tracked
 * fields, so the history chains (a change's old value is the previous new value of that
 * field), the version grows by one per event, and the opportunity item is the state after
 * the last event (updatedAt = its instant). Every deal is open at `instant` (the middle of
 * the year); a fifth of them are won or lost afterwards. Every event is more than a day
 * before `now`, so no rebuild waits for the stream. The generator also works out what
 * the rebuild must find at `instant`, to check the benchmark's answers against.
 */

import type { FieldChange, FieldValue, TrackedField } from '#core/opportunities/field-history.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import type { Rep } from '#core/organisation/rep.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import type { Team } from '#core/organisation/team.js';
import type { AsAtDeal } from '#core/pipeline/as-at.js';
import { seriesInstantAtOrBefore } from '#core/pipeline/snapshot-instants.js';
import { integerBetween, pick, type Random, seededRandom } from './seeded-random.js';

const DAY_MS = 86_400_000;
/** Changes end this long before now: past the stream's 24 hours, so links are not needed. */
const QUIET_BEFORE_NOW_MS = 26 * 60 * 60 * 1000;
const HISTORY_DAYS = 365;
/** Share of deals won or lost after the instant (the rest are still open at the end). */
const CLOSED_SHARE = 0.2;
/** Share of reps moved to another team during the year (a second rep version). */
const MOVED_REP_SHARE = 0.05;

const OPEN_STAGES = DEFAULT_STAGES.stages.filter((stage) => stage.outcome === 'open').map((stage) => stage.id);
const WON = DEFAULT_STAGES.stages.find((stage) => stage.outcome === 'won')!.id;
const LOST = DEFAULT_STAGES.stages.find((stage) => stage.outcome === 'lost')!.id;

/** Kinds of event, by weight; a stage move sometimes sets a probability override with it. */
const EVENT_WEIGHTS: ReadonlyArray<readonly [TrackedField, number]> = [
  ['stageId', 35],
  ['closeDate', 25],
  ['amount', 20],
  ['probability', 12],
  ['ownerId', 8],
];
const STAGE_WITH_PROBABILITY_SHARE = 0.3;

export interface WorkloadShape {
  readonly deals: number;
  readonly historyPerDeal: number;
  readonly reps: number;
  readonly seed: number;
  /** The clock's fixed now. */
  readonly now: string;
}

export interface Organisation {
  /** Parents before children. */
  readonly teams: readonly Team[];
  /** Each rep's first version. */
  readonly reps: readonly Rep[];
  /** Second versions of the reps moved during the year, saved over the first. */
  readonly moves: readonly Rep[];
  /** A region: the team scope time travel is measured for (a subtree of about half the deals). */
  readonly regionTeamId: string;
}

export interface GeneratedDeal {
  readonly opportunity: Opportunity;
  readonly history: readonly FieldChange[];
}

/** What the rebuild must find at the instant, summed while the deals are generated. */
export interface Expected {
  deals: number;
  historyEntries: number;
  /** History entries dated after the instant: the ones time travel to it undoes. */
  historyAfterInstant: number;
  openAtInstant: number;
  openAmountAtInstant: number;
  openAtEnd: number;
}

export interface Workload {
  readonly now: string;
  /** The snapshot and time-travel instant: the monthly instant in the middle of the history. */
  readonly instant: string;
  readonly historyFrom: string;
  readonly historyTo: string;
  /** When the teams, reps and stage configuration were set up (before every deal). */
  readonly setUpAt: string;
  readonly organisation: Organisation;
  /** Deals one at a time, so a million history entries never sit in memory together. */
  deals(expected: Expected): Generator<GeneratedDeal>;
}

export function emptyExpected(): Expected {
  return { deals: 0, historyEntries: 0, historyAfterInstant: 0, openAtInstant: 0, openAmountAtInstant: 0, openAtEnd: 0 };
}

export function pipelineWorkload(shape: WorkloadShape): Workload {
  const nowMs = Date.parse(shape.now);
  const toMs = nowMs - QUIET_BEFORE_NOW_MS;
  const fromMs = toMs - HISTORY_DAYS * DAY_MS;
  const instant = seriesInstantAtOrBefore('monthly', new Date((fromMs + toMs) / 2)).toISOString();
  const setUpAt = new Date(fromMs - 120 * DAY_MS).toISOString();
  const organisation = organisationOf(shape, setUpAt, fromMs, toMs);
  return {
    now: shape.now,
    instant,
    historyFrom: new Date(fromMs).toISOString(),
    historyTo: new Date(toMs).toISOString(),
    setUpAt,
    organisation,
    deals: (expected) =>
      generateDeals(
        shape,
        organisation.reps.map((rep) => rep.id),
        { fromMs, toMs, instantMs: Date.parse(instant) },
        expected,
      ),
  };
}

const REGIONS = ['emea', 'americas'];
const SEGMENTS = ['enterprise', 'commercial', 'smb', 'public'];

/** A company, two regions and four teams in each (ten teams below the company), the reps spread over the leaves in turn. */
export function benchTeamsAndReps(repCount: number, setUpAt: string): { teams: Team[]; leaves: Team[]; reps: Rep[] } {
  const team = (id: string, parentTeamId: string | null): Team => ({
    id,
    name: id,
    parentTeamId,
    managerId: null,
    version: 1,
    updatedAt: setUpAt,
  });
  const leaves = REGIONS.flatMap((region) => SEGMENTS.map((segment) => team(`${region}-${segment}`, region)));
  const teams = [team('company', null), ...REGIONS.map((region) => team(region, 'company')), ...leaves];
  const reps: Rep[] = Array.from({ length: repCount }, (_, index) => {
    const id = `rep-${String(index + 1).padStart(4, '0')}`;
    return {
      id,
      name: `Rep ${index + 1}`,
      email: `${id}@example.com`,
      teamId: leaves[index % leaves.length]!.id,
      managerId: null,
      active: true,
      version: 1,
      updatedAt: setUpAt,
    };
  });
  return { teams, leaves, reps };
}

/** The bench organisation, and the moves of the reps (MOVED_REP_SHARE of them) to another team in the window. */
function organisationOf(shape: WorkloadShape, setUpAt: string, fromMs: number, toMs: number): Organisation {
  const random = seededRandom(shape.seed + 1);
  const { teams, leaves, reps } = benchTeamsAndReps(shape.reps, setUpAt);
  const moves = reps
    .filter(() => random() < MOVED_REP_SHARE)
    .map((rep) => ({
      ...rep,
      teamId: pick(
        random,
        leaves.filter((leaf) => leaf.id !== rep.teamId),
      ).id,
      version: 2,
      updatedAt: new Date(integerBetween(random, fromMs, toMs)).toISOString(),
    }));
  return { teams, reps, moves, regionTeamId: REGIONS[0]! };
}

/** A deal's reported fields as the generator walks its history (the as-at shape, mutable). */
type TrackedState = { -readonly [K in Exclude<keyof AsAtDeal, 'opportunityId'>]: AsAtDeal[K] };

interface Window {
  readonly fromMs: number;
  readonly toMs: number;
  readonly instantMs: number;
}

function* generateDeals(shape: WorkloadShape, repIds: readonly string[], window: Window, expected: Expected): Generator<GeneratedDeal> {
  const random = seededRandom(shape.seed);
  const width = String(shape.deals).length;
  for (let index = 0; index < shape.deals; index++) {
    yield generateDeal(random, `opp-${String(index + 1).padStart(width, '0')}`, shape.historyPerDeal, repIds, window, expected);
  }
}

function generateDeal(
  random: Random,
  id: string,
  historyPerDeal: number,
  repIds: readonly string[],
  { fromMs, toMs, instantMs }: Window,
  expected: Expected,
): GeneratedDeal {
  const closing = historyPerDeal > 0 && random() < CLOSED_SHARE;
  // Which fields each event changes, until the deal has its number of history entries.
  const events: TrackedField[][] = [];
  let fields = 0;
  while (fields < historyPerDeal - (closing ? 1 : 0)) {
    const field = weightedField(random);
    const both = field === 'stageId' && fields + 2 <= historyPerDeal - (closing ? 1 : 0) && random() < STAGE_WITH_PROBABILITY_SHARE;
    events.push(both ? ['stageId', 'probability'] : [field]);
    fields += both ? 2 : 1;
  }
  if (closing) events.push(['stageId']);

  // Event instants: spread over the year, strictly increasing; a closing event after the instant.
  const times = events.map(() => integerBetween(random, fromMs, toMs)).sort((a, b) => a - b);
  for (let index = 1; index < times.length; index++) times[index] = Math.max(times[index]!, times[index - 1]! + 1);
  if (closing && times[times.length - 1]! <= instantMs) times[times.length - 1] = integerBetween(random, instantMs + 1, toMs);
  const createdMs = integerBetween(random, fromMs - 90 * DAY_MS, Math.min(times[0] ?? instantMs, instantMs) - 1);

  const state: TrackedState = {
    stageId: pick(random, OPEN_STAGES.slice(0, 2)),
    closeDate: dateOf(createdMs + integerBetween(random, 30, 120) * DAY_MS),
    amount: integerBetween(random, 10, 2_000) * 100_00,
    probability: null,
    ownerId: pick(random, repIds),
  };
  let atInstant: TrackedState = { ...state };
  const history: FieldChange[] = [];
  events.forEach((eventFields, index) => {
    const changedAt = new Date(times[index]!).toISOString();
    const version = index + 2;
    const final = closing && index === events.length - 1;
    for (const field of eventFields) {
      const oldValue: FieldValue = state[field as keyof TrackedState];
      const newValue = final ? (random() < 0.6 ? WON : LOST) : nextValue(random, field, state, repIds);
      (state as unknown as Record<string, FieldValue>)[field] = newValue;
      history.push({ opportunityId: id, field, oldValue, newValue, changedAt, version });
    }
    if (times[index]! <= instantMs) atInstant = { ...state };
  });

  const updatedAt = new Date(times[times.length - 1] ?? createdMs).toISOString();
  const outcome = state.stageId === WON ? 'won' : state.stageId === LOST ? 'lost' : 'open';
  const opportunity: Opportunity = {
    id,
    name: `Deal ${id}`,
    account: `Account ${integerBetween(random, 1, 5_000)}`,
    ...state,
    stageOutcome: outcome,
    productLines: [],
    createdAt: new Date(createdMs).toISOString(),
    updatedAt,
    campaignId: null,
    campaign: null,
    contactName: null,
    leadId: null,
    leadSource: pick(random, ['web', 'partner', 'outbound', 'event']),
    customerType: pick(random, ['new', 'existing'] as const),
    goNoGoDate: null,
    closePlan: null,
    discountRationale: null,
    priority: random() < 0.1,
    version: events.length + 1,
    deleted: false,
  };

  expected.deals++;
  expected.historyEntries += history.length;
  expected.historyAfterInstant += history.filter((change) => Date.parse(change.changedAt) > instantMs).length;
  // Open at the instant by construction (created before it, only the last event after it closes); counted, not assumed.
  if (createdMs <= instantMs && OPEN_STAGES.includes(atInstant.stageId)) {
    expected.openAtInstant++;
    expected.openAmountAtInstant += atInstant.amount;
  }
  if (outcome === 'open') expected.openAtEnd++;
  return { opportunity, history };
}

function weightedField(random: Random): TrackedField {
  const total = EVENT_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [field, weight] of EVENT_WEIGHTS) {
    draw -= weight;
    if (draw < 0) return field;
  }
  return EVENT_WEIGHTS[0]![0];
}

/** A value for the field that differs from the current one (the history records changes only). */
function nextValue(random: Random, field: TrackedField, state: TrackedState, repIds: readonly string[]): FieldValue {
  switch (field) {
    case 'stageId': {
      const at = OPEN_STAGES.indexOf(state.stageId);
      const forward = at < OPEN_STAGES.length - 1 && (at === 0 || random() < 0.7);
      return OPEN_STAGES[forward ? at + 1 : at - 1]!;
    }
    case 'closeDate': {
      const days = integerBetween(random, 7, 60) * (random() < 0.7 ? 1 : -1);
      return dateOf(Date.parse(`${state.closeDate}T00:00:00.000Z`) + days * DAY_MS);
    }
    case 'amount': {
      const amount = Math.max(100_00, Math.round((state.amount * (0.7 + random() * 0.7)) / 100_00) * 100_00);
      return amount === state.amount ? amount + 100_00 : amount;
    }
    case 'probability':
      if (state.probability !== null && random() < 0.3) return null;
      return pickOther(state.probability, () => integerBetween(random, 1, 19) * 5);
    case 'ownerId':
      return pickOther(state.ownerId, () => pick(random, repIds));
    case 'deleted':
      throw new Error('the benchmark deletes no deal');
  }
}

/** Draws until the value differs (the options ask for at least two reps). */
function pickOther<T>(current: T, draw: () => T): T {
  for (;;) {
    const value = draw();
    if (value !== current) return value;
  }
}

function dateOf(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}
