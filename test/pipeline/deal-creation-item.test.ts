import { describe, expect, it } from 'vitest';
import { streamDealCreationOf } from '#core/pipeline/deal-checkpoint.js';
import { dealCreationFromItem, dealCreationToItem } from '#functions/pipeline/deal-creation-item.js';
import { keys } from '#functions/store/keys.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';

describe('the creation a stream record logs', () => {
  const created = anOpportunity({ id: 'acme', createdAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-05T09:00:00.000Z' });

  it("is an INSERT's first version, with its tracked fields, indexed in the change log by its instant", () => {
    const creation = streamDealCreationOf(undefined, created);
    expect(creation).toEqual({
      opportunityId: 'acme',
      ownerId: created.ownerId,
      stageId: created.stageId,
      closeDate: created.closeDate,
      amount: created.amount,
      probability: created.probability,
      deleted: false,
      createdAt: '2026-01-05T09:00:00.000Z',
    });
    const item = dealCreationToItem(creation!);
    expect(item).toMatchObject({
      ...keys.dealCreation('acme'),
      gsi1pk: keys.changeLogIndex('acme', created.createdAt, 0, 'CREATED').gsi1pk,
    });
    expect(String(item.gsi1pk)).toMatch(/^CHANGES#2026-01-05#[0-3]$/);
    expect(dealCreationFromItem(item)).toEqual(creation);
  });

  it('is none for an update, a removal, or an import (its INSERT comes at a later version, its creation row already stored)', () => {
    const updated = nextVersion(created, '2026-01-06T09:00:00.000Z', { amount: 1 });
    expect(streamDealCreationOf(created, updated)).toBeUndefined();
    expect(streamDealCreationOf(created, undefined)).toBeUndefined();
    expect(streamDealCreationOf(undefined, { ...updated, version: 4 })).toBeUndefined();
  });
});
