/**
 * The local stand-in for the pipeline job queue and its Lambda: a job sent is run in this
 * process, in the background, by the same worker (functions/pipeline/pipeline-job-handler.ts).
 * A run that throws (the database out of reach: the job went back to the queue) is tried
 * again after a pause, as SQS would deliver the message again; `idle()` waits for every run.
 */
import type { PipelineJobQueue } from '#core/pipeline/pipeline-job-repository.js';
import type { PipelineJobWorker } from '#functions/pipeline/pipeline-job-handler.js';

export interface LocalPipelineJobQueue extends PipelineJobQueue {
  /** The worker the queue runs jobs with (built after the queue: its dependencies hold the queue). */
  attach(worker: PipelineJobWorker): void;
  /** Resolves once no job is running or waiting. */
  idle(): Promise<void>;
  /** Runs nothing more; waits for the runs in flight. */
  stop(): Promise<void>;
}

export interface LocalPipelineJobQueueOptions {
  /** Deliveries of a job's message in all. @default 3 */
  readonly deliveries?: number;
  /** Pause before a message is delivered again. @default 2_000 */
  readonly redeliveryDelayMs?: number;
  readonly logger?: Pick<Console, 'warn'>;
}

export function createLocalPipelineJobQueue(options: LocalPipelineJobQueueOptions = {}): LocalPipelineJobQueue {
  const deliveries = options.deliveries ?? 3;
  const delayMs = options.redeliveryDelayMs ?? 2_000;
  const logger = options.logger ?? console;
  const running = new Set<Promise<void>>();
  let worker: PipelineJobWorker | undefined;
  let stopped = false;

  async function deliver(jobId: string): Promise<void> {
    for (let delivery = 1; delivery <= deliveries && !stopped; delivery++) {
      try {
        if (!worker) throw new Error('no pipeline job worker attached');
        const outcome = await worker(jobId);
        if (outcome !== 'busy') return;
      } catch (error) {
        logger.warn(
          `pipeline job ${jobId}: delivery ${delivery} of ${deliveries} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (delivery < deliveries) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  return {
    attach(next) {
      worker = next;
    },
    async enqueue(jobId) {
      if (stopped) throw new Error('the local pipeline job queue is stopped');
      // After the current turn, as a queue would: the API answers 202 before the job starts.
      const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => deliver(jobId))
        .finally(() => running.delete(run));
      running.add(run);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async stop() {
      stopped = true;
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
