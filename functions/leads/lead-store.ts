/**
 * Leads: one item each, indexed newest first by owner (GSI1), by campaign (GSI2) and by
 * status (GSI3, keys only). Every write of a lead moves its conversion counters in the
 * same transaction: the lead cells of the owner-months it counts in get (its contribution
 * after) − (its contribution before) as atomic ADDs, and the lead is conditioned on the
 * version those contributions were computed from, so counters and leads never drift apart.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { leadContributionOf } from '#core/conversion/conversion-cells.js';
import { LEAD_STATUSES, Lead, type LeadStatus } from '#core/leads/lead.js';
import type { LeadRepository } from '#core/leads/lead-repository.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { subtractCellCounters } from '#core/shared/counters.js';
import { InvalidCursorError, type Page, type PageRequest } from '#core/shared/page.js';
import { cellAddUpdates } from '../conversion/conversion-cell-item.js';
import { opportunityToItem } from '../opportunities/opportunity-store.js';
import type { Dependencies } from '../shared/dependencies.js';
import { batchGetAll } from '../store/batch-operations.js';
import { keys } from '../store/keys.js';
import { decodeCursor, encodeCursor, queryPage } from '../store/query-pages.js';
import { parseStoredItem, type TransactionWrite, versionedPut, writeTogether } from '../store/stored-item.js';

export function leadToItem(lead: Lead): Record<string, unknown> {
  return { ...keys.lead(lead.id), ...keys.leadIndexes(lead), type: 'Lead', ...lead };
}

export function leadFromItem(item: Record<string, unknown>): Lead {
  return parseStoredItem(Lead, item, 'lead');
}

/** The shape of a page cursor of the status index, whose partition names the status. */
const STATUS_CURSOR_ATTRIBUTES = ['pk', 'sk', 'gsi3pk', 'gsi3sk'] as const;

export class LeadStore implements LeadRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(leadId: string): Promise<Lead | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.lead(leadId), ConsistentRead: true }),
    );
    return result.Item ? leadFromItem(result.Item) : undefined;
  }

  save(lead: Lead, before: Lead | undefined): Promise<void> {
    return writeTogether(
      this.deps,
      [versionedPut(this.deps, leadToItem(lead), before?.version ?? null), ...this.cellWrites(lead, before)],
      `lead '${lead.id}'`,
    );
  }

  saveConversion(lead: Lead, before: Lead, opportunity: Opportunity): Promise<void> {
    return writeTogether(
      this.deps,
      [
        versionedPut(this.deps, opportunityToItem(opportunity), null),
        versionedPut(this.deps, leadToItem(lead), before.version),
        ...this.cellWrites(lead, before),
      ],
      `lead '${lead.id}'`,
    );
  }

  /** The ADDs that move the lead cells from the lead's contribution before to after. */
  private cellWrites(lead: Lead, before: Lead | undefined): TransactionWrite[] {
    const deltas = subtractCellCounters(leadContributionOf(lead), leadContributionOf(before));
    return cellAddUpdates(this.deps.tableName, 'leads', deltas).map((update) => ({ write: update as TransactionWrite['write'] }));
  }

  async listByOwner(ownerId: string, page: PageRequest): Promise<Page<Lead>> {
    const partition = keys.leadsByOwnerIndex(ownerId);
    const result = await queryPage(
      this.deps,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition.gsi1pk },
        ScanIndexForward: false,
      },
      page,
      { attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], fixed: partition },
    );
    return { items: result.items.map(leadFromItem), nextCursor: result.nextCursor };
  }

  async listByCampaign(campaignId: string, page: PageRequest): Promise<Page<Lead>> {
    const partition = keys.leadsByCampaignIndex(campaignId);
    const result = await queryPage(
      this.deps,
      {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partition.gsi2pk },
        ScanIndexForward: false,
      },
      page,
      { attributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'], fixed: partition },
    );
    return { items: result.items.map(leadFromItem), nextCursor: result.nextCursor };
  }

  async listByStatus(status: LeadStatus, page: PageRequest): Promise<Page<Lead>> {
    const partition = keys.leadsByStatusIndex(status);
    const result = await queryPage(
      this.deps,
      {
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': partition.gsi3pk },
        ScanIndexForward: false,
      },
      page,
      { attributes: STATUS_CURSOR_ATTRIBUTES, fixed: partition },
    );
    // The index holds keys only: read the leads, in index order, skipping any whose status moved since.
    const stored = new Map(
      (
        await batchGetAll(
          this.deps,
          result.items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
        )
      ).map((item) => [String(item.pk), item]),
    );
    const items = result.items
      .map((key) => stored.get(String(key.pk)))
      .filter((item) => item !== undefined)
      .map(leadFromItem)
      .filter((lead) => lead.status === status);
    return { items, nextCursor: result.nextCursor };
  }

  /**
   * Status by status. A cursor is either one of a status's pages (its index key names the
   * status) or `{ status }` alone: the start of that status, when a page ended with the one before.
   */
  async listAll(page: PageRequest): Promise<Page<Lead>> {
    let { statusIndex, cursor } = statusCursorOf(page.cursor);
    const items: Lead[] = [];
    while (statusIndex < LEAD_STATUSES.length) {
      const status = LEAD_STATUSES[statusIndex] as LeadStatus;
      const listed = await this.listByStatus(status, { limit: page.limit - items.length, ...(cursor !== undefined ? { cursor } : {}) });
      items.push(...listed.items);
      if (listed.nextCursor !== null) return { items, nextCursor: listed.nextCursor };
      statusIndex++;
      cursor = undefined;
      if (items.length >= page.limit) break;
    }
    const nextStatus = LEAD_STATUSES[statusIndex];
    return { items, nextCursor: nextStatus === undefined ? null : encodeCursor({ status: nextStatus }) };
  }
}

/** Where a page of every lead starts: a status (by its place in LEAD_STATUSES) and the cursor within it. */
function statusCursorOf(cursor: string | undefined): { statusIndex: number; cursor: string | undefined } {
  if (cursor === undefined) return { statusIndex: 0, cursor: undefined };
  let decoded: Record<string, string>;
  try {
    decoded = decodeCursor(cursor, { attributes: ['status'], fixed: {} });
  } catch {
    decoded = decodeCursor(cursor, { attributes: STATUS_CURSOR_ATTRIBUTES, fixed: {} });
    const statusIndex = LEAD_STATUSES.findIndex((status) => keys.leadsByStatusIndex(status).gsi3pk === decoded.gsi3pk);
    if (statusIndex < 0) throw new InvalidCursorError();
    return { statusIndex, cursor };
  }
  const statusIndex = LEAD_STATUSES.indexOf(decoded.status as LeadStatus);
  if (statusIndex < 0) throw new InvalidCursorError();
  return { statusIndex, cursor: undefined };
}
