import type { WriteOutcome } from '#core/shared/write-outcome.js';

/** 201 for a record that did not exist (or was deleted), 200 for an update or a no-op repeat. */
export function statusOf(outcome: WriteOutcome): number {
  return outcome === 'created' ? 201 : 200;
}
