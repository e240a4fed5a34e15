/**
 * The kinds of opportunity write the benchmark mixes, and how to tell them apart from a
 * stream record's two images, so the stream's work can be attributed to the write it serves.
 */

export const WRITE_KINDS = [
  'create',
  'stage-move',
  'close-date-same-month',
  'close-date-other-month',
  'owner-change',
  'amount-change',
] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

/** Shares of the default mix; a close-date move crosses months half the time. */
export const DEFAULT_MIX: Readonly<Record<WriteKind, number>> = {
  create: 0.35,
  'stage-move': 0.25,
  'close-date-same-month': 0.1,
  'close-date-other-month': 0.1,
  'owner-change': 0.1,
  'amount-change': 0.1,
};

/** The fields of an opportunity image that tell the kinds apart. */
export interface OpportunityImage {
  readonly stageId: string;
  readonly closeDate: string;
  readonly ownerId: string;
  readonly amount: number;
  readonly deleted?: boolean;
}

/** The one change the mix made between two versions; 'other' if it cannot tell. */
export function kindOfChange(before: OpportunityImage | undefined, after: OpportunityImage | undefined): WriteKind | 'delete' | 'other' {
  if (!after || after.deleted) return 'delete';
  if (!before || before.deleted) return 'create';
  if (before.stageId !== after.stageId) return 'stage-move';
  if (before.closeDate !== after.closeDate)
    return before.closeDate.slice(0, 7) === after.closeDate.slice(0, 7) ? 'close-date-same-month' : 'close-date-other-month';
  if (before.ownerId !== after.ownerId) return 'owner-change';
  if (before.amount !== after.amount) return 'amount-change';
  return 'other';
}
