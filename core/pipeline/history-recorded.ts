/** The guard every rebuild of the past passes: no deal changed after the instant still waits for the stream. */
import { RetryLaterError } from '../shared/errors.js';
import { type DealRecord, dealsAwaitingStream } from './pipeline-rebuild.js';

/** Seconds a caller should wait before retrying while the stream catches up. */
export const STREAM_CATCH_UP_SECONDS = 5;

/** Throws RetryLaterError while deals changed after `instant` have changes the stream has not recorded yet. */
export function ensureHistoryRecorded(deals: readonly DealRecord[], instant: string, now: Date): void {
  const waiting = dealsAwaitingStream(deals, instant, now);
  if (waiting.length > 0) {
    throw new RetryLaterError(
      `${waiting.length} deal(s) changed since ${instant} are still being recorded by the stream; retry shortly`,
      STREAM_CATCH_UP_SECONDS,
    );
  }
}

export interface RetryWhileRecording {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Waits the seconds the error asks for (injected: core keeps no timers). */
  readonly wait: (seconds: number) => Promise<void>;
  /** Told before each wait, e.g. to log it. */
  readonly onWait?: (error: RetryLaterError, attempt: number) => void;
}

/** Runs a rebuild of the past again while it answers RetryLaterError, up to `attempts` times. */
export async function retryWhileHistoryIsRecorded<T>(run: () => Promise<T>, { attempts, wait, onWait }: RetryWhileRecording): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof RetryLaterError) || attempt >= attempts) throw error;
      onWait?.(error, attempt);
      await wait(error.retryAfterSeconds);
    }
  }
}
