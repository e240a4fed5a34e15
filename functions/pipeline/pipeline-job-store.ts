/**
 * Pipeline jobs (core/pipeline/pipeline-job.ts) in the table:
 *
 * - `JOB#<id>` / `JOB`: the job: status, request, requester, progress, problem, its attempt
 *   and lease; the result as gzipped JSON when it is at most INLINE_RESULT_BYTES gzipped.
 * - `JOB#<id>` / `RESULT#<attempt>#nnnnn`: a larger result's gzipped JSON in slices of
 *   RESULT_CHUNK_BYTES (an as-at document of 20,000 owners is megabytes of JSON), written
 *   before the job item that names their count, so a succeeded job's chunks are all there.
 *   Under the attempt that wrote them: a worker that lost the job cannot mix its slices in.
 * Every item is far below the 400 KB limit, and all carry the TTL `expiresAt` (epoch
 * seconds, 24 h after the job's creation), so DynamoDB removes them; until it does, a
 * reader judges expiry by the job's own instant.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { PIPELINE_JOB_KINDS, PIPELINE_JOB_STATUSES, type PipelineJob, type PipelineJobStatus } from '#core/pipeline/pipeline-job.js';
import type { PipelineJobRepository } from '#core/pipeline/pipeline-job-repository.js';
import { ROLES } from '#core/shared/principal.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchWriteAll } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { parseStoredItem } from '../store/stored-item.js';

/** A result up to this size (gzipped) stays in the job item. */
export const INLINE_RESULT_BYTES = 200_000;
/** Gzipped bytes per result chunk item. */
export const RESULT_CHUNK_BYTES = 300_000;

export interface PipelineJobStoreOptions {
  /** @default INLINE_RESULT_BYTES */
  readonly inlineResultBytes?: number;
  /** @default RESULT_CHUNK_BYTES */
  readonly resultChunkBytes?: number;
}

const JobItem = z.object({
  id: z.string(),
  kind: z.enum(PIPELINE_JOB_KINDS),
  status: z.enum(PIPELINE_JOB_STATUSES),
  request: z.record(z.string(), z.unknown()),
  requestedBy: z.string(),
  requestedRole: z.enum(ROLES),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAtInstant: z.string(),
  progress: z.object({ itemsRead: z.number(), itemsEstimated: z.number().nullable(), fraction: z.number().nullable() }),
  attempt: z.number().int().nonnegative(),
  leaseUntil: z.string().optional(),
  problem: z.object({ status: z.number().int(), title: z.string(), detail: z.string() }).optional(),
  result: z.instanceof(Uint8Array).optional(),
  resultChunks: z.number().int().nonnegative().optional(),
});

function expiresAtSeconds(job: PipelineJob): number {
  return Math.ceil(Date.parse(job.expiresAt) / 1000);
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');
}

export class PipelineJobStore implements PipelineJobRepository {
  constructor(
    private readonly deps: Dependencies,
    private readonly options: PipelineJobStoreOptions = {},
  ) {}

  async create(job: PipelineJob): Promise<void> {
    await this.deps.documentClient.send(
      new PutCommand({
        TableName: this.deps.tableName,
        Item: await this.itemOf(job),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async read(id: string): Promise<PipelineJob | undefined> {
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pipelineJobPartition(id).pk },
      ConsistentRead: true,
    });
    const jobItem = items.find((item) => item.sk === keys.pipelineJob(id).sk);
    if (!jobItem) return undefined;
    const stored = parseStoredItem(JobItem, jobItem, 'pipeline job');
    const { expiresAtInstant, result: inline, resultChunks, ...job } = stored;
    let result: unknown;
    if (inline) result = JSON.parse(gunzipSync(inline).toString('utf8'));
    else if (resultChunks !== undefined) {
      const prefix = `RESULT#${stored.attempt}#`;
      const chunks = items
        .filter((item) => String(item.sk).startsWith(prefix))
        .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1))
        .map((item) => Buffer.from(item.data as Uint8Array));
      if (chunks.length !== resultChunks) throw new Error(`pipeline job ${id}: ${chunks.length} of ${resultChunks} result chunks found`);
      result = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
    }
    return { ...job, expiresAt: expiresAtInstant, ...(result !== undefined ? { result } : {}) };
  }

  async update(next: PipelineJob, expected: { readonly status: PipelineJobStatus; readonly attempt: number }): Promise<boolean> {
    try {
      await this.deps.documentClient.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: await this.itemOf(next),
          ConditionExpression: '#status = :status AND attempt = :attempt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': expected.status, ':attempt': expected.attempt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The job item; a large result's chunks are written first. */
  private async itemOf(job: PipelineJob): Promise<Record<string, unknown>> {
    const { result, expiresAt, leaseUntil, problem, ...fields } = job;
    const item: Record<string, unknown> = {
      ...keys.pipelineJob(job.id),
      type: 'PipelineJob',
      ...fields,
      expiresAtInstant: expiresAt,
      expiresAt: expiresAtSeconds(job),
      ...(leaseUntil !== undefined ? { leaseUntil } : {}),
      ...(problem !== undefined ? { problem } : {}),
    };
    if (result === undefined) return item;
    const gzipped = gzipSync(Buffer.from(JSON.stringify(result), 'utf8'));
    if (gzipped.length <= (this.options.inlineResultBytes ?? INLINE_RESULT_BYTES)) return { ...item, result: gzipped };
    const size = this.options.resultChunkBytes ?? RESULT_CHUNK_BYTES;
    const chunks: Record<string, unknown>[] = [];
    for (let start = 0; start < gzipped.length; start += size) {
      chunks.push({
        ...keys.pipelineJobResultChunk(job.id, job.attempt, chunks.length),
        type: 'PipelineJobResultChunk',
        data: gzipped.subarray(start, start + size),
        expiresAt: expiresAtSeconds(job),
      });
    }
    await batchWriteAll(
      this.deps,
      chunks.map((put) => ({ put })),
    );
    return { ...item, resultChunks: chunks.length };
  }
}
