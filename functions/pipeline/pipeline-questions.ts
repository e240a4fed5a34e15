/**
 * The three time-travel questions (as-at, change, snapshots) as the routes receive them and
 * as a job keeps them: one function answers a validated request, for the synchronous route
 * and for the job's worker alike, so a job's result is the route's 200 document by
 * construction. A request that leaves an instant to "now" has it fixed when it is asked
 * (`fixedRequest`), so a job answers the question as it stood then.
 */
import { randomUUID } from 'node:crypto';
import type { AccessContext } from '#core/organisation/access-policy.js';
import { requireAdmin } from '#core/organisation/access-policy.js';
import type { Scope } from '#core/organisation/scope.js';
import { usableCheckpoint } from '#core/pipeline/history-at.js';
import { type PipelineAsAtPorts, pipelineAsAt } from '#core/pipeline/pipeline-as-at.js';
import type { PipelineJob, PipelineJobKind } from '#core/pipeline/pipeline-job.js';
import { answerMode, prefersAsync } from '#core/pipeline/pipeline-job-decision.js';
import type { PipelineJobPorts } from '#core/pipeline/pipeline-job-repository.js';
import { submitPipelineJob } from '#core/pipeline/pipeline-job-requests.js';
import { requireScope } from '#core/pipeline/pipeline-scope.js';
import { type PipelineChangePorts, readPipelineChange } from '#core/pipeline/read-pipeline-change.js';
import { instantOfDate, snapshotInstantsBetween } from '#core/pipeline/snapshot-instants.js';
import { type TakeSnapshotsPorts, takePipelineSnapshotsOnRequest } from '#core/pipeline/take-pipeline-snapshots.js';
import { invalidField, ValidationError } from '#core/shared/errors.js';
import { instantText } from '#core/shared/instant.js';
import { asOfInstant } from '../api/common-parameters.js';
import { json, type RouteResponse } from '../api/route-definition.js';
import { PipelineAsAtQuery, PipelineChangeQuery, TakeSnapshotsBody } from './pipeline-documents.js';
import { pipelineJobDocumentOf } from './pipeline-job-documents.js';

type AsAtRequest = ReturnType<typeof PipelineAsAtQuery.parse>;
type ChangeRequest = ReturnType<typeof PipelineChangeQuery.parse>;
type SnapshotsRequest = ReturnType<typeof TakeSnapshotsBody.parse>;

export type PipelineQuestionPorts = PipelineAsAtPorts & PipelineChangePorts & TakeSnapshotsPorts;

/** Seconds a client waits between polls of a job. */
export const JOB_POLL_SECONDS = 2;

/** The scope a pipeline query names: a rep, a team, else the company. */
export function scopeOf(query: { readonly teamId?: string | undefined; readonly repId?: string | undefined }): Scope {
  if (query.repId !== undefined) return { kind: 'rep', repId: query.repId };
  if (query.teamId !== undefined) return { kind: 'team', teamId: query.teamId };
  return { kind: 'company' };
}

/** The request with what it left to "now" fixed at `now`: a change's `to`, a snapshot range's `to` (today). */
export function fixedRequest(kind: PipelineJobKind, request: Readonly<Record<string, unknown>>, now: Date): Record<string, unknown> {
  if (kind === 'change' && request.to === undefined) return { ...request, to: now.toISOString() };
  if (kind === 'snapshots' && request.from !== undefined && request.to === undefined)
    return { ...request, to: now.toISOString().slice(0, 10) };
  return { ...request };
}

function changeOf(query: ChangeRequest, now: Date) {
  return {
    scope: scopeOf(query),
    from: asOfInstant(query.from),
    to: query.to !== undefined ? asOfInstant(query.to) : now,
    ...(query.closeFrom !== undefined || query.closeTo !== undefined
      ? {
          closeWindow: {
            ...(query.closeFrom !== undefined ? { fromMonth: query.closeFrom } : {}),
            ...(query.closeTo !== undefined ? { toMonth: query.closeTo } : {}),
          },
        }
      : {}),
    withDeals: query.deals === 'true',
  };
}

function snapshotInstantsOf(body: SnapshotsRequest, now: Date): Date[] {
  return body.date !== undefined
    ? [instantOfDate(body.date)]
    : snapshotInstantsBetween(instantOfDate(body.from ?? '', 'from'), body.to !== undefined ? instantOfDate(body.to, 'to') : now);
}

/** The instants the question rebuilds the pipeline at (stored instant texts). */
export function instantsOf(kind: PipelineJobKind, request: Readonly<Record<string, unknown>>, now: Date): string[] {
  if (kind === 'as-at') return [instantText(asOfInstant(PipelineAsAtQuery.parse(request).at))];
  if (kind === 'change') {
    const { from, to } = changeOf(PipelineChangeQuery.parse(request), now);
    return [instantText(from), instantText(to)];
  }
  return snapshotInstantsOf(TakeSnapshotsBody.parse(request), now).map(instantText);
}

