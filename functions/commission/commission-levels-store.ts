/**
 * A rep's commission levels as one timeline item under the rep's partition: every family's
 * effective-dated entries and the version that guards writes. A write replaces the item,
 * conditioned on the version read, with its audit entry: two items, however many entries
 * it changes (MAX_TIMELINE_ENTRIES keeps the item within DynamoDB's 400 KB).
 *
 * Levels written before the timeline item were one item per entry (`LEVELS#<family>#<month>`).
 * While a rep has no timeline item they are its timeline (version 0); its first write folds
 * them into the item and deletes them in the same transaction.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Band } from '#core/commission/commission-levels.js';
import type { CommissionLevelsRepository, VersionedCommissionLevels } from '#core/commission/commission-levels-repository.js';
import type { CommissionLevelsEntry } from '#core/commission/commission-levels-timeline.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { mapConcurrently, READ_CONCURRENCY } from '../store/concurrency.js';
import { keys } from '../store/keys.js';
import { queryAll } from '../store/query-pages.js';
import { parseStoredItem, type TransactionWrite, versionedPut, writeTogether } from '../store/stored-item.js';

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

const CommissionLevelsEntryItem = z.object({
  productFamily: z.string().nullable(),
  fromMonth: z.string(),
  bands: z.array(Band).nullable(),
});

const CommissionLevelsTimelineItem = z.object({
  version: z.number().int().positive(),
  entries: z.array(CommissionLevelsEntryItem),
});

/** One entry item of the layout before the timeline item. */
export function commissionLevelsEntryFromItem(item: Record<string, unknown>): CommissionLevelsEntry {
  return parseStoredItem(CommissionLevelsEntryItem, item, 'commission levels');
}

export class CommissionLevelsStore implements CommissionLevelsRepository {
  constructor(private readonly deps: Dependencies) {}

  async entries(repId: string): Promise<CommissionLevelsEntry[]> {
    return [...(await this.timeline(repId)).entries];
  }

  async entriesOf(repIds: readonly string[]): Promise<Map<string, CommissionLevelsEntry[]>> {
    const unique = [...new Set(repIds)];
    const entries = await mapConcurrently(unique, READ_CONCURRENCY, (repId) => this.entries(repId));
    return new Map(unique.map((repId, index) => [repId, entries[index] ?? []]));
  }

  /** One query reads the timeline item and any entry items left from before it. */
  async timeline(repId: string): Promise<VersionedCommissionLevels> {
    const timelineKey = keys.commissionLevelsTimeline(repId);
    const items = await queryAll(this.deps, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :levels)',
      ExpressionAttributeValues: { ':pk': timelineKey.pk, ':levels': timelineKey.sk },
      ConsistentRead: true,
    });
    const timeline = items.find((item) => item.sk === timelineKey.sk);
    if (timeline) return parseStoredItem(CommissionLevelsTimelineItem, timeline, 'commission levels timeline');
    return { entries: items.map(commissionLevelsEntryFromItem), version: 0 };
  }

  async save(repId: string, { entries, version }: VersionedCommissionLevels, expectedVersion: number, audit: AuditEntry): Promise<void> {
    const item = { ...keys.commissionLevelsTimeline(repId), type: 'CommissionLevelsTimeline', repId, version, entries };
    const legacy = expectedVersion === 0 ? await this.entryItemKeys(repId) : [];
    // Deleting them is tidiness, not correctness (the timeline item wins once written): left
    // in place when they would not fit beside it in one transaction.
    const deletes: TransactionWrite[] =
      legacy.length + 2 <= MAX_TRANSACTION_ITEMS
        ? legacy.map((Key) => ({ write: { Delete: { TableName: this.deps.tableName, Key } } }))
        : [];
    await writeTogether(
      this.deps,
      [versionedPut(this.deps, item, expectedVersion === 0 ? null : expectedVersion), ...deletes, auditEntryPut(this.deps, audit)],
      `the commission levels of rep '${repId}'`,
    );
  }

  private async entryItemKeys(repId: string): Promise<{ pk: string; sk: string }[]> {
    const prefix = keys.commissionLevelsPrefix(repId);
    const result = await this.deps.documentClient.send(
      new QueryCommand({
        TableName: this.deps.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :levels)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':levels': prefix.skPrefix },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        Limit: MAX_TRANSACTION_ITEMS,
      }),
    );
    return (result.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
  }
}
