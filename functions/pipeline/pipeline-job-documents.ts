/** The PipelineJob document (GET /pipeline/jobs/{jobId}, and the body of a 202). */
import * as z from 'zod';
import { PIPELINE_JOB_KINDS, PIPELINE_JOB_STATUSES, type PipelineJob } from '#core/pipeline/pipeline-job.js';
import { ratio } from '../api/common-documents.js';
import { PipelineAsAtDocument, PipelineChangeDocument, SnapshotRunDocument } from './pipeline-documents.js';

export const PipelineJobParams = z.strictObject({
  jobId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a job id from a Location header')
    .meta({ description: 'the id in the Location of the 202' }),
});

export const PipelineJobDocument = z
  .object({
    id: z.string(),
    kind: z.enum(PIPELINE_JOB_KINDS),
    status: z.enum(PIPELINE_JOB_STATUSES),
    request: z
      .record(z.string(), z.unknown())
      .meta({ description: 'the validated query (as-at, change) or body (snapshots); an instant left to now is fixed at the request' }),
    requestedBy: z.string().meta({ description: 'the rep who asked; the job answers with their access' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    progress: z.object({
      itemsRead: z.number().int().meta({ description: 'deals read so far by the scan (0 when answered from a checkpoint)' }),
      itemsEstimated: z.number().int().nullable().meta({ description: 'deals in the latest checkpoint (chunks x 1,000); null: none' }),
      fraction: ratio('of the estimated deals read; below 1 until done, 1 when done, null without an estimate', 0.42).nullable(),
    }),
    result: z
      .union([PipelineAsAtDocument, PipelineChangeDocument, SnapshotRunDocument])
      .optional()
      .meta({ description: "when succeeded: exactly the synchronous route's 200 document" }),
    problem: z.object({ status: z.number().int(), title: z.string(), detail: z.string() }).optional().meta({ description: 'when failed' }),
  })
  .meta({ id: 'PipelineJob' });

export type PipelineJobDocument = z.infer<typeof PipelineJobDocument>;

export function pipelineJobDocumentOf(job: PipelineJob): PipelineJobDocument {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    request: { ...job.request },
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    progress: { ...job.progress },
    ...(job.result !== undefined ? { result: job.result as PipelineJobDocument['result'] } : {}),
    ...(job.problem !== undefined ? { problem: { ...job.problem } } : {}),
  };
}
