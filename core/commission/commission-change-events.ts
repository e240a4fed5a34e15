/**
 * How one event of a rep's month reads on the explanation: its kind and a short detail.
 * The amounts are not decided here: they are the change of the commission figures the
 * event made (commission-change.ts).
 */

import type { StageConfiguration, StageOutcome } from '../organisation/stage.js';
import { type DealAtPoint, isInMonth } from './commission-change-state.js';
import type { Band } from './commission-levels.js';

export const COMMISSION_CHANGE_KINDS = [
  'won',
  'lost',
  'reopened',
  'amount-changed',
  'moved-in',
  'moved-out',
  'reassigned-in',
  'reassigned-out',
  'created',
  'deleted',
  'stage-changed',
  'levels-changed',
  'stage-configuration-changed',
  'target-changed',
] as const;
export type CommissionChangeKind = (typeof COMMISSION_CHANGE_KINDS)[number];

/** Minor units as major units with two decimals and thousands separators: 1234567 -> "12,345.67". */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${major}.${String(abs % 100).padStart(2, '0')}`;
}

function outcomeOf(stages: StageConfiguration, stageId: string): StageOutcome {
  return stages.stages.find((stage) => stage.id === stageId)?.outcome ?? 'open';
}

function stageName(stages: StageConfiguration, stageId: string): string {
  return stages.stages.find((stage) => stage.id === stageId)?.name ?? stageId;
}

export interface DealEventReading {
  readonly kind: CommissionChangeKind;
  readonly detail: string;
}

/**
 * What a deal's change did to the rep's month, from the deal before and after it (with
 * the stages in force): entering or leaving the month says how (created, restored,
 * reassigned, close date moved, deleted); staying in it, the stage outcome decides (won,
 * lost, reopened), else the amount, else the stage.
 */
export function readDealEvent(
  before: DealAtPoint,
  after: DealAtPoint,
  stages: StageConfiguration,
  repId: string,
  month: string,
): DealEventReading {
  const wasIn = isInMonth(before, repId, month);
  const isIn = isInMonth(after, repId, month);
  const amount = `${formatMinor(after.amount)} in ${stageName(stages, after.stageId)}`;
  if (!wasIn && isIn) {
    if (!before.exists) return { kind: 'created', detail: `created: ${amount}` };
    if (before.deleted) return { kind: 'created', detail: `restored after deletion: ${amount}` };
    if (before.ownerId !== repId)
      return { kind: 'reassigned-in', detail: `reassigned from rep '${before.ownerId}' to this rep: ${amount}` };
    return { kind: 'moved-in', detail: `close date moved from ${before.closeDate} into ${month} (${after.closeDate}): ${amount}` };
  }
  if (wasIn && !isIn) {
    if (after.deleted || !after.exists) return { kind: 'deleted', detail: `deleted (was ${formatMinor(before.amount)})` };
    if (after.ownerId !== repId) return { kind: 'reassigned-out', detail: `reassigned to rep '${after.ownerId}'` };
    return { kind: 'moved-out', detail: `close date moved out of ${month}: ${before.closeDate} -> ${after.closeDate}` };
  }
  const from = outcomeOf(stages, before.stageId);
  const to = outcomeOf(stages, after.stageId);
  const amountChange = before.amount !== after.amount ? `; amount ${formatMinor(before.amount)} -> ${formatMinor(after.amount)}` : '';
  const stageMove = `${stageName(stages, before.stageId)} -> ${stageName(stages, after.stageId)}`;
  if (from !== to) {
    const kind = to === 'won' ? 'won' : to === 'lost' ? 'lost' : 'reopened';
    return { kind, detail: `${kind}: ${stageMove}, ${formatMinor(after.amount)}${amountChange}` };
  }
  if (before.amount !== after.amount)
    return { kind: 'amount-changed', detail: `amount ${formatMinor(before.amount)} -> ${formatMinor(after.amount)}` };
  if (before.stageId !== after.stageId) return { kind: 'stage-changed', detail: `stage ${stageMove}` };
  return { kind: 'amount-changed', detail: 'no change to the commission figures' };
}

/** Bands as a short text: "2 % to 50,000.00, 4 % to 75,000.00, 6 % above". */
export function bandsText(bands: readonly Band[] | null): string {
  if (!bands) return 'none';
  return bands
    .map((band) => (band.to === null ? `${band.ratePercent} % above` : `${band.ratePercent} % to ${formatMinor(band.to)}`))
    .join(', ');
}

/** What changed between two stage configurations, as far as commission sees it: the outcome of each stage. */
export function stageConfigurationDetail(before: StageConfiguration, after: StageConfiguration): string {
  const ids = [...new Set([...before.stages, ...after.stages].map((stage) => stage.id))];
  const changes = ids.flatMap((id) => {
    const was = before.stages.find((stage) => stage.id === id);
    const is = after.stages.find((stage) => stage.id === id);
    if (!was) return [`'${id}' added (${is?.outcome})`];
    if (!is) return [`'${id}' removed`];
    return was.outcome !== is.outcome ? [`'${id}' ${was.outcome} -> ${is.outcome}`] : [];
  });
  return `stage configuration changed${changes.length > 0 ? `: ${changes.join(', ')}` : ''}`;
}
