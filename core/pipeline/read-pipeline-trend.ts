/**
 * The pipeline trend of a scope: its as-at snapshots along the long-term (monthly) or the
 * short-term (weekly) series, and the growth or shrinkage per stage from each point to
 * the next.
 *
 * 1. Check the scope exists.
 * 2. The series instants: those between two dates, else the last N (12 months, 6 weeks).
 * 3. Read the scope's stored snapshots at those instants; a snapshot taken with no open deal
 *    in the scope is zero figures, an instant not taken yet is reported as such.
 * 4. The change between consecutive taken points.
 */
import type { AccessContext } from '../organisation/access-policy.js';
import type { Scope } from '../organisation/scope.js';
import type { Clock } from '../shared/clock.js';
import { ValidationError } from '../shared/errors.js';
import { instantText } from '../shared/instant.js';
import { requireScope, type ScopePorts } from './pipeline-scope.js';
import { type PipelineChange, type PipelineSnapshot, pipelineSnapshotOf, snapshotChange } from './pipeline-snapshot.js';
import type { PipelineSnapshotRepository } from './pipeline-snapshot-repository.js';
import { lastSeriesInstants, type SnapshotSeries, seriesInstantsBetween } from './snapshot-instants.js';

export const DEFAULT_TREND_POINTS: Readonly<Record<SnapshotSeries, number>> = { monthly: 12, weekly: 6 };
export const MAX_TREND_POINTS = 120;

export interface TrendPorts extends ScopePorts {
  readonly snapshots: PipelineSnapshotRepository;
  readonly clock: Clock;
}

export interface TrendRequest {
  readonly scope: Scope;
  readonly series: SnapshotSeries;
  /** Instants between two times (both included), or the last `points` up to now. */
  readonly between?: { readonly from: Date; readonly to: Date };
  readonly points?: number;
}

export interface TrendPoint {
  readonly asAt: string;
  /** False for an instant no snapshot was taken for yet (a missed run not yet recovered). */
  readonly taken: boolean;
  readonly snapshot: PipelineSnapshot | null;
}

export interface PipelineTrend {
  readonly scope: Scope;
  readonly series: SnapshotSeries;
  readonly points: readonly TrendPoint[];
  /** From each taken point to the next taken one. */
  readonly changes: readonly PipelineChange[];
}

/** Zero figures framed by the instant's open stages, for a scope with no open deal then. */
function emptySnapshotLike(company: PipelineSnapshot): PipelineSnapshot {
  const stages = company.byStage
    .filter((stage) => stage.configured)
    .map((stage) => ({ id: stage.stageId, name: stage.name, probability: stage.probability, outcome: 'open' as const }));
  return pipelineSnapshotOf({ asAt: company.asAt, deals: [], stages: { stages }, teamOfRep: () => undefined });
}

export async function readPipelineTrend(
  ports: TrendPorts,
  access: AccessContext,
  { scope, series, between, points }: TrendRequest,
): Promise<PipelineTrend> {
  await requireScope(ports, access, scope);
  const instants = between
    ? seriesInstantsBetween(series, between.from, between.to)
    : lastSeriesInstants(series, points ?? DEFAULT_TREND_POINTS[series], ports.clock.now());
  if (instants.length > MAX_TREND_POINTS) {
    throw new ValidationError(`the range holds ${instants.length} ${series} instants; at most ${MAX_TREND_POINTS} per request`, [
      { field: 'from', message: `must be at most ${MAX_TREND_POINTS} ${series} instants before to` },
    ]);
  }
  const stored = await ports.snapshots.readSeries(scope, instants.map(instantText));
  const trendPoints = stored.map(
    ({ asAt, taken, snapshot, company }): TrendPoint => ({
      asAt,
      taken,
      snapshot: snapshot ?? (company ? emptySnapshotLike(company) : null),
    }),
  );
  const taken = trendPoints.flatMap((point) => (point.snapshot ? [point.snapshot] : []));
  const changes = taken.slice(1).map((to, index) => snapshotChange(taken[index] as PipelineSnapshot, to));
  return { scope, series, points: trendPoints, changes };
}
