/**
 * Storage of an import (backfill): reads what is stored under the imported ids, and writes
 * each new deal's field history and its creation (its true initial state, for the change
 * log: the stream's creation row from the INSERT would be the imported current state), then
 * its opportunity item, whose INSERT the stream links.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredDeal } from '#core/backfill/import-plan.js';
import type { ImportRepository, ImportWriteOutcome } from '#core/backfill/import-repository.js';
import type { FieldChange } from '#core/opportunities/field-history.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { dealAsCreated } from '#core/pipeline/deal-checkpoint.js';
import { ConflictError } from '#core/shared/errors.js';
import { fieldChangeToItem, readFieldHistory } from '../opportunities/field-history-item.js';
import { opportunityFromItem, opportunityToItem } from '../opportunities/opportunity-store.js';
import { putDealCreation } from '../pipeline/deal-creation-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll } from '../store/batch-operations.js';
import { mapConcurrently, READ_CONCURRENCY } from '../store/concurrency.js';
import { keys } from '../store/keys.js';
import { CorruptItemError, putVersioned } from '../store/stored-item.js';

/** History entries written side by side per deal. */
const HISTORY_WRITE_CONCURRENCY = 8;

export class ImportStore implements ImportRepository {
  constructor(private readonly deps: Dependencies) {}

  async readDeals(opportunityIds: readonly string[]): Promise<Map<string, StoredDeal>> {
    const items = await batchGetAll(
      this.deps,
      opportunityIds.flatMap((id) => [keys.opportunity(id), keys.removedOpportunity(id)]),
    );
    const opportunities = new Map<string, Opportunity>();
    const removed = new Set<string>();
    // An invalid stored deal refuses its rows instead of failing the whole import.
    const invalid = new Map<string, string>();
    for (const item of items) {
      if (item.sk !== keys.opportunity('').sk) removed.add(String(item.id));
      else {
        try {
          opportunities.set(String(item.id), opportunityFromItem(item));
        } catch (error) {
          if (!(error instanceof CorruptItemError)) throw error;
          invalid.set(String(item.id), error.reason ?? 'fails its schema');
        }
      }
    }
    const deals = new Map<string, StoredDeal>();
    const ids = [...new Set([...opportunities.keys(), ...removed, ...invalid.keys()])];
    // Only a stored deal's history is compared with the import; a removed one is refused whole.
    const histories = await mapConcurrently([...opportunities.keys()], READ_CONCURRENCY, (id) => this.readHistory(id));
    const historyOf = new Map([...opportunities.keys()].map((id, index) => [id, histories[index] ?? []]));
    for (const id of ids) {
      const reason = invalid.get(id);
      deals.set(id, {
        opportunity: opportunities.get(id),
        removed: removed.has(id),
        history: historyOf.get(id) ?? [],
        ...(reason !== undefined ? { invalid: reason } : {}),
      });
    }
    return deals;
  }

  async existingRepIds(repIds: readonly string[]): Promise<{ existing: Set<string>; inactive: Set<string> }> {
    const items = await batchGetAll(
      this.deps,
      repIds.map((id) => keys.rep(id)),
    );
    // A rep item without `active` predates the flag: active (the schema's default).
    return {
      existing: new Set(items.map((item) => String(item.id))),
      inactive: new Set(items.filter((item) => item.active === false).map((item) => String(item.id))),
    };
  }

  async writeDeal(opportunity: Opportunity, changes: readonly FieldChange[]): Promise<ImportWriteOutcome> {
    await mapConcurrently(changes, HISTORY_WRITE_CONCURRENCY, (change) => this.putChangeOnce(change));
    await putDealCreation(this.deps, dealAsCreated(opportunity, changes));
    try {
      await putVersioned(this.deps, opportunityToItem(opportunity), null, `opportunity '${opportunity.id}'`);
      return 'written';
    } catch (error) {
      if (error instanceof ConflictError) return 'exists';
      throw error;
    }
  }

  private readHistory(opportunityId: string): Promise<FieldChange[]> {
    return readFieldHistory(this.deps, opportunityId);
  }

  /** Only where nothing is stored under the key: a re-import or a retry writes nothing. */
  private async putChangeOnce(change: FieldChange): Promise<void> {
    try {
      await this.deps.documentClient.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: fieldChangeToItem(change),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
