/** The clock is a port: core never reads the time itself; adapters pass one in. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
