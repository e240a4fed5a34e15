import type { Clock } from '#core/shared/clock.js';

/** A clock for tests: it says what it is told. Instants are UTC ISO strings ending in Z. */
export interface FixedClock extends Clock {
  set(instant: string): void;
  advanceBy(milliseconds: number): void;
}

export function fixedClock(instant: string): FixedClock {
  let current = parseInstant(instant);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = parseInstant(next);
    },
    advanceBy: (milliseconds) => {
      current += milliseconds;
    },
  };
}

/** Rejects local-time literals: a test must not depend on the machine's time zone. */
function parseInstant(instant: string): number {
  const time = Date.parse(instant);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(instant) || Number.isNaN(time)) {
    throw new Error(`not a UTC instant ending in Z: ${instant}`);
  }
  return time;
}
