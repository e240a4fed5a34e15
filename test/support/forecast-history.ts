/**
 * A seeded history of deals with KNOWN win and slip rates, for the learned-rates tests and
 * the backtest's integration test. Every deal stays in the stage it is created in, is due
 * 1-3 months after its creation, and on its close date either closes (won with its stage's
 * true win rate, else lost) or — with the true slip rate, only while not yet extended —
 * moves its close date one month later and closes then. So a deal due this month closes
 * in it with 1 - slip at extension 0 and always at extension 1. Changes dated after `now`
 * have not happened yet (the deal is still open).
 *
 * Given as both a PipelineHistory (core tests) and the bodies of POST /imports/opportunities
 * (at most 500 deals and 10,000 history rows each).
 */
import type { FieldChange, TrackedField } from '#core/opportunities/field-history.js';
import type { DealRecord, PipelineHistory } from '#core/pipeline/pipeline-rebuild.js';
import { addMonths } from '#core/shared/period.js';

export const FORECAST_STAGES = ['prospecting', 'investigation', 'proposal-made', 'negotiation'] as const;
export type ForecastStage = (typeof FORECAST_STAGES)[number];

export interface TrueRates {
  readonly win: Readonly<Record<ForecastStage, number>>;
  /** The chance a deal not yet extended moves its close date a month on its close date. */
  readonly slip: number;
}

export const DEFAULT_TRUE_RATES: TrueRates = {
  win: { prospecting: 0.15, investigation: 0.3, 'proposal-made': 0.55, negotiation: 0.8 },
  slip: 0.3,
};

export interface ForecastHistoryParams {
  readonly seed: number;
  /** Rep ids; every rep is placed in `teamId` from the start of the history. */
  readonly reps: readonly string[];
  /** Months of history before `now`'s month in which deals are created. */
  readonly months: number;
  readonly dealsPerRepMonth: number;
  /** UTC instant; changes after it have not happened. */
  readonly now: string;
  readonly teamId?: string;
  readonly trueRates?: TrueRates;
}

export interface ImportOpportunityRow {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly ownerId: string;
  readonly stageId: string;
  readonly closeDate: string;
  readonly amount: number;
  readonly createdAt: string;
}

export interface ImportHistoryRow {
  readonly opportunityId: string;
  readonly field: string;
  readonly oldValue: string | number | null;
  readonly newValue: string | number | null;
  readonly changedAt: string;
}

export interface ImportBody {
  readonly opportunities: ImportOpportunityRow[];
  readonly history: ImportHistoryRow[];
}

export interface ForecastHistory {
  readonly history: PipelineHistory;
  readonly importBodies: readonly ImportBody[];
  readonly trueRates: TrueRates;
  /** The first instant of the history (the reps' placement). */
  readonly startsAt: string;
}

const MAX_DEALS_PER_BODY = 500;
const MAX_ROWS_PER_BODY = 10_000;

/** mulberry32: small, seeded, good enough for test data. */
function randomOf(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

export function forecastHistoryOf(params: ForecastHistoryParams): ForecastHistory {
  const { seed, reps, months, dealsPerRepMonth, now } = params;
  const teamId = params.teamId ?? 'team-sales';
  const trueRates = params.trueRates ?? DEFAULT_TRUE_RATES;
  const random = randomOf(seed);
  const pick = (count: number) => Math.min(count - 1, Math.floor(random() * count));
  const nowMillis = Date.parse(now);
  const firstMonth = addMonths(now.slice(0, 7), -months);
  const startsAt = `${firstMonth}-01T00:00:00.000Z`;

  const deals: DealRecord[] = [];
  const rows: { opportunity: ImportOpportunityRow; history: ImportHistoryRow[] }[] = [];
  let index = 0;
  for (let offset = 0; offset < months; offset++) {
    const month = addMonths(firstMonth, offset);
    for (const ownerId of reps) {
      for (let n = 0; n < dealsPerRepMonth; n++) {
        index++;
        // Every draw is made whether or not its change happens before now: the same seed gives the same deals at any now.
        const createdAt = `${month}-${pad(1 + pick(28))}T${pad(pick(24))}:${pad(pick(60))}:00.000Z`;
        const stageId = FORECAST_STAGES[pick(FORECAST_STAGES.length)] as ForecastStage;
        const amount = (10 + pick(491)) * 10_000;
        const closeDay = pad(1 + pick(28));
        const dueMonth = addMonths(month, 1 + pick(3));
        const slips = random() < trueRates.slip;
        const won = random() < trueRates.win[stageId];
        const closeDate = `${dueMonth}-${closeDay}`;
        const planned: { field: TrackedField; oldValue: string; newValue: string; changedAt: string }[] = [];
        let finalCloseDate = closeDate;
        if (slips) {
          finalCloseDate = `${addMonths(dueMonth, 1)}-${closeDay}`;
          planned.push({ field: 'closeDate', oldValue: closeDate, newValue: finalCloseDate, changedAt: `${closeDate}T17:00:00.000Z` });
        }
        planned.push({
          field: 'stageId',
          oldValue: stageId,
          newValue: won ? 'closed-won' : 'closed-lost',
          changedAt: `${finalCloseDate}T17:00:00.000Z`,
        });
        if (Date.parse(createdAt) > nowMillis) continue;
        const happened = planned.filter((change) => Date.parse(change.changedAt) <= nowMillis);
        const id = `fc-${String(index).padStart(6, '0')}`;
        const history: FieldChange[] = happened.map((change, version) => ({ opportunityId: id, ...change, version: version + 2 }));
        const last = happened.at(-1);
        const current = {
          id,
          ownerId,
          stageId: happened.find((change) => change.field === 'stageId')?.newValue ?? stageId,
          closeDate: happened.find((change) => change.field === 'closeDate')?.newValue ?? closeDate,
          amount,
          probability: null,
          deleted: false,
          createdAt,
          updatedAt: last?.changedAt ?? createdAt,
          version: 1 + happened.length,
        };
        deals.push({ current, history, appliedVersion: current.version });
        rows.push({
          opportunity: {
            id,
            name: `Deal ${index}`,
            account: `Account ${index % 97}`,
            ownerId,
            stageId: current.stageId,
            closeDate: current.closeDate,
            amount,
            createdAt,
          },
          history: happened.map(({ field, oldValue, newValue, changedAt }) => ({
            opportunityId: id,
            field,
            oldValue,
            newValue,
            changedAt,
          })),
        });
      }
    }
  }

  const importBodies: ImportBody[] = [];
  let body: ImportBody = { opportunities: [], history: [] };
  for (const row of rows) {
    if (body.opportunities.length >= MAX_DEALS_PER_BODY || body.history.length + row.history.length > MAX_ROWS_PER_BODY) {
      importBodies.push(body);
      body = { opportunities: [], history: [] };
    }
    body.opportunities.push(row.opportunity);
    body.history.push(...row.history);
  }
  if (body.opportunities.length > 0) importBodies.push(body);

  return {
    history: {
      deals,
      stageVersions: [],
      repVersions: reps.map((repId) => ({ repId, version: 1, updatedAt: startsAt, teamId })),
      teams: [{ id: teamId, name: 'Sales', parentTeamId: null }],
    },
    importBodies,
    trueRates,
    startsAt,
  };
}
