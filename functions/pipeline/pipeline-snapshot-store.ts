/**
 * As-at snapshots: one item per scope (company, team, rep) per instant, the scopes of an
 * instant in one partition so a run reads and compares them in one query. The figures
 * are stored as a JSON string: read whole, never filtered, and compared as written.
 */
import * as z from 'zod';
import { COMPANY_SCOPE, type Scope, scopeKeyOf } from '#core/organisation/scope.js';
import type { ScopedSnapshot } from '#core/pipeline/pipeline-rebuild.js';
import type { PipelineSnapshot } from '#core/pipeline/pipeline-snapshot.js';
import type {
  PipelineSnapshotRepository,
  SeriesPoint,
  SnapshotWrite,
  StoredSnapshot,
} from '#core/pipeline/pipeline-snapshot-repository.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll, batchWriteAll } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { decodeStoredItem, parseStoredItem } from '../store/stored-item.js';

const ScopeItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company') }),
  z.object({ kind: z.literal('team'), teamId: z.string() }),
  z.object({ kind: z.literal('rep'), repId: z.string() }),
]);
const SnapshotItem = z.object({ asAt: z.string(), scope: ScopeItem, figures: z.string(), takenAt: z.string() });

function snapshotItemOf(asAt: string, { scope, snapshot }: ScopedSnapshot, takenAt: string): Record<string, unknown> {
  return {
    ...keys.pipelineSnapshot(asAt, scopeKeyOf(scope)),
    type: 'PipelineSnapshot',
    asAt,
    scope,
    figures: JSON.stringify(snapshot),
    takenAt,
  };
}

function storedSnapshotOf(item: Record<string, unknown>): StoredSnapshot {
  const { scope, figures, takenAt } = parseStoredItem(SnapshotItem, item, 'pipeline snapshot');
  return { scope, takenAt, snapshot: decodeStoredItem(() => JSON.parse(figures) as PipelineSnapshot, item, 'pipeline snapshot') };
}

export class PipelineSnapshotStore implements PipelineSnapshotRepository {
  constructor(private readonly deps: Dependencies) {}

  async readInstant(asAt: string): Promise<StoredSnapshot[]> {
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pipelineSnapshotPartition(asAt).pk },
      ConsistentRead: true,
    });
    return items.map(storedSnapshotOf);
  }

  async write({ asAt, puts, deletes, takenAt }: SnapshotWrite): Promise<void> {
    // The company item goes last: it marks the instant as taken, so a run that fails
    // half-way leaves the instant "not taken" and the next run completes it.
    const ordered = [...puts].sort((a, b) => Number(a.scope.kind === 'company') - Number(b.scope.kind === 'company'));
    await batchWriteAll(this.deps, [
      ...deletes.map((scope) => ({ delete: keys.pipelineSnapshot(asAt, scopeKeyOf(scope)) })),
      ...ordered.filter(({ scope }) => scope.kind !== 'company').map((scoped) => ({ put: snapshotItemOf(asAt, scoped, takenAt) })),
    ]);
    const company = ordered.find(({ scope }) => scope.kind === 'company');
    if (company) await batchWriteAll(this.deps, [{ put: snapshotItemOf(asAt, company, takenAt) }]);
  }

  async readSeries(scope: Scope, instants: readonly string[]): Promise<SeriesPoint[]> {
    const wanted = [...new Set([scopeKeyOf(COMPANY_SCOPE), scopeKeyOf(scope)])];
    const items = await batchGetAll(
      this.deps,
      instants.flatMap((asAt) => wanted.map((scopeKey) => keys.pipelineSnapshot(asAt, scopeKey))),
    );
    const stored = new Map(items.map((item) => [`${String(item.pk)}|${String(item.sk)}`, storedSnapshotOf(item)]));
    const storedAt = (asAt: string, scopeKey: string) => {
      const key = keys.pipelineSnapshot(asAt, scopeKey);
      return stored.get(`${key.pk}|${key.sk}`);
    };
    return instants.map((asAt) => {
      const company = storedAt(asAt, scopeKeyOf(COMPANY_SCOPE))?.snapshot;
      return { asAt, taken: company !== undefined, snapshot: storedAt(asAt, scopeKeyOf(scope))?.snapshot, company };
    });
  }
}
