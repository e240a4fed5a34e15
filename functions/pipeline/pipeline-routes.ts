import { readPipelineJob } from '#core/pipeline/pipeline-job-requests.js';
import { readPipelineTrend } from '#core/pipeline/read-pipeline-trend.js';
import { instantOfDate } from '#core/pipeline/snapshot-instants.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import {
  PipelineAsAtDocument,
  PipelineAsAtQuery,
  PipelineChangeDocument,
  PipelineChangeQuery,
  PipelineTrendDocument,
  PipelineTrendQuery,
  SnapshotRunDocument,
  TakeSnapshotsBody,
} from './pipeline-documents.js';
import { PipelineJobDocument, PipelineJobParams, pipelineJobDocumentOf } from './pipeline-job-documents.js';
import { answerOrJob, JOB_POLL_SECONDS, scopeOf } from './pipeline-questions.js';

/** The 202 of a question answered as a job (Prefer: respond-async, or a scan of a large table). */
const JOB_ACCEPTED = {
  description:
    'answered as a job: when the request prefers it (Prefer: respond-async) or only a scan of a large table can answer; poll the Location',
  schema: PipelineJobDocument,
  headers: {
    location: '/pipeline/jobs/{jobId}: the job to poll',
    'retry-after': 'seconds to wait before polling',
    'preference-applied': 'respond-async, when the request preferred it',
  },
};

export const pipelineRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pipeline/as-at',
    operationId: 'getPipelineAsAt',
    summary: 'Time travel: the open pipeline as it stood at any past instant, rebuilt from the field history',
    tag: 'pipeline',
    query: PipelineAsAtQuery,
    responses: {
      200: {
        description: 'the pipeline at the instant, in the shape of a snapshot (with `skipped` when invalid stored items were left out)',
        schema: PipelineAsAtDocument,
      },
      202: JOB_ACCEPTED,
    },
    problems: [404, 422, 503],
    action: async ({ query, access, headers }, adapters) => answerOrJob('as-at', query, { access, prefer: headers.prefer }, adapters),
  }),
  defineRoute({
    method: 'GET',
    path: '/pipeline/trend',
    operationId: 'getPipelineTrend',
    summary:
      'Pipeline trend: the as-at snapshots of the monthly (long-term) or weekly (short-term) series, with the change per stage between points',
    tag: 'pipeline',
    query: PipelineTrendQuery,
    responses: { 200: { description: 'the series, oldest first', schema: PipelineTrendDocument } },
    problems: [404, 422],
    action: async ({ query, access }, adapters) => {
      const to = query.to !== undefined ? instantOfDate(query.to, 'to') : adapters.clock.now();
      return json(
        200,
        await readPipelineTrend(adapters, access, {
          scope: scopeOf(query),
          series: query.series,
          ...(query.from !== undefined ? { between: { from: instantOfDate(query.from, 'from'), to } } : {}),
          ...(query.last !== undefined ? { points: query.last } : {}),
        }),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/pipeline/change',
    operationId: 'getPipelineChange',
    summary:
      'The change of the open pipeline between two instants per stage: new, won, lost, removed, grown, shrunk, moved, slipped out, pulled in, reassigned',
    tag: 'pipeline',
    query: PipelineChangeQuery,
    responses: {
      200: {
        description: 'per stage and in total, each term with amount and count; opening + in - out = closing',
        schema: PipelineChangeDocument,
      },
      202: JOB_ACCEPTED,
    },
    problems: [404, 422, 503],
    action: async ({ query, access, headers }, adapters) => answerOrJob('change', query, { access, prefer: headers.prefer }, adapters),
  }),
  defineRoute({
    method: 'POST',
    path: '/pipeline/snapshots',
    operationId: 'takePipelineSnapshots',
    summary:
      'Take as-at snapshots on demand: one date, or every monthly and weekly instant in a range (a missed run, a refresh after a backfill)',
    tag: 'pipeline',
    body: TakeSnapshotsBody,
    responses: {
      200: { description: 'what each instant became; a second run for the same instant is unchanged', schema: SnapshotRunDocument },
      202: JOB_ACCEPTED,
    },
    problems: [403, 422, 503],
    action: async ({ body, access, headers }, adapters) => answerOrJob('snapshots', body, { access, prefer: headers.prefer }, adapters),
  }),
  defineRoute({
    method: 'GET',
    path: '/pipeline/jobs/{jobId}',
    operationId: 'getPipelineJob',
    summary: 'A time-travel question answered as a job (the Location of a 202): its status, progress, and result or problem',
    tag: 'pipeline',
    params: PipelineJobParams,
    responses: {
      200: {
        description: "the job; poll until succeeded (result) or failed (problem); the requester's and admins' only",
        schema: PipelineJobDocument,
        headers: { 'retry-after': 'while queued or running: seconds to wait before polling again' },
      },
    },
    problems: [404],
    action: async ({ params, access }, adapters) => {
      const job = await readPipelineJob({ jobs: adapters.pipelineJobs.jobs, clock: adapters.clock }, access, params.jobId);
      const pending = job.status === 'queued' || job.status === 'running';
      return json(200, pipelineJobDocumentOf(job), pending ? { 'retry-after': String(JOB_POLL_SECONDS) } : {});
    },
  }),
];
