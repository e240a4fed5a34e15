/**
 * A deterministic company for the forecast benchmark, with rates it knows: deals stay in
 * the stage they are created in (win rates 0.15 / 0.3 / 0.55 / 0.8 by stage), are due 1-3
 * months after creation, and at their close date either close (won with the stage's rate,
 * else lost) or, with the slip rate and only once, move their close date a month later and
 * close then. Deals are created at a steady rate, `historyPerMonth` a month, then in the
 * last OPEN_WINDOW_DAYS at the rate that leaves `openDeals` open at `now` (a company grown
 * lately: the open book is large, the closed history enough to learn from and backtest,
 * and quick to load). Exactly `openDeals` open deals are kept: the surplus is dropped,
 * which leaves the closed history as it was. Targets: each rep's month is set near what
 * the rep is expected to win, so reaching it is a real question.
 */
import type { FieldChange } from '#core/opportunities/field-history.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import type { Rep } from '#core/organisation/rep.js';
import type { Team } from '#core/organisation/team.js';
import type { Target } from '#core/targets/target.js';
import { benchTeamsAndReps } from './pipeline-history-generator.js';
import { integerBetween, pick, type Random, seededRandom } from './seeded-random.js';

const DAY_MS = 86_400_000;
/** Longer than the stream can still be late (STREAM_SETTLED_MS, 65 minutes). */
const QUIET_MS = 2 * 3_600_000;
export const TRUE_WIN_RATES: Readonly<Record<string, number>> = {
  prospecting: 0.15,
  investigation: 0.3,
  'proposal-made': 0.55,
  negotiation: 0.8,
};
export const TRUE_SLIP_RATE = 0.3;
const STAGES = Object.keys(TRUE_WIN_RATES);
/** Mean days a deal stays open: due 30-90 days after creation (60), plus a month for the slipped 30 %. */
const MEAN_OPEN_DAYS = 60 + 30 * TRUE_SLIP_RATE;
/** Generate this much more than the open deals asked for, then keep exactly that many. */
const SURPLUS = 1.15;
const MEAN_AMOUNT_MINOR = 27_500_00;

/** The last days before now in which deals are created at the rate of the open book. */
const OPEN_WINDOW_DAYS = 100;

export interface ForecastWorkloadShape {
  readonly openDeals: number;
  /** Deals created a month before the open window. */
  readonly historyPerMonth: number;
  readonly reps: number;
  /** Months of history before now. */
  readonly months: number;
  readonly seed: number;
  readonly now: string;
}

export interface GeneratedForecastDeal {
  readonly opportunity: Opportunity;
  readonly history: readonly FieldChange[];
}

export interface ForecastWorkload {
  readonly setUpAt: string;
  readonly teams: readonly Team[];
  readonly reps: readonly Rep[];
  readonly targets: readonly Target[];
  readonly deals: readonly GeneratedForecastDeal[];
  readonly openDeals: number;
  readonly closedDeals: number;
  readonly historyRows: number;
}

const dateOf = (millis: number) => new Date(millis).toISOString().slice(0, 10);
const monthOf = (millis: number) => new Date(millis).toISOString().slice(0, 7);
/** A day of the month `monthsAhead` after `millis`'s, at random. */
function dayInMonthAfter(random: Random, millis: number, monthsAhead: number): number {
  const at = new Date(millis);
  const first = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + monthsAhead, 1);
  const days = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + monthsAhead + 1, 0)).getUTCDate();
  return first + integerBetween(random, 0, days - 1) * DAY_MS + 12 * 3_600_000;
}

