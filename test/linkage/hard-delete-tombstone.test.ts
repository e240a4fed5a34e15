/** What the recalculation keeps of a hard-deleted deal, and when it says the removal happened. */
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { DealLinkRepository } from '#core/linkage/deal-link-repository.js';
import { recalculateOpportunity, removalInstant, removedOpportunityOf } from '#core/linkage/recalculate-opportunity.js';
import { recordInstantOf } from '#functions/linkage/record-time.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';

const created = anOpportunity({ id: 'gone' });
const moved = nextVersion(created, '2016-01-20T10:00:30.500Z', { stageId: 'negotiation' });

describe('removedOpportunityOf', () => {
  it('deletes the last image by one more version, dated at the removal', () => {
    expect(removedOpportunityOf(moved, undefined, '2016-02-03T08:30:00.000Z')).toEqual({
      ...moved,
      deleted: true,
      version: 3,
      updatedAt: '2016-02-03T08:30:00.000Z',
    });
  });

  it('keeps an image already soft-deleted as it was', () => {
    const softDeleted = nextVersion(moved, '2016-01-25T00:00:00.000Z', { deleted: true });

    expect(removedOpportunityOf(softDeleted, undefined, '2016-02-03T08:30:00.000Z')).toBe(softDeleted);
  });

  it('keeps nothing for a creation or a change', () => {
    expect(removedOpportunityOf(undefined, created, '2016-02-03T08:30:00.000Z')).toBeUndefined();
    expect(removedOpportunityOf(created, moved, '2016-02-03T08:30:00.000Z')).toBeUndefined();
  });
});

describe('removalInstant', () => {
  it('is the removal time, or the removed version’s time when that is later', () => {
    expect(removalInstant(moved, '2016-02-03T08:30:00.000Z')).toBe('2016-02-03T08:30:00.000Z');
    expect(removalInstant(moved, '2016-01-20T10:00:00.000Z')).toBe('2016-01-20T10:00:30.500Z');
  });
});

describe('recalculateOpportunity on a hard delete', () => {
  it('writes the tombstone after the field history, dated alike', async () => {
    // Prepare: a repository that records the order of the writes; no links stored.
    const writes: string[] = [];
    const repository: DealLinkRepository = {
      readLinks: async () => new Map(),
      applyLinkWrites: async () => void writes.push('links'),
      putHistory: async (entries) =>
        void writes.push(
          ...entries.flatMap((entry) => ('change' in entry ? [`history ${entry.change.field} ${entry.change.changedAt}`] : [])),
        ),
      putRemovedOpportunity: async (opportunity) => void writes.push(`tombstone ${opportunity.updatedAt}`),
    };

    // Act
    await recalculateOpportunity(repository, moved, undefined, '2016-01-20T10:00:00.000Z');

    // Assess
    expect(writes).toEqual(['history deleted 2016-01-20T10:00:30.500Z', 'tombstone 2016-01-20T10:00:30.500Z', 'links']);
  });
});

describe('recordInstantOf', () => {
  const fallback = new Date('2026-11-27T00:00:00.000Z');
  const withCreationTime = (seconds: number | undefined): DynamoDBRecord => ({
    dynamodb: seconds === undefined ? {} : { ApproximateCreationDateTime: seconds },
  });

  it('reads the epoch seconds Lambda delivers as an instant', () => {
    expect(recordInstantOf(withCreationTime(Date.parse('2016-02-03T08:30:00Z') / 1000), fallback)).toBe('2016-02-03T08:30:00.000Z');
  });

  it('falls back when the record carries no usable creation time', () => {
    expect(recordInstantOf(withCreationTime(undefined), fallback)).toBe('2026-11-27T00:00:00.000Z');
    expect(recordInstantOf(withCreationTime(Number.NaN), fallback)).toBe('2026-11-27T00:00:00.000Z');
  });
});
