/**
 * The parts of the API's answers the app itself reads (who is signed in, the settings, the
 * names and ids it links to). The charts read the rest through their builders' own types.
 * The full contract is the OpenAPI document at `GET /openapi.json`.
 */

/** `marketing` sees the company's leads, campaigns and conversion metrics, and no one's deals, targets or commission. */
export type Role = 'rep' | 'manager' | 'admin' | 'marketing';

/**
 * `GET /me`: the caller, and every scope they may see, teams in tree order. For marketing,
 * whose sales visibility is no one's, `company` is null and `reps` only themself: its leads
 * visibility (the whole company) is not listed here.
 */
export interface Me {
  readonly rep: { readonly id: string; readonly name: string; readonly teamId: string };
  readonly role: Role;
  readonly company: { readonly id: string; readonly name: string } | null;
  readonly teams: readonly { readonly id: string; readonly name: string; readonly parentTeamId: string | null }[];
  readonly reps: readonly { readonly id: string; readonly name: string; readonly teamId: string; readonly active: boolean }[];
  /**
   * The engine's clock (ISO instant), when the API says it: the current period and the
   * windows of the trend and change charts follow the engine's now, not the browser's.
   */
  readonly now?: string;
}

/** `GET /settings`. */
export interface DashboardSettings {
  readonly fiscalYearStartMonth: number;
  /** ISO 4217; absent from an API that predates it. */
  readonly currency?: string;
  /** BCP 47; absent from an API that predates it. */
  readonly locale?: string;
}

/** A member of a team's period (`GET /teams/{id}/periods/{p}`, `/company/periods/{p}`): what drill-down links to. */
export interface PeriodMember {
  readonly kind: 'rep' | 'team';
  readonly id: string;
  readonly name: string;
}

export interface ScopePeriod {
  readonly name: string;
  readonly members: readonly PeriodMember[];
}

/** An open deal of a rep's month (`GET /reps/{id}/months/{m}`, commissionRecord.openDeals). */
export interface RankedDeal {
  readonly opportunityId: string;
  readonly name: string;
}

export interface RepMonthDeals {
  readonly name: string;
  readonly commissionRecord: { readonly openDeals: readonly RankedDeal[] };
}

/** A row of the quality table (`GET /quality`). */
export interface QualityRowLink {
  readonly opportunityId: string;
  readonly name: string;
}

export interface QualityPage {
  readonly rows: readonly QualityRowLink[];
}

/** `GET /opportunities/{id}`. */
export interface DealWithQuality {
  readonly opportunity: {
    readonly id: string;
    readonly name: string;
    readonly account: string;
    readonly ownerId: string;
    readonly stageId: string;
    readonly stageOutcome: string;
    readonly closeDate: string;
    readonly amount: number;
    readonly probability: number | null;
    readonly productLines: readonly { readonly productFamily: string; readonly amount: number }[];
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly campaign: string | null;
    readonly leadSource: string | null;
    readonly customerType: string | null;
    readonly priority: boolean;
    readonly version: number;
    readonly deleted: boolean;
  };
  readonly quality: {
    readonly closeMonthExtensions: number;
    readonly daysSinceLastStageChange: number;
    readonly daysOpen: number;
    readonly lastStageChangeAt: string | null;
    readonly closedAt: string | null;
    readonly asOf: string;
  };
  readonly qualityPending: boolean;
}

/** `GET /opportunities/{id}/history`, newest first. */
export interface DealHistory {
  readonly changes: readonly {
    readonly field: string;
    readonly oldValue: string | number | boolean | null;
    readonly newValue: string | number | boolean | null;
    readonly changedAt: string;
    readonly version: number;
    readonly changedBy?: string;
  }[];
}

/** `GET /stages`: names of stage ids. */
export interface StageList {
  readonly stages: readonly { readonly id: string; readonly name: string; readonly probability: number }[];
}

/**
 * The commission insight routes (`GET /reps/{id}/months/{m}/commission/next-sale` and
 * `.../commission/change?from&to`), exactly as the engine's core types them
 * (functions/commission/commission-insight-documents.ts checks its documents against the same).
 */
export type { CommissionChange, CommissionChangeLine } from '#core/commission/commission-change.js';
export type { Band as CommissionBand } from '#core/commission/commission-levels.js';
export type { NextSalePool } from '#core/commission/next-sale.js';
export type { NextSaleReport as NextSale } from '#core/commission/read-next-sale.js';
export type {
  CampaignRow,
  DealFigures,
  FunnelStage,
  LeadFigures,
  LeadRow,
  OpportunityFigures,
  OpportunityRow,
} from '#core/conversion/conversion-metrics.js';
/**
 * The conversion metrics (`GET /conversion/leads`, `/conversion/opportunities`,
 * `/conversion/campaigns`, `/conversion/funnel`), exactly as the engine's read model types
 * them (functions/conversion/conversion-documents.ts checks its documents against the same).
 */
export type {
  CampaignMetrics,
  ConversionFunnel,
  ConversionScope,
  LeadMetrics,
  OpportunityMetrics,
} from '#core/conversion/read-conversion-metrics.js';
/**
 * The forecasts (`GET /forecasts`, `/forecasts/backtest`), exactly as the engine's forecast
 * model types them: the dashboard formats and draws them, it never recomputes one.
 */
export type {
  AtRiskDeal,
  BacktestMonth,
  ExpectedRevenue,
  ScopeBacktest,
  ScopeForecast,
  SlipReason,
} from '#core/forecasts/forecast-model.js';
export type { WonRevenueDistribution } from '#core/forecasts/won-revenue-simulation.js';