/** Answers a validated request exactly as the synchronous route does: its 200 document. */
export async function answerPipelineRequest(
  kind: PipelineJobKind,
  request: Readonly<Record<string, unknown>>,
  ports: PipelineQuestionPorts,
  access: AccessContext,
): Promise<unknown> {
  const now = ports.clock.now();
  if (kind === 'as-at') {
    const query: AsAtRequest = PipelineAsAtQuery.parse(request);
    return pipelineAsAt(ports, access, scopeOf(query), asOfInstant(query.at));
  }
  if (kind === 'change') return readPipelineChange(ports, access, changeOf(PipelineChangeQuery.parse(request), now));
  return takePipelineSnapshotsOnRequest(ports, access, snapshotInstantsOf(TakeSnapshotsBody.parse(request), now));
}

/**
 * What a job checks before it is made, as the use case would first (so a question its
 * requester may not ask, or that cannot be answered, is refused now rather than as a
 * failed job): who may ask, and that no instant is in the future or out of order.
 */
async function checkQuestion(
  kind: PipelineJobKind,
  request: Readonly<Record<string, unknown>>,
  ports: PipelineQuestionPorts,
  access: AccessContext,
): Promise<void> {
  const now = ports.clock.now();
  if (kind === 'snapshots') {
    requireAdmin(access, 'take pipeline snapshots');
    for (const instant of snapshotInstantsOf(TakeSnapshotsBody.parse(request), now))
      if (instant.getTime() > now.getTime())
        throw new ValidationError(`cannot take a snapshot as at ${instantText(instant)}: it is in the future`, [
          { field: 'asAt', message: 'must not be in the future' },
        ]);
    return;
  }
  if (kind === 'as-at') {
    const query = PipelineAsAtQuery.parse(request);
    const at = asOfInstant(query.at);
    if (at.getTime() > now.getTime())
      throw new ValidationError(`at ${instantText(at)} is in the future`, [{ field: 'at', message: 'must not be in the future' }]);
    return requireScope(ports, access, scopeOf(query));
  }
  const change = changeOf(PipelineChangeQuery.parse(request), now);
  if (change.from.getTime() >= change.to.getTime()) throw invalidField('to', 'must be after from');
  if (change.to.getTime() > now.getTime())
    throw new ValidationError(`to ${instantText(change.to)} is in the future`, [{ field: 'to', message: 'must not be in the future' }]);
  return requireScope(ports, access, change.scope);
}

export interface AnswerOrJobPorts extends PipelineQuestionPorts {
  readonly pipelineJobs: PipelineJobPorts;
}

/**
 * The route's answer: 200 with the document now, or 202 with a job (Location, Retry-After)
 * when the caller prefers it or only a scan of a large table can answer (pipeline-job-decision.ts).
 */
export async function answerOrJob(
  kind: PipelineJobKind,
  validated: Readonly<Record<string, unknown>>,
  { access, prefer }: { readonly access: AccessContext; readonly prefer: string | undefined },
  ports: AnswerOrJobPorts,
): Promise<RouteResponse> {
  const now = ports.clock.now();
  const request = fixedRequest(kind, validated, now);
  const preferAsync = prefersAsync(prefer);
  let fastPathUsable = false;
  let estimatedDeals: number | null = null;
  if (!preferAsync) {
    fastPathUsable =
      ports.timeTravel !== undefined && (await usableCheckpoint(ports.timeTravel, instantsOf(kind, request, now), now)) !== undefined;
    if (!fastPathUsable) estimatedDeals = await ports.pipelineJobs.dealCount.estimatedDeals();
  }
  const mode = answerMode({ preferAsync, fastPathUsable, estimatedDeals, syncFullPathMaxDeals: ports.pipelineJobs.syncFullPathMaxDeals });
  if (mode === 'now') return json(200, await answerPipelineRequest(kind, request, ports, access));
  await checkQuestion(kind, request, ports, access);
  const job: PipelineJob = await submitPipelineJob({ ...ports.pipelineJobs, clock: ports.clock }, access, {
    id: randomUUID(),
    kind,
    request,
    ...(preferAsync ? {} : { estimatedDeals }),
  });
  return json(202, pipelineJobDocumentOf(job), {
    location: `/pipeline/jobs/${job.id}`,
    'retry-after': String(JOB_POLL_SECONDS),
    ...(preferAsync ? { 'preference-applied': 'respond-async' } : {}),
  });
}
