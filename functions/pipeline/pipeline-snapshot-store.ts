/**
 * As-at snapshots: one item per scope (company, team, rep) per instant, the scopes of an
 * instant in one partition so a run reads and compares them in one query. The figures
 * are stored as a JSON string: read whole, never filtered, and compared as written.
 *
 * No item grows with the organisation: a scope's long lists (byOwner, byTeam) stay in its
 * item while small, and past LIST_INLINE_BYTES go to page items of at most PAGE_BYTES of
 * entries each (`PAGE#<scope>#<list>#0001`…), which the scope item counts (`pages`). The
 * readers put the lists back, so a snapshot reads back as it was written; an item written
 * before pages (no `pages`, every list inline) reads as before.
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
import { batchGetAll, batchWriteAll, type WriteRequest } from '../store/batch-operations.js';
import { mapConcurrently, READ_CONCURRENCY } from '../store/concurrency.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { type ItemKey, queryAll } from '../store/query-pages.js';
import { decodeStoredItem, parseStoredItem } from '../store/stored-item.js';

/** A list this long (as JSON) or shorter stays in the scope's item: a rep's and most teams' do. */
export const LIST_INLINE_BYTES = 16 * 1024;
/** The entries of one page item, as JSON: far under DynamoDB's 400 KB whatever the ids. */
export const PAGE_BYTES = 64 * 1024;

const PAGED_LISTS = ['byOwner', 'byTeam'] as const;
type PagedList = (typeof PAGED_LISTS)[number];

const ScopeItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company') }),
  z.object({ kind: z.literal('team'), teamId: z.string() }),
  z.object({ kind: z.literal('rep'), repId: z.string() }),
]);
const SnapshotItem = z.object({
  asAt: z.string(),
  scope: ScopeItem,
  figures: z.string(),
  takenAt: z.string(),
  /** Page counts of the lists kept in page items; absent on items written before pages. */
  pages: z.object({ byOwner: z.number().int().positive().optional(), byTeam: z.number().int().positive().optional() }).optional(),
});
type SnapshotItem = z.infer<typeof SnapshotItem>;
const PageItem = z.object({ scope: ScopeItem, list: z.enum(PAGED_LISTS), page: z.number().int().positive(), entries: z.string() });

/** Splits a list's JSON entries into pages of at most PAGE_BYTES (one entry per page at least). */
function pagesOf(entries: readonly unknown[]): string[] {
  const pages: string[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const entry of entries) {
    const json = JSON.stringify(entry);
    const size = Buffer.byteLength(json) + 1;
    if (current.length > 0 && bytes + size > PAGE_BYTES) {
      pages.push(`[${current.join(',')}]`);
      current = [];
      bytes = 2;
    }
    current.push(json);
    bytes += size;
  }
  if (current.length > 0) pages.push(`[${current.join(',')}]`);
  return pages;
}

/** The scope's item and its page items. */
function itemsOf(
  asAt: string,
  { scope, snapshot }: ScopedSnapshot,
  takenAt: string,
): { scopeItem: Record<string, unknown>; pageItems: Record<string, unknown>[] } {
  const scopeKey = scopeKeyOf(scope);
  const inline: Record<string, unknown> = { ...snapshot };
  const pages: Partial<Record<PagedList, number>> = {};
  const pageItems: Record<string, unknown>[] = [];
  for (const list of PAGED_LISTS) {
    if (Buffer.byteLength(JSON.stringify(snapshot[list])) <= LIST_INLINE_BYTES) continue;
    delete inline[list];
    const listPages = pagesOf(snapshot[list]);
    pages[list] = listPages.length;
    pageItems.push(
      ...listPages.map((entries, index) => ({
        ...keys.pipelineSnapshotPage(asAt, scopeKey, list, index + 1),
        type: 'PipelineSnapshotPage',
        asAt,
        scope,
        list,
        page: index + 1,
        entries,
        takenAt,
      })),
    );
  }
  const scopeItem = {
    ...keys.pipelineSnapshot(asAt, scopeKey),
    type: 'PipelineSnapshot',
    asAt,
    scope,
    figures: JSON.stringify(inline),
    takenAt,
    ...(pageItems.length > 0 ? { pages } : {}),
  };
  return { scopeItem, pageItems };
}

/** The snapshot of a scope item, its paged lists taken from `pageItems` (the scope's, any order). */
function storedSnapshotOf(item: Record<string, unknown>, pageItems: readonly Record<string, unknown>[] = []): StoredSnapshot {
  const stored: SnapshotItem = parseStoredItem(SnapshotItem, item, 'pipeline snapshot');
  const snapshot = decodeStoredItem(
    () => {
      const figures = JSON.parse(stored.figures) as Record<string, unknown>;
      for (const list of PAGED_LISTS) {
        const count = stored.pages?.[list];
        if (count === undefined) continue;
        const pages = pageItems
          .map((page) => parseStoredItem(PageItem, page, 'pipeline snapshot page'))
          .filter((page) => page.list === list && page.page <= count)
          .sort((a, b) => a.page - b.page);
        if (pages.length !== count) throw new Error(`${list}: ${count} pages counted, ${pages.length} stored`);
        figures[list] = pages.flatMap((page) => JSON.parse(page.entries) as unknown[]);
      }
      return figures as unknown as PipelineSnapshot;
    },
    item,
    'pipeline snapshot',
  );
  return { scope: stored.scope, takenAt: stored.takenAt, snapshot };
}

