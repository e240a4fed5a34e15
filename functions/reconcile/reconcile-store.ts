/** The full read and the conditional repairs behind the reconcile command. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { CountedLead } from '#core/conversion/conversion-cells.js';
import { Lead } from '#core/leads/lead.js';
import type { DealLink } from '#core/linkage/deal-link.js';
import { LenientOpportunity, Opportunity } from '#core/opportunities/opportunity.js';
import type {
  CellRepair,
  InvalidItem,
  LinkRepair,
  ReconcileInput,
  RecordRepair,
  StoredConversionCell,
  StoredRecord,
} from '#core/reconcile/reconcile.js';
import type { ReconcileRepository } from '#core/reconcile/reconcile-repository.js';
import { Instant } from '#core/shared/common-schemas.js';
import { cellFromItem, cellToItem } from '../conversion/conversion-cell-item.js';
import { dealLinkFromItem, dealLinkToItem } from '../linkage/deal-link-item.js';
import { totalsFromRecordItem } from '../linkage/rep-month-record-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys, SORT_KEY_PREFIX } from '../store/keys.js';
import { recordAttributesOf, reportSkippedItem } from '../store/stored-item.js';
import { OPPORTUNITY_SORT_KEY } from '../store/table-definition.js';

/** Parallel scan segments: reconcile reads the whole table once. */
const SEGMENTS = 4;

/** What reconcile reads, by key. */
type ReconciledItemKind = 'opportunity' | 'month record' | 'deal link' | 'conversion cell' | 'lead';

const CONVERSION_PARTITION_PREFIX = keys.conversionMonthPartition('').pk;
const LEAD_PARTITION_PREFIX = keys.lead('').pk;
const LEAD_SORT_KEY = keys.lead('').sk;

function kindOf(item: Record<string, unknown>): ReconciledItemKind {
  const pk = String(item.pk);
  const sk = String(item.sk);
  if (sk === OPPORTUNITY_SORT_KEY) return 'opportunity';
  if (sk === SORT_KEY_PREFIX.record) return 'month record';
  if (pk.startsWith(CONVERSION_PARTITION_PREFIX)) return 'conversion cell';
  if (pk.startsWith(LEAD_PARTITION_PREFIX) && sk === LEAD_SORT_KEY) return 'lead';
  return 'deal link';
}

/**
 * The fields of a lead its counters follow, read leniently: a lead item invalid in another
 * field (a name a later rule refuses) still counts the same.
 */
const CountedLeadItem = z.object({
  ownerId: z.string(),
  source: z.string(),
  campaignId: z.string().nullable(),
  status: z.string(),
  createdAt: Instant,
  convertedAt: Instant.nullable(),
});

export class ReconcileStore implements ReconcileRepository {
  constructor(private readonly deps: Dependencies) {}

  async readAll(): Promise<ReconcileInput> {
    const opportunities: Opportunity[] = [];
    const links: DealLink[] = [];
    const records: StoredRecord[] = [];
    const cells: StoredConversionCell[] = [];
    const leads: CountedLead[] = [];
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
              // Only what reconcile recomputes, and the leads the lead cells are summed from:
              // field history, version items, hard-delete tombstones (REMOVED) and snapshots
              // are records of the past, never drift.
              FilterExpression:
                'sk = :opportunity OR sk = :record OR begins_with(sk, :deal) OR ' +
                '(begins_with(pk, :conversion) AND (begins_with(sk, :leadCell) OR begins_with(sk, :dealCell))) OR ' +
                '(begins_with(pk, :leadPartition) AND sk = :lead)',
              ExpressionAttributeValues: {
                ':opportunity': OPPORTUNITY_SORT_KEY,
                ':record': SORT_KEY_PREFIX.record,
                ':deal': SORT_KEY_PREFIX.dealLink,
                ':conversion': CONVERSION_PARTITION_PREFIX,
                ':leadCell': SORT_KEY_PREFIX.conversionLeadCell,
                ':dealCell': SORT_KEY_PREFIX.conversionDealCell,
                ':leadPartition': LEAD_PARTITION_PREFIX,
                ':lead': LEAD_SORT_KEY,
              },
              ExclusiveStartKey: startKey,
            }),
          );
          for (const item of page.Items ?? []) {
            const kind = kindOf(item);
            try {
              if (kind === 'opportunity') opportunities.push(Opportunity.parse(item));
              else if (kind === 'month record')
                records.push({
                  repMonth: { repId: String(item.repId), month: String(item.month) },
                  totals: totalsFromRecordItem(item),
                  rev: Number(item.rev ?? 0),
                });
              else if (kind === 'conversion cell') cells.push(cellFromItem(item));
              else if (kind === 'lead') leads.push(Lead.parse(item));
              else links.push(dealLinkFromItem(item));
            } catch (error) {
              const reason = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
              reportSkippedItem(item, kind, reason.replace(/\n/g, ' '), 'reconcile');
              const salvaged = kind === 'lead' ? this.invalidLead(item, leads) : this.invalidOpportunity(item, opportunities);
              invalidItems.push({ pk: String(item.pk), sk: String(item.sk), reason, ...salvaged });
            }
          }
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }),
    );
    return { opportunities, links, records, cells, leads, invalidItems };
  }

  /**
   * What reconcile can still use of an invalid lead item: its counted fields, when they
   * read; otherwise its id, so that the lead cells are reported but not repaired.
   */
  private invalidLead(item: Record<string, unknown>, leads: CountedLead[]): { leadId?: string } {
    const counted = CountedLeadItem.safeParse(item);
    if (counted.success) {
      leads.push(counted.data);
      return {};
    }
    return { leadId: typeof item.id === 'string' ? item.id : String(item.pk) };
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

  /** The whole cell, rev one past the one read: a cell that should be empty is kept, emptied, so its rev never goes back. */
  repairCell({ kind, month, repId, expectedRev, counters }: CellRepair): Promise<boolean> {
    return this.conditionalPut(
      cellToItem(kind, month, repId, counters, (expectedRev ?? 0) + 1),
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
