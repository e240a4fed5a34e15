/** Campaigns: one item each, indexed for "all campaigns by id" (GSI1). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Campaign } from '#core/campaigns/campaign.js';
import type { CampaignRepository } from '#core/campaigns/campaign-repository.js';
import type { AuditEntry } from '#core/shared/audit-entry.js';
import type { Page, PageRequest } from '#core/shared/page.js';
import { auditEntryPut } from '../audit/audit-item.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { queryAll, queryPage } from '../store/query-pages.js';
import { CorruptItemError, decodeStoredItem, putVersionedWith, recordAttributesOf, reportSkippedItem } from '../store/stored-item.js';

/**
 * Every item's `type` attribute names its kind of record, so a campaign's own type (email,
 * webinar, ...) is stored as `campaignType`.
 */
export function campaignToItem({ type, ...campaign }: Campaign): Record<string, unknown> {
  return { ...keys.campaign(campaign.id), ...keys.campaignIndexes(campaign.id), type: 'Campaign', campaignType: type, ...campaign };
}

export function campaignFromItem(item: Record<string, unknown>): Campaign {
  return decodeStoredItem((stored) => Campaign.parse({ ...recordAttributesOf(stored), type: stored.campaignType }), item, 'campaign');
}

const ALL_CAMPAIGNS = {
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: { ':pk': keys.campaignsIndex().gsi1pk },
};

export class CampaignStore implements CampaignRepository {
  constructor(private readonly deps: Dependencies) {}

  async get(campaignId: string): Promise<Campaign | undefined> {
    const result = await this.deps.documentClient.send(
      new GetCommand({ TableName: this.deps.tableName, Key: keys.campaign(campaignId), ConsistentRead: true }),
    );
    return result.Item ? campaignFromItem(result.Item) : undefined;
  }

  /** The campaign and the audit entry, together or not at all. */
  save(campaign: Campaign, expectedVersion: number | null, audit: AuditEntry): Promise<void> {
    return putVersionedWith(
      this.deps,
      { item: campaignToItem(campaign), expectedVersion, what: `campaign '${campaign.id}'` },
      auditEntryPut(this.deps, audit),
    );
  }

  async list(page: PageRequest): Promise<Page<Campaign>> {
    const result = await queryPage(this.deps, ALL_CAMPAIGNS, page, {
      attributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      fixed: keys.campaignsIndex(),
    });
    return { items: result.items.map(campaignFromItem), nextCursor: result.nextCursor };
  }

  /** Every campaign; one that fails its schema is left out and logged, not fatal to a report. */
  async listAll(): Promise<Campaign[]> {
    return (await queryAll(this.deps, ALL_CAMPAIGNS)).flatMap((item) => {
      try {
        return [campaignFromItem(item)];
      } catch (error) {
        if (!(error instanceof CorruptItemError)) throw error;
        reportSkippedItem(item, 'campaign', error.message, 'conversion metrics');
        return [];
      }
    });
  }
}