export function forecastWorkload(shape: ForecastWorkloadShape): ForecastWorkload {
  const random = seededRandom(shape.seed);
  // Nothing happens in the last QUIET_MS: the refresh would wait for the stream (which the benchmark has not) to record it.
  const nowMs = Date.parse(shape.now) - QUIET_MS;
  const fromMs = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth() - shape.months, 1);
  const setUpAt = new Date(fromMs - 30 * DAY_MS).toISOString();
  const { teams, reps } = benchTeamsAndReps(shape.reps, setUpAt);

  const openPerDay = (shape.openDeals * SURPLUS) / MEAN_OPEN_DAYS;
  const historyPerDay = shape.historyPerMonth / 30.4;
  const days = Math.round((nowMs - fromMs) / DAY_MS);
  const open: GeneratedForecastDeal[] = [];
  const closed: GeneratedForecastDeal[] = [];
  let sequence = 0;
  for (let day = 0; day < days; day++) {
    // A steady rate: the day's whole deals, and one more with the fraction's chance.
    const perDay = days - day <= OPEN_WINDOW_DAYS ? openPerDay : historyPerDay;
    const count = Math.floor(perDay) + (random() < perDay - Math.floor(perDay) ? 1 : 0);
    for (let index = 0; index < count; index++) {
      const createdMs = fromMs + day * DAY_MS + integerBetween(random, 0, DAY_MS - 1);
      if (createdMs >= nowMs) continue;
      const deal = generateDeal(random, `opp-${String(++sequence).padStart(7, '0')}`, createdMs, nowMs, reps);
      (deal.opportunity.stageOutcome === 'open' ? open : closed).push(deal);
    }
  }
  if (open.length < shape.openDeals) throw new Error(`generated ${open.length} open deals, fewer than the ${shape.openDeals} asked for`);
  // Keep an even spread of the open deals (every k-th), exactly as many as asked.
  const kept = Array.from({ length: shape.openDeals }, (_, index) => open[Math.floor((index * open.length) / shape.openDeals)]!);
  const deals = [...closed, ...kept];

  // Each rep's month target: the expected won revenue of a rep-month, give or take 30 %.
  const createdPerRepMonth = shape.historyPerMonth / shape.reps;
  const meanWin = STAGES.reduce((sum, stage) => sum + (TRUE_WIN_RATES[stage] ?? 0), 0) / STAGES.length;
  const expectedWon = createdPerRepMonth * meanWin * MEAN_AMOUNT_MINOR;
  const targets: Target[] = [];
  for (let month = 0; month <= shape.months + 3; month++) {
    const label = monthOf(Date.UTC(new Date(fromMs).getUTCFullYear(), new Date(fromMs).getUTCMonth() + month, 15));
    for (const rep of reps)
      targets.push({
        ownerType: 'rep',
        ownerId: rep.id,
        month: label,
        productFamily: null,
        amount: Math.round((expectedWon * (0.7 + random() * 0.6)) / 100_00) * 100_00,
      });
  }
  return {
    setUpAt,
    teams,
    reps,
    targets,
    deals,
    openDeals: kept.length,
    closedDeals: closed.length,
    historyRows: deals.reduce((sum, deal) => sum + deal.history.length, 0),
  };
}

function generateDeal(random: Random, id: string, createdMs: number, nowMs: number, reps: readonly Rep[]): GeneratedForecastDeal {
  const stageId = pick(random, STAGES);
  const ownerId = pick(random, reps).id;
  const amount = integerBetween(random, 50, 500) * 100_00;
  const dueMs = dayInMonthAfter(random, createdMs, integerBetween(random, 1, 3));
  const history: FieldChange[] = [];
  let closeDate = dateOf(dueMs);
  let version = 1;
  let closeMs = dueMs;
  let extensions = 0;
  if (dueMs < nowMs && random() < TRUE_SLIP_RATE) {
    closeMs = dayInMonthAfter(random, dueMs, 1);
    const moved = dateOf(closeMs);
    history.push({
      opportunityId: id,
      field: 'closeDate',
      oldValue: closeDate,
      newValue: moved,
      changedAt: new Date(dueMs).toISOString(),
      version: ++version,
    });
    closeDate = moved;
    extensions = 1;
  }
  let stage = stageId;
  let updatedMs = history.length > 0 ? dueMs : createdMs;
  let closedAt: string | null = null;
  if (closeMs < nowMs) {
    stage = random() < (TRUE_WIN_RATES[stageId] ?? 0) ? 'closed-won' : 'closed-lost';
    closedAt = new Date(closeMs).toISOString();
    history.push({ opportunityId: id, field: 'stageId', oldValue: stageId, newValue: stage, changedAt: closedAt, version: ++version });
    updatedMs = closeMs;
  }
  const outcome = stage === 'closed-won' ? 'won' : stage === 'closed-lost' ? 'lost' : 'open';
  const opportunity: Opportunity = {
    id,
    name: `Deal ${id}`,
    account: `Account ${integerBetween(random, 1, 5_000)}`,
    ownerId,
    stageId: stage,
    stageOutcome: outcome,
    closeDate,
    amount,
    probability: null,
    productLines: [],
    createdAt: new Date(createdMs).toISOString(),
    updatedAt: new Date(updatedMs).toISOString(),
    campaignId: null,
    campaign: null,
    contactName: null,
    leadId: null,
    leadSource: null,
    customerType: null,
    goNoGoDate: null,
    closePlan: null,
    discountRationale: null,
    priority: false,
    version,
    deleted: false,
    // What an import carries: the links' quality counters start from it (reconcile writes the links).
    importedQuality: {
      createdAt: new Date(createdMs).toISOString(),
      closeMonthExtensions: extensions,
      lastStageChangeAt: closedAt,
      closedAt,
    },
  };
  return { opportunity, history };
}
