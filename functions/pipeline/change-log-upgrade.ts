/**
 * The upgrade that completes the change log for a table written before it existed: field
 * history rows stored without their GSI1 entry get it, and deals without a creation row get
 * one (their current item, or tombstone, with the whole history undone). Then the mark that
 * lets time travel take the fast path is written. Run by `npm run reconcile -- --repair`
 * (the reconcile Lambda with `repair`) once this version's stream is deployed. Once the mark
 * exists every writer indexes its rows, so later runs read the mark and stop (a scan of a
 * 100,000-deal table costs minutes); `force` scans again. Until the mark exists every
 * rebuild takes the full path.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldChange } from '#core/opportunities/field-history.js';
import { dealAsCreated } from '#core/pipeline/deal-checkpoint.js';
import type { DealRecord } from '#core/pipeline/pipeline-rebuild.js';
import { fieldChangeFromItem, fieldChangeToItem } from '../opportunities/field-history-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { mapConcurrently } from '../store/concurrency.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { scanInSegments } from '../store/parallel-scan.js';
import { CorruptItemError, parseStoredItem } from '../store/stored-item.js';
import { dealCreationToItem } from './deal-creation-item.js';
import { DEFAULT_SCAN_SEGMENTS, DealItem } from './pipeline-rebuild-store.js';

/** Puts in flight. */
const WRITE_CONCURRENCY = 32;

export interface ChangeLogUpgrade {
  /** History rows given their change log entry. */
  readonly historyIndexed: number;
  /** Deals given their creation row. */
  readonly creationsWritten: number;
  /** Items that fail their schema, left as they are (the reconcile reports invalid deals). */
  readonly invalidItems: number;
  /** True when the change log was already marked complete and nothing was read. */
  readonly alreadyComplete: boolean;
}

export async function completeChangeLog(
  deps: Dependencies,
  { segments = DEFAULT_SCAN_SEGMENTS, force = false }: { readonly segments?: number; readonly force?: boolean } = {},
): Promise<ChangeLogUpgrade> {
  if (!force) {
    const mark = await deps.documentClient.send(
      new GetCommand({ TableName: deps.tableName, Key: keys.changeLogComplete(), ConsistentRead: true }),
    );
    if (mark.Item !== undefined) return { historyIndexed: 0, creationsWritten: 0, invalidItems: 0, alreadyComplete: true };
  }
  const live = new Map<string, DealRecord['current']>();
  const removed = new Map<string, DealRecord['current']>();
  const history = new Map<string, FieldChange[]>();
  const created = new Set<string>();
  const unindexed: Record<string, unknown>[] = [];
  let invalidItems = 0;
  const SK = { opportunity: keys.opportunity('').sk, removed: keys.removedOpportunity('').sk, created: keys.dealCreation('').sk };
  await scanInSegments(
    deps,
    {
      ConsistentRead: true,
      FilterExpression: 'sk IN (:opportunity, :removed, :created) OR begins_with(sk, :history)',
      ExpressionAttributeValues: {
        ':opportunity': SK.opportunity,
        ':removed': SK.removed,
        ':created': SK.created,
        ':history': SORT_KEY_PREFIX.history,
      },
    },
    segments,
    (items) => {
      for (const item of items) {
        const sk = String(item.sk);
        try {
          if (sk === SK.created) created.add(String(item.opportunityId));
          else if (sk === SK.opportunity || sk === SK.removed) {
            const deal = parseStoredItem(DealItem, item, 'opportunity');
            (sk === SK.opportunity ? live : removed).set(deal.id, deal);
          } else {
            const change = fieldChangeFromItem(item);
            const changes = history.get(change.opportunityId);
            if (changes) changes.push(change);
            else history.set(change.opportunityId, [change]);
            if (item.gsi1pk === undefined) unindexed.push(item);
          }
        } catch (error) {
          if (!(error instanceof CorruptItemError)) throw error;
          invalidItems += 1;
        }
      }
    },
  );
  // Rows are immutable and keyed by content: re-putting one with its index entry is safe beside the stream.
  // One PutItem each: the reconcile function's grant is Scan and PutItem (infra/scheduled-reconcile.ts).
  const put = (item: Record<string, unknown>) => deps.documentClient.send(new PutCommand({ TableName: deps.tableName, Item: item }));
  await mapConcurrently(unindexed, WRITE_CONCURRENCY, (item) => put({ ...item, ...fieldChangeToItem(fieldChangeFromItem(item)) }));
  // A live item wins over a tombstone, as in the rebuild.
  const missing = [...new Map([...removed, ...live]).values()].filter((current) => !created.has(current.id));
  // Unconditionally: a creation row the stream or an import writes meanwhile holds the same state.
  await mapConcurrently(missing, WRITE_CONCURRENCY, (current) =>
    put(dealCreationToItem(dealAsCreated(current, history.get(current.id) ?? []))),
  );
  await deps.documentClient.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: { ...keys.changeLogComplete(), type: 'ChangeLogComplete', completedAt: deps.clock.now().toISOString() },
    }),
  );
  return { historyIndexed: unindexed.length, creationsWritten: missing.length, invalidItems, alreadyComplete: false };
}
