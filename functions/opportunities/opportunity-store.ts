/**
 * Opportunities: one item each, written only here. Every write of this item is a stream
 * record that the recalculation links to its owner's month, so the item carries the whole
 * opportunity (the stream validates its images against the core schema). A live deal is
 * indexed by owner and close date (GSI3, keys only); a soft-deleted one keeps its item (its
 * version continues if it is revived) but loses the index attributes, so lists skip it.
 */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldChange } from '#core/opportunities/field-history.js';
import { LenientOpportunity, Opportunity } from '#core/opportunities/opportunity.js';
import type { OpportunityListPage, OpportunityRepository, OwnerCloseDateRange } from '#core/opportunities/opportunity-repository.js';
import { InvalidStoredRecordError } from '#core/shared/errors.js';
import type { PageRequest } from '#core/shared/page.js';
import type { SkippedItem } from '#core/shared/skipped-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { queryPage } from '../store/query-pages.js';
import { CorruptItemError, parseStoredItem, putVersioned, recordAttributesOf, reportSkippedItem } from '../store/stored-item.js';
import { readFieldHistory } from './field-history-item.js';

/** Sorts after every character an id may hold: `to` includes every deal closing that day. */
const AFTER_ANY_ID = '#~';

export function opportunityToItem(opportunity: Opportunity): Record<string, unknown> {
  return {
    ...keys.opportunity(opportunity.id),
    type: 'Opportunity',
    ...opportunity,
    ...(opportunity.deleted ? {} : keys.opportunityIndexes(opportunity.ownerId, opportunity.closeDate, opportunity.id)),
  };
}

export function opportunityFromItem(item: Record<string, unknown>): Opportunity {
  return parseStoredItem(Opportunity, item, 'opportunity');
}

/**
 * The opportunity an item holds; one that fails the schema but has its shape (see
 * LenientOpportunity) is an InvalidStoredRecordError carrying it, anything else a CorruptItemError.
 */
export function opportunityOrInvalidFromItem(item: Record<string, unknown>): Opportunity {
  try {
    return opportunityFromItem(item);
  } catch (error) {
    if (!(error instanceof CorruptItemError)) throw error;
    const lenient = LenientOpportunity.safeParse(recordAttributesOf(item));
    if (!lenient.success) throw error;
    const reason = error.reason ?? 'fails its schema';
    throw new InvalidStoredRecordError(
      `stored opportunity '${lenient.data.id}' is invalid (${reason}); replace it with PUT or DELETE it`,
      lenient.data,
      reason,
    );
  }
}

export class OpportunityStore implements OpportunityRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(opportunityId: string): Promise<Opportunity | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.opportunity(opportunityId), ConsistentRead: true }),
    );
    return result.Item ? opportunityOrInvalidFromItem(result.Item) : undefined;
  }

  save(opportunity: Opportunity, expectedVersion: number | null): Promise<void> {
    return putVersioned(this.deps, opportunityToItem(opportunity), expectedVersion, `opportunity '${opportunity.id}'`);
  }

  async listByOwner({ ownerId, from, to }: OwnerCloseDateRange, page: PageRequest): Promise<OpportunityListPage> {
    const partition = keys.ownerOpportunitiesIndex(ownerId);
    const values: Record<string, string> = { ':pk': partition.gsi3pk };
    let range = '';
    if (from !== undefined && to !== undefined) {
      range = ' AND gsi3sk BETWEEN :from AND :to';
      Object.assign(values, { ':from': from, ':to': `${to}${AFTER_ANY_ID}` });
    } else if (from !== undefined) {
      range = ' AND gsi3sk >= :from';
      values[':from'] = from;
    } else if (to !== undefined) {
      range = ' AND gsi3sk <= :to';
      values[':to'] = `${to}${AFTER_ANY_ID}`;
    }
    const result = await queryPage(
      this.deps,
      { IndexName: 'gsi3', KeyConditionExpression: `gsi3pk = :pk${range}`, ExpressionAttributeValues: values },
      page,
      { attributes: ['pk', 'sk', 'gsi3pk', 'gsi3sk'], fixed: partition },
    );
    // The index holds keys only: read the opportunities, in index order, skipping any
    // deleted or moved to another owner since the index was read.
    const stored = new Map(
      (
        await batchGetAll(
          this.deps,
          result.items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
        )
      ).map((item) => [String(item.pk), item]),
    );
    // An invalid deal is left out and reported: one bad item must not hide the owner's others.
    const skipped: SkippedItem[] = [];
    const items = result.items
      .map((key) => stored.get(String(key.pk)))
      .filter((item) => item !== undefined)
      .flatMap((item) => {
        try {
          return [opportunityFromItem(item)];
        } catch (error) {
          if (!(error instanceof CorruptItemError)) throw error;
          if (item.deleted !== true && item.ownerId === ownerId)
            skipped.push(reportSkippedItem(item, 'opportunity', error.reason ?? error.message, 'opportunities by owner'));
          return [];
        }
      })
      .filter((opportunity) => !opportunity.deleted && opportunity.ownerId === ownerId);
    return { items, nextCursor: result.nextCursor, ...(skipped.length > 0 ? { skipped } : {}) };
  }

  /**
   * Scans the whole table (consistently, projecting two attributes) and stops at the first
   * live opportunity in one of the stages. Its cost grows with the table; it runs only
   * when an administrator removes stages, which is rare enough not to warrant an index.
   */
  async findOneInStages(stageIds: readonly string[]): Promise<Pick<Opportunity, 'id' | 'stageId'> | undefined> {
    if (stageIds.length === 0) return undefined;
    const stageValues = Object.fromEntries(stageIds.map((stageId, index) => [`:stage${index}`, stageId]));
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.deps.documentClient.send(
        new ScanCommand({
          TableName: this.deps.tableName,
          ConsistentRead: true,
          ProjectionExpression: 'id, stageId',
          FilterExpression: `sk = :sk AND deleted = :live AND stageId IN (${Object.keys(stageValues).join(', ')})`,
          ExpressionAttributeValues: { ':sk': keys.opportunity('').sk, ':live': false, ...stageValues },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const found = result.Items?.[0];
      if (found) return { id: String(found.id), stageId: String(found.stageId) };
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return undefined;
  }

  history(opportunityId: string): Promise<FieldChange[]> {
    return readFieldHistory(this.deps, opportunityId);
  }
}
