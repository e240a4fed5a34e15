/**
 * The pipeline job worker: an SQS handler (batch processing with partial failures) whose
 * messages are `{ "jobId": "..." }`; each runs core/pipeline/run-pipeline-job.ts with the
 * same answer as the synchronous routes (pipeline-questions.ts), reporting the scan's
 * progress. A message for a job another worker holds under a live lease fails (it comes
 * back after the visibility timeout, in case that worker died); a finished or unknown job's
 * message succeeds and writes nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import type { PipelineJobProblem } from '#core/pipeline/pipeline-job.js';
import { type PipelineJobRun, runPipelineJob } from '#core/pipeline/run-pipeline-job.js';
import { isDatabaseUnreachable, problemOf } from '../api/problem-response.js';
import { adaptersOf } from '../composition-root.js';
import type { Dependencies } from '../shared/dependencies.js';
import { PipelineJobStore, type PipelineJobStoreOptions } from './pipeline-job-store.js';
import { answerPipelineRequest } from './pipeline-questions.js';
import { PipelineRebuildStore } from './pipeline-rebuild-store.js';

export const PipelineJobMessage = z.object({ jobId: z.string().min(1) });

export interface PipelineJobDependencies extends Dependencies {
  readonly logger?: Logger;
  /** Waits while the stream records (tests inject one). @default sleeps the seconds asked */
  readonly wait?: (seconds: number) => Promise<void>;
  /** Answers while the stream records. @default RECORDING_ATTEMPTS */
  readonly attempts?: number;
  /** @default PROGRESS_INTERVAL_MS */
  readonly progressIntervalMs?: number;
  /** Segments of the whole-table scan. @default DEFAULT_SCAN_SEGMENTS */
  readonly scanSegments?: number;
  readonly jobStore?: PipelineJobStoreOptions;
}

/** The problem the route would answer; none for the database out of reach (the job goes back to the queue). */
export function jobProblemOf(error: unknown): PipelineJobProblem | undefined {
  if (isDatabaseUnreachable(error)) return undefined;
  const { status, title, detail } = problemOf(error, '').problem;
  return { status, title, detail };
}

export type PipelineJobWorker = (jobId: string) => Promise<PipelineJobRun>;

export function createPipelineJobWorker(deps: PipelineJobDependencies): PipelineJobWorker {
  const adapters = adaptersOf(deps);
  const history = new PipelineRebuildStore(deps, deps.scanSegments === undefined ? {} : { segments: deps.scanSegments });
  const jobs = new PipelineJobStore(deps, deps.jobStore);
  const wait = deps.wait ?? ((seconds: number) => sleep(seconds * 1000));
  return (jobId) =>
    runPipelineJob(
      {
        ...adapters,
        jobs,
        wait,
        problemOf: jobProblemOf,
        answer: (job, access, progress) =>
          answerPipelineRequest(
            job.kind,
            job.request,
            { ...adapters, history: { read: (since) => history.read(since, progress) } },
            access,
          ),
        ...(deps.attempts !== undefined ? { attempts: deps.attempts } : {}),
        ...(deps.progressIntervalMs !== undefined ? { progressIntervalMs: deps.progressIntervalMs } : {}),
      },
      jobId,
    );
}

export type PipelineJobHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

export function createPipelineJobHandler(deps: PipelineJobDependencies): PipelineJobHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'sales-performance-pipeline-job' });
  const work = createPipelineJobWorker(deps);
  const processRecord = async (record: SQSRecord) => {
    const { jobId } = PipelineJobMessage.parse(JSON.parse(record.body));
    const outcome = await work(jobId);
    logger.info('pipeline job message', { jobId, outcome, messageId: record.messageId });
    if (outcome === 'busy') throw new Error(`pipeline job ${jobId} is held by another worker; the message comes back later`);
  };
  return async (event, context) => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, processRecord, processor, {
      ...(context ? { context } : {}),
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };
}
