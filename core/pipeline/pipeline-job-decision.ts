/**
 * Whether a time-travel question is answered now (200) or as a job (202).
 *
 * A job when the caller prefers it (`Prefer: respond-async`), or when only the full path
 * (a scan of the whole table) can answer and the table is too large for the API's 30 s:
 * more deals than `syncFullPathMaxDeals` by the cheap estimate (the latest checkpoint's
 * deal count, no scan). With no estimate (no checkpoint taken yet: a new table) the answer
 * is now; `syncFullPathMaxDeals` 0 makes every full-path question a job whatever the estimate.
 * A question the nearest checkpoint can answer is always answered now (4-8 s at 100,000 deals).
 */
export interface AnswerModeInput {
  readonly preferAsync: boolean;
  /** A usable checkpoint exists for the question's instants (history-at.ts's rules). */
  readonly fastPathUsable: boolean;
  readonly estimatedDeals: number | null;
  readonly syncFullPathMaxDeals: number;
}

export type AnswerMode = 'now' | 'job';

export function answerMode({ preferAsync, fastPathUsable, estimatedDeals, syncFullPathMaxDeals }: AnswerModeInput): AnswerMode {
  if (preferAsync) return 'job';
  if (fastPathUsable) return 'now';
  if (syncFullPathMaxDeals <= 0) return 'job';
  return estimatedDeals !== null && estimatedDeals > syncFullPathMaxDeals ? 'job' : 'now';
}

/** RFC 7240: true when a Prefer header asks for `respond-async` (among other preferences, any case). */
export function prefersAsync(prefer: string | undefined): boolean {
  if (prefer === undefined) return false;
  return prefer
    .split(',')
    .map((preference) => preference.split(';')[0]?.trim().toLowerCase())
    .some((token) => token === 'respond-async');
}
