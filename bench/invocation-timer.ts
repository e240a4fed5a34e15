/**
 * Wall time of each handler invocation, by side (api, stream): what Lambda would bill as
 * duration, as measured locally. Locally the handlers share two cores with DynamoDB Local and
 * each other, and DynamoDB Local's round trips are not DynamoDB's, so this is an estimate of
 * the AWS duration, not a measurement of it (the cost model shows a sensitivity line for that).
 */
import { performance } from 'node:perf_hooks';

export interface InvocationTimes {
  readonly invocations: number;
  readonly totalMs: number;
  /** Sum of each invocation's time rounded up to the millisecond, as Lambda bills it. */
  readonly billedMs: number;
}

export class InvocationTimer {
  private readonly times = new Map<string, { invocations: number; totalMs: number; billedMs: number }>();

  /** Runs one invocation and adds its time to `side`, whether it succeeds or throws. */
  async time<T>(side: string, invocation: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await invocation();
    } finally {
      const ms = performance.now() - startedAt;
      const times = this.times.get(side) ?? { invocations: 0, totalMs: 0, billedMs: 0 };
      this.times.set(side, { invocations: times.invocations + 1, totalMs: times.totalMs + ms, billedMs: times.billedMs + Math.ceil(ms) });
    }
  }

  of(side: string): InvocationTimes {
    return { ...(this.times.get(side) ?? { invocations: 0, totalMs: 0, billedMs: 0 }) };
  }

  reset(): void {
    this.times.clear();
  }
}
