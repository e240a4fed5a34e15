import type { Scope } from '#core/organisation/scope.js';
import { pipelineAsAt } from '#core/pipeline/pipeline-as-at.js';
import { readPipelineChange } from '#core/pipeline/read-pipeline-change.js';
import { readPipelineTrend } from '#core/pipeline/read-pipeline-trend.js';
import { instantOfDate, snapshotInstantsBetween } from '#core/pipeline/snapshot-instants.js';
import { takePipelineSnapshotsOnRequest } from '#core/pipeline/take-pipeline-snapshots.js';
import { asOfInstant } from '../api/common-parameters.js';
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

function scopeOf(query: { readonly teamId?: string | undefined; readonly repId?: string | undefined }): Scope {
  if (query.repId !== undefined) return { kind: 'rep', repId: query.repId };
  if (query.teamId !== undefined) return { kind: 'team', teamId: query.teamId };
  return { kind: 'company' };
}

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
    },
    problems: [404, 422, 503],
    action: async ({ query, access }, adapters) => json(200, await pipelineAsAt(adapters, access, scopeOf(query), asOfInstant(query.at))),
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
    },
    problems: [404, 422, 503],
    action: async ({ query, access }, adapters) =>
      json(
        200,
        await readPipelineChange(adapters, access, {
          scope: scopeOf(query),
          from: asOfInstant(query.from),
          to: query.to !== undefined ? asOfInstant(query.to) : adapters.clock.now(),
          ...(query.closeFrom !== undefined || query.closeTo !== undefined
            ? {
                closeWindow: {
                  ...(query.closeFrom !== undefined ? { fromMonth: query.closeFrom } : {}),
                  ...(query.closeTo !== undefined ? { toMonth: query.closeTo } : {}),
                },
              }
            : {}),
          withDeals: query.deals === 'true',
        }),
      ),
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
    },
    problems: [422, 503],
    action: async ({ body, access }, adapters) => {
      const instants =
        body.date !== undefined
          ? [instantOfDate(body.date)]
          : snapshotInstantsBetween(
              instantOfDate(body.from ?? '', 'from'),
              body.to !== undefined ? instantOfDate(body.to, 'to') : adapters.clock.now(),
            );
      return json(200, await takePipelineSnapshotsOnRequest(adapters, access, instants));
    },
  }),
];
