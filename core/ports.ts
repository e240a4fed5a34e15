/** The clock is a port: core never reads the time itself. */
export interface Clock {
  now(): Date;
}
