/** The full read and the conditional repairs behind the reconcile command. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DealLink } from '#core/linkage/deal-link.js';
import { LenientOpportunity, Opportunity } from '#core/opportunities/opportunity.js';
import type { InvalidItem, LinkRepair, ReconcileInput, RecordRepair, StoredRecord } from '#core/reconcile/reconcile.js';
import type { ReconcileRepository } from '#core/reconcile/reconcile-repository.js';
import { dealLinkFromItem, dealLinkToItem } from '../linkage/deal-link-item.js';
import { totalsFromRecordItem } from '../linkage/rep-month-record-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { recordAttributesOf, reportSkippedItem } from '../store/stored-item.js';
import { OPPORTUNITY_SORT_KEY } from '../store/table-definition.js';

/** Parallel scan segments: reconcile reads the whole table once. */
const SEGMENTS = 4;

export class ReconcileStore implements ReconcileRepository {
  constructor(private readonly deps: Dependencies) {}

  async readAll(): Promise<ReconcileInput> {
    const opportunities: Opportunity[] = [];
    const links: DealLink[] = [];
    const records: StoredRecord[] = [];
    const invalidItems: InvalidItem[] = [];
    await Promise.all(
      Array.from({ length: SEGMENTS }, async (_, segment) => {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.deps.documentClient.send(
            new ScanCommand({
              TableName: this.deps.tableName,
              Segment: segment,
              TotalSegments: SEGMENTS,
              ConsistentRead: true,
              // Only what reconcile recomputes: field history, version items, hard-delete
              // tombstones (REMOVED) and snapshots are records of the past, never drift.
              FilterExpression: 'sk = :opportunity OR sk = :record OR begins_with(sk, :deal)',
              ExpressionAttributeValues: {
                ':opportunity': OPPORTUNITY_SORT_KEY,
                ':record': SORT_KEY_PREFIX.record,
                ':deal': SORT_KEY_PREFIX.dealLink,
              },
              ExclusiveStartKey: startKey,
            }),
          );
          for (const item of page.Items ?? []) {
            try {
              if (item.sk === OPPORTUNITY_SORT_KEY) opportunities.push(Opportunity.parse(item));
              else if (item.sk === SORT_KEY_PREFIX.record)
                records.push({
                  repMonth: { repId: String(item.repId), month: String(item.month) },
                  totals: totalsFromRecordItem(item),
                  rev: Number(item.rev ?? 0),
                });
              else links.push(dealLinkFromItem(item));
            } catch (error) {
              const reason = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
              reportSkippedItem(
                item,
                item.sk === OPPORTUNITY_SORT_KEY ? 'opportunity' : item.sk === SORT_KEY_PREFIX.record ? 'month record' : 'deal link',
                reason.replace(/\n/g, ' '),
                'reconcile',
              );
              invalidItems.push({ pk: String(item.pk), sk: String(item.sk), reason, ...this.invalidOpportunity(item, opportunities) });
            }
          }
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }),
    );
    return { opportunities, links, records, invalidItems };
  }

  /**
   * What reconcile can still use of an invalid opportunity item, read leniently: a deleted
   * one is a deleted deal (its links are unlinked as any deleted deal's); a live one names
   * the deal whose links are to be left alone. Neither when even its shape is lost.
   */
  private invalidOpportunity(item: Record<string, unknown>, opportunities: Opportunity[]): { opportunityId?: string } {
    if (item.sk !== OPPORTUNITY_SORT_KEY) return {};
    const lenient = LenientOpportunity.safeParse(recordAttributesOf(item));
    if (!lenient.success) return typeof item.id === 'string' ? { opportunityId: item.id } : {};
    if (lenient.data.deleted) {
      opportunities.push(lenient.data);
      return {};
    }
    return { opportunityId: lenient.data.id };
  }

  repairLink({ expectedVersion, link }: LinkRepair): Promise<boolean> {
    return this.conditionalPut(
      dealLinkToItem(link, this.deps.clock.now()),
      expectedVersion === null ? 'attribute_not_exists(pk)' : 'version = :expected',
      expectedVersion === null ? undefined : { ':expected': expectedVersion },
    );
  }

  repairRecord({ repMonth, expectedRev, totals }: RecordRepair): Promise<boolean> {
    const item = { ...keys.repMonthRecord(repMonth), repId: repMonth.repId, month: repMonth.month, rev: (expectedRev ?? 0) + 1, ...totals };
    return this.conditionalPut(
      item,
      expectedRev === null ? 'attribute_not_exists(pk)' : 'rev = :expected',
      expectedRev === null ? undefined : { ':expected': expectedRev },
    );
  }

  private async conditionalPut(
    item: Record<string, unknown>,
    condition: string,
    values: Record<string, unknown> | undefined,
  ): Promise<boolean> {
    try {
      await this.deps.documentClient.send(
        new PutCommand({ TableName: this.deps.tableName, Item: item, ConditionExpression: condition, ExpressionAttributeValues: values }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
