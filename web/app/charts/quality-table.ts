/**
 * Chart 10: the pipeline quality table: the deals due to close in a month with their three
 * metrics (close-month extensions, days since the stage last changed, days open), each
 * flagged where it reaches its threshold, so the deals likely to slip stand out. A table,
 * no chart (`kind: 'table'`).
 *
 * The API gives the metrics but no flags or thresholds, and neither does the domain text
 * beyond its example of a doubtful deal (open 237 days, stage unchanged for 100, close
 * month moved four times, against a three-month sales cycle). So the flags compare the
 * API's figures, unchanged, with thresholds: the defaults below, or the caller's.
 */
import type { QualityRow, QualityTablePage } from '#core/quality/quality-table.js';
import type { Formatters } from '../format/formatters.js';
import type { ChartModel } from './chart-model.js';
import { tableOf } from './option-parts.js';

export interface QualityThresholds {
  /** Flag a deal whose close date moved to a later month at least this many times. */
  readonly closeMonthExtensions: number;
  /** Flag a deal whose stage has not changed for at least this many days. */
  readonly daysSinceLastStageChange: number;
  /** Flag a deal open for at least this many days. */
  readonly daysOpen: number;
}

/** Twice slipped; two months in one stage; open two three-month sales cycles. */
export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = { closeMonthExtensions: 2, daysSinceLastStageChange: 60, daysOpen: 180 };

/** Which of a row's metrics reached its threshold (never for a won or lost deal: it cannot slip). */
export interface QualityFlags {
  readonly opportunityId: string;
  readonly closeMonthExtensions: boolean;
  readonly daysSinceLastStageChange: boolean;
  readonly daysOpen: boolean;
}

export interface QualityTableModel extends ChartModel {
  readonly kind: 'table';
  readonly option: null;
  /** One per table row, in the same order. */
  readonly flags: readonly QualityFlags[];
  readonly thresholds: QualityThresholds;
}

/** The API's answer (`GET /quality`) or the core's page: the month, the instant the metrics are counted at, and the rows. */
export type QualityTableInput = Pick<QualityTablePage, 'month' | 'asOf' | 'total' | 'rows'>;

export interface QualityTableContext {
  readonly scopeName: string;
  /** Rep names by id, for the owner column (the row has the id only). */
  readonly repNames?: Readonly<Record<string, string>>;
  /** Stage names by id (the row has the id only). */
  readonly stageNames?: Readonly<Record<string, string>>;
  readonly thresholds?: Partial<QualityThresholds>;
}

function flagsOf(row: QualityRow, thresholds: QualityThresholds): QualityFlags {
  const open = row.outcome === 'open';
  return {
    opportunityId: row.opportunityId,
    closeMonthExtensions: open && row.closeMonthExtensions >= thresholds.closeMonthExtensions,
    daysSinceLastStageChange: open && row.daysSinceLastStageChange >= thresholds.daysSinceLastStageChange,
    daysOpen: open && row.daysOpen >= thresholds.daysOpen,
  };
}

const times = (count: number, fmt: Formatters): string => (count === 1 ? 'once' : `${fmt.count(count)} times`);

function attentionOf(row: QualityRow, flags: QualityFlags, fmt: Formatters): string | null {
  const reasons = [
    flags.closeMonthExtensions ? `close date pushed to a later month ${times(row.closeMonthExtensions, fmt)}` : null,
    flags.daysSinceLastStageChange ? `no stage change for ${fmt.days(row.daysSinceLastStageChange)}` : null,
    flags.daysOpen ? `open for ${fmt.days(row.daysOpen)}` : null,
  ].filter((reason): reason is string => reason !== null);
  if (reasons.length === 0) return null;
  const text = reasons.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

export function qualityTableModel(page: QualityTableInput, context: QualityTableContext, fmt: Formatters): QualityTableModel {
  const thresholds = { ...DEFAULT_QUALITY_THRESHOLDS, ...context.thresholds };
  const month = fmt.month(page.month);
  const flags = page.rows.map((row) => flagsOf(row, thresholds));
  const table = tableOf(
    fmt,
    [
      { key: 'deal', label: 'Deal', kind: 'text' },
      { key: 'account', label: 'Account', kind: 'text' },
      { key: 'owner', label: 'Owner', kind: 'text' },
      { key: 'stage', label: 'Stage', kind: 'text' },
      { key: 'closeDate', label: 'Close date', kind: 'date' },
      { key: 'amount', label: 'Amount', kind: 'money' },
      { key: 'priority', label: 'Priority', kind: 'text' },
      { key: 'closeMonthExtensions', label: 'Close-month extensions', kind: 'count' },
      { key: 'daysSinceLastStageChange', label: 'Days since stage change', kind: 'days' },
      { key: 'daysOpen', label: 'Days open', kind: 'days' },
      { key: 'attention', label: 'Needs attention', kind: 'text' },
    ],
    page.rows.map((row, index) => ({
      deal: row.name,
      account: row.account,
      owner: context.repNames?.[row.ownerId] ?? row.ownerId,
      stage: context.stageNames?.[row.stageId] ?? row.stageId,
      closeDate: row.closeDate,
      amount: row.amount,
      priority: row.priority ? 'Yes' : 'No',
      closeMonthExtensions: row.closeMonthExtensions,
      daysSinceLastStageChange: row.daysSinceLastStageChange,
      daysOpen: row.daysOpen,
      attention: attentionOf(row, flags[index] ?? flagsOf(row, thresholds), fmt),
    })),
  );
  const flagged = flags.filter((flag) => flag.closeMonthExtensions || flag.daysSinceLastStageChange || flag.daysOpen).length;
  const shown = page.rows.length < page.total ? `${fmt.count(page.rows.length)} of ${fmt.deals(page.total)}` : fmt.deals(page.total);
  return {
    kind: 'table',
    title: `Pipeline quality: deals due to close in ${month}`,
    description:
      `${context.scopeName}: ${shown} due to close in ${month}, counted on ${fmt.date(page.asOf)}; ${fmt.count(flagged)} flagged ` +
      `(close date pushed to a later month ${times(thresholds.closeMonthExtensions, fmt)} or more, ` +
      `no stage change for ${fmt.days(thresholds.daysSinceLastStageChange)} or more, or open ${fmt.days(thresholds.daysOpen)} or more).`,
    option: null,
    table,
    emptyMessage: page.rows.length === 0 ? `No deals for ${context.scopeName} are due to close in ${month}.` : '',
    flags,
    thresholds,
  };
}
