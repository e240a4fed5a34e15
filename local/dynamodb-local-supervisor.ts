import { setTimeout as sleep } from 'node:timers/promises';
import { type DynamoDbLocal, type DynamoDbLocalOptions, type LocalClientConfig, startDynamoDbLocal } from './dynamodb-local.js';

export interface DynamoDbLocalSupervisorOptions extends DynamoDbLocalOptions {
  /**
   * The pause before each restart attempt after DynamoDB Local died; their number bounds the
   * attempts of one outage. The first is immediate: Java takes seconds to start anyway.
   * @default [0, 1_000, 2_000, 4_000, 8_000]
   */
  readonly restartDelaysMs?: readonly number[];
  /** A process that stayed up this long ends an outage: its death gets every attempt again. @default 60_000 */
  readonly stableAfterMs?: number;
  /** Where the restarts are reported. @default console.error */
  readonly log?: (line: string) => void;
}

/** DynamoDB Local that is restarted when it dies, on the same port (the clients keep their endpoint) and the same files. */
export interface SupervisedDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly clientConfig: LocalClientConfig;
  /** The Java process serving now (a new one after each restart). */
  readonly pid: number;
  readonly restarts: number;
  /**
   * Resolves, never rejects, with the reason once DynamoDB Local is gone for good: it died in
   * memory (a restart would come back empty, under a stream checkpoint and clients that
   * expect the tables), or every restart attempt failed. Until stopped, requests get 503.
   */
  readonly lost: Promise<Error>;
  /** Stops the serving process, or a restart under way. */
  stop(): Promise<void>;
}

const DEFAULT_RESTART_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000];

/**
 * Restart rather than stop, on a data folder: DynamoDB Local keeps it in SQLite, which
 * survives Java's death; the stream keeps its ARN, shard ids and sequence numbers across a
 * restart on the same folder, so the stream poller resumes from its checkpoints; and the API
 * answers 503 only for the few seconds Java takes to start. Bounded, so that a Java that
 * cannot start (a port taken, a broken folder) ends in a clear exit rather than a loop.
 */
export async function superviseDynamoDbLocal(options: DynamoDbLocalSupervisorOptions = {}): Promise<SupervisedDynamoDbLocal> {
  const delays = options.restartDelaysMs ?? DEFAULT_RESTART_DELAYS_MS;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.error(line));
  let current: DynamoDbLocal = await startDynamoDbLocal(options);
  const { endpoint, port, clientConfig } = current;
  const stopping = new AbortController();
  let restarts = 0;
  let attemptsUsed = 0;
  let restarting: Promise<void> | undefined;
  let reportLost: (reason: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => (reportLost = resolve));

  const watch = (serving: DynamoDbLocal) => {
    const startedAt = Date.now();
    void serving.exited.then((exit) => {
      if (exit.stopped || stopping.signal.aborted) return;
      if (Date.now() - startedAt >= stableAfterMs) attemptsUsed = 0;
      const why = `DynamoDB Local (pid ${serving.pid}) exited (${exit.signal ?? `code ${exit.code}`})`;
      if (!serving.databaseDirectory) {
        reportLost(new Error(`${why}; it kept the tables in memory, so they are lost: a restart would serve an empty database`));
        return;
      }
      restarting = restart(why).finally(() => (restarting = undefined));
    });
  };

  const restart = async (why: string): Promise<void> => {
    let lastError: unknown;
    while (attemptsUsed < delays.length) {
      const delayMs = delays[attemptsUsed++] ?? 0;
      log(`${why}; restarting it on port ${port} (attempt ${attemptsUsed} of ${delays.length}${delayMs > 0 ? `, in ${delayMs} ms` : ''})`);
      await sleep(delayMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      if (stopping.signal.aborted) return;
      try {
        const next = await startDynamoDbLocal({ ...options, port });
        if (stopping.signal.aborted) {
          await next.stop();
          return;
        }
        current = next;
        restarts++;
        log(`DynamoDB Local restarted on port ${port} (pid ${next.pid})`);
        watch(next);
        return;
      } catch (error) {
        lastError = error;
        why = `restarting DynamoDB Local failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      }
    }
    reportLost(new Error(`DynamoDB Local could not be restarted after ${delays.length} attempts`, { cause: lastError }));
  };

  watch(current);
  return {
    endpoint,
    port,
    clientConfig,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    lost,
    async stop() {
      stopping.abort();
      await restarting;
      await current.stop();
    },
  };
}
