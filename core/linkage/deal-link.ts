import type { StageVisit } from '../conversion/conversion-cells.js';
import type { StageOutcome } from '../organisation/stage.js';

/** Product family under which revenue without product lines is counted. */
export const GENERAL_FAMILY = '';

/**
 * Per-deal pipeline quality counters, kept by the stream from successive versions.
 * Days since last stage change and days open are not stored: they depend on "now" and
 * are computed at read time from these instants.
 */
export interface QualityCounters {
  readonly createdAt: string;
  /** Times the close date moved to a later calendar month. */
  readonly closeMonthExtensions: number;
  /** Instant of the last stage change; null while the stage never changed. */
  readonly lastStageChangeAt: string | null;
  /** Instant the deal last closed (won or lost); null while open. Stops the days-open clock. */
  readonly closedAt: string | null;
}

/**
 * A deal as linked to its owner's month: what it contributes to that month's target and
 * commission records, and its quality counters. One per deal per owner-month it has ever
 * been in; `live: false` marks a tombstone (the deal moved away or was deleted), which
 * contributes nothing but keeps the version so that replayed stream records are ignored.
 *
 * The lead, source, campaign and stage path are what the deal conversion counters follow
 * (core/linkage/deal-conversion.ts). The stream and reconcile always set them, and a link
 * read from the table always has them (one stored before them reads as nulls and a
 * one-visit path); a link built by hand may leave them out and counts the same way.
 */
export interface DealLink {
  readonly opportunityId: string;
  readonly repId: string;
  readonly month: string;
  /** The opportunity version this link reflects. */
  readonly version: number;
  readonly live: boolean;
  readonly name: string;
  readonly account: string;
  readonly stageId: string;
  readonly stageOutcome: StageOutcome;
  readonly closeDate: string;
  readonly amount: number;
  /** Per-deal probability override; null follows the stage default. */
  readonly probability: number | null;
  /** Amount per product family; revenue without product lines is under GENERAL_FAMILY. */
  readonly familyAmounts: Readonly<Record<string, number>>;
  readonly priority: boolean;
  readonly quality: QualityCounters;
  /** The lead the deal was converted from; null for every other deal. */
  readonly leadId?: string | null;
  readonly leadSource?: string | null;
  readonly campaignId?: string | null;
  /** The campaign as free text, kept from before campaigns were records. */
  readonly campaign?: string | null;
  /**
   * The stages the deal entered, oldest first (at most MAX_STAGE_VISITS), kept from version
   * to version like the quality counters: what the deal's funnel counters follow.
   */
  readonly stagePath?: readonly StageVisit[];
}
