/** The parent check of a campaign: an existing parent, never the campaign itself or below it, a bounded chain. */
import { describe, expect, it } from 'vitest';
import { type CampaignLink, checkCampaignParent, MAX_CAMPAIGN_DEPTH } from '#core/campaigns/campaign-ancestry.js';
import { ValidationError } from '#core/shared/errors.js';

function campaignsOf(links: readonly CampaignLink[]) {
  const byId = new Map(links.map((link) => [link.id, link]));
  const reads: string[] = [];
  const read = async (id: string) => {
    reads.push(id);
    return byId.get(id);
  };
  return { reads, read };
}

async function fieldOf(promise: Promise<void>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues[0]?.field;
  }
}

describe('checkCampaignParent', () => {
  const tree = [
    { id: 'programme', parentCampaignId: null },
    { id: 'wave-1', parentCampaignId: 'programme' },
    { id: 'wave-1a', parentCampaignId: 'wave-1' },
  ];

  it('accepts no parent without reading anything, and an existing parent whose chain does not lead back', async () => {
    const { read, reads } = campaignsOf(tree);
    await expect(checkCampaignParent('solo', null, read)).resolves.toBeUndefined();
    expect(reads).toEqual([]);
    await expect(checkCampaignParent('wave-2', 'wave-1a', read)).resolves.toBeUndefined();
    expect(reads).toEqual(['wave-1a', 'wave-1', 'programme']);
  });

  it('refuses an unknown parent, the campaign itself, and a campaign below it, naming parentCampaignId', async () => {
    const { read } = campaignsOf(tree);
    expect(await fieldOf(checkCampaignParent('wave-2', 'ghost', read))).toBe('parentCampaignId');
    expect(await fieldOf(checkCampaignParent('programme', 'programme', read))).toBe('parentCampaignId');
    expect(await fieldOf(checkCampaignParent('programme', 'wave-1a', read))).toBe('parentCampaignId');
    expect(await fieldOf(checkCampaignParent('wave-1', 'wave-1a', read))).toBe('parentCampaignId');
  });

  it('stops at a chain deeper than the bound, even one that loops without the campaign (stored around the API)', async () => {
    const chain = Array.from({ length: MAX_CAMPAIGN_DEPTH + 1 }, (_, index) => ({
      id: `c${index}`,
      parentCampaignId: index === 0 ? null : `c${index - 1}`,
    }));
    expect(await fieldOf(checkCampaignParent('new', `c${MAX_CAMPAIGN_DEPTH}`, campaignsOf(chain).read))).toBe('parentCampaignId');
    expect(await fieldOf(checkCampaignParent('new', `c${MAX_CAMPAIGN_DEPTH - 1}`, campaignsOf(chain).read))).toBeUndefined();
    const loop = campaignsOf([
      { id: 'a', parentCampaignId: 'b' },
      { id: 'b', parentCampaignId: 'a' },
    ]);
    expect(await fieldOf(checkCampaignParent('new', 'a', loop.read))).toBe('parentCampaignId');
    expect(loop.reads.length).toBeLessThanOrEqual(MAX_CAMPAIGN_DEPTH);
  });

  it('ends the chain at a parent that no longer exists', async () => {
    const { read } = campaignsOf([{ id: 'orphan', parentCampaignId: 'removed' }]);
    await expect(checkCampaignParent('new', 'orphan', read)).resolves.toBeUndefined();
  });
});