const itemKeyText = (key: ItemKey | Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;

/** The scope key of a page item's sort key (`PAGE#<scopeKey>#<list>#nnnn`); scope keys never hold a list name after '#'. */
function scopeKeyOfPage(sortKey: string): string {
  return sortKey.slice(SORT_KEY_PREFIX.snapshotPage.length).replace(/#(byOwner|byTeam)#\d+$/, '');
}

export class PipelineSnapshotStore implements PipelineSnapshotRepository {
  constructor(private readonly deps: Dependencies) {}

  async readInstant(asAt: string): Promise<StoredSnapshot[]> {
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pipelineSnapshotPartition(asAt).pk },
      ConsistentRead: true,
    });
    const pagesByScope = new Map<string, Record<string, unknown>[]>();
    for (const item of items) {
      const sortKey = String(item.sk);
      if (!sortKey.startsWith(SORT_KEY_PREFIX.snapshotPage)) continue;
      const scopeKey = scopeKeyOfPage(sortKey);
      pagesByScope.set(scopeKey, [...(pagesByScope.get(scopeKey) ?? []), item]);
    }
    // Other kinds of item may share the partition: only scope items are snapshots.
    return items
      .filter((item) => String(item.sk).startsWith(SORT_KEY_PREFIX.snapshotScope))
      .map((item) => storedSnapshotOf(item, pagesByScope.get(String(item.sk).slice(SORT_KEY_PREFIX.snapshotScope.length))));
  }

  async write({ asAt, puts, deletes, takenAt }: SnapshotWrite): Promise<void> {
    if (puts.length === 0 && deletes.length === 0) return;
    // The page items stored now (keys only), to delete those the new figures no longer need.
    const storedPages = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pages)',
      ExpressionAttributeValues: {
        ':pk': keys.pipelineSnapshotPartition(asAt).pk,
        ':pages': keys.pipelineSnapshotPagePrefix(asAt).skPrefix,
      },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    const written = puts.map((scoped) => ({ scoped, ...itemsOf(asAt, scoped, takenAt) }));
    const newPageKeys = new Set(written.flatMap(({ pageItems }) => pageItems.map(itemKeyText)));
    const rewritten = new Set([...puts.map(({ scope }) => scopeKeyOf(scope)), ...deletes.map(scopeKeyOf)]);
    const surplusPages = storedPages
      .filter((page) => rewritten.has(scopeKeyOfPage(String(page.sk))) && !newPageKeys.has(itemKeyText(page)))
      .map((page): WriteRequest => ({ delete: { pk: String(page.pk), sk: String(page.sk) } }));
    const isCompany = ({ scoped }: (typeof written)[number]) => scoped.scope.kind === 'company';
    // Pages before the scope item that counts them; the company item goes last: it marks
    // the instant as taken, so a run that fails half-way leaves the instant "not taken"
    // and the next run completes it. Pages no longer counted go once nothing counts them.
    await batchWriteAll(this.deps, [
      ...deletes.map((scope): WriteRequest => ({ delete: keys.pipelineSnapshot(asAt, scopeKeyOf(scope)) })),
      ...written.flatMap(({ pageItems }) => pageItems.map((put): WriteRequest => ({ put }))),
      ...written.filter((entry) => !isCompany(entry)).map(({ scopeItem }): WriteRequest => ({ put: scopeItem })),
    ]);
    const company = written.find(isCompany);
    if (company) await batchWriteAll(this.deps, [{ put: company.scopeItem }]);
    if (surplusPages.length > 0) await batchWriteAll(this.deps, surplusPages);
  }

  async readSeries(scope: Scope, instants: readonly string[]): Promise<SeriesPoint[]> {
    const wanted = [...new Set([scopeKeyOf(COMPANY_SCOPE), scopeKeyOf(scope)])];
    const items = await batchGetAll(
      this.deps,
      instants.flatMap((asAt) => wanted.map((scopeKey) => keys.pipelineSnapshot(asAt, scopeKey))),
    );
    // A scope item with pages: its pages are read with one query of the scope's page prefix.
    const pagesOf = await mapConcurrently(
      items.filter((item) => item.pages !== undefined),
      READ_CONCURRENCY,
      async (item) => {
        const asAt = String(item.pk).slice(keys.pipelineSnapshotPartition('').pk.length);
        const scopeKey = String(item.sk).slice(SORT_KEY_PREFIX.snapshotScope.length);
        const { pk, skPrefix } = keys.pipelineSnapshotPagePrefix(asAt, scopeKey);
        const pages = await queryAll(this.deps, {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pages)',
          ExpressionAttributeValues: { ':pk': pk, ':pages': skPrefix },
        });
        return [itemKeyText(item), pages] as const;
      },
    );
    const pages = new Map(pagesOf);
    const stored = new Map(items.map((item) => [itemKeyText(item), storedSnapshotOf(item, pages.get(itemKeyText(item)))]));
    const storedAt = (asAt: string, scopeKey: string) => stored.get(itemKeyText(keys.pipelineSnapshot(asAt, scopeKey)));
    return instants.map((asAt) => {
      const company = storedAt(asAt, scopeKeyOf(COMPANY_SCOPE))?.snapshot;
      return { asAt, taken: company !== undefined, snapshot: storedAt(asAt, scopeKeyOf(scope))?.snapshot, company };
    });
  }
}
