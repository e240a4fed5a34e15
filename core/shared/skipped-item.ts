/**
 * A stored item that a reader of many items left out of its answer because it fails its
 * schema (stored before a rule existed, or written around the API). One bad item must not
 * take down a report over everything else: it is skipped, logged and shown with the answer.
 */
export interface SkippedItem {
  /** What the item is: 'opportunity', 'field history', 'deal link', 'rep', 'team', 'stage configuration'. */
  readonly kind: string;
  /** The record's id (an opportunity's id: replace it with PUT or DELETE it), else the item's key. */
  readonly id: string;
  /** The offending fields and why. */
  readonly reason: string;
}

/** `{ skipped }` when there is something to show, else nothing: an answer with no skipped item keeps its shape. */
export function skippedField(skipped: readonly SkippedItem[]): { readonly skipped?: readonly SkippedItem[] } {
  return skipped.length > 0 ? { skipped } : {};
}
