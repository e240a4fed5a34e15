import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldChange, fieldChangesOf } from '#core/opportunities/field-history.js';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import { asAtDealOf, opportunityAsAt } from '#core/pipeline/as-at.js';
import { ValidationError } from '#core/shared/errors.js';
import { type DealTimeline, TIMELINE_START, timelinesOf, versionInForce } from '../support/deal-timelines.js';
import { anOpportunity, nextVersion } from '../support/opportunity-factory.js';
import { commandArbitrary, seededRandom } from '../support/opportunity-history.js';

/** The versions of a deal and the field history the stream records between them. */
function historyOf(versions: readonly Opportunity[]): FieldChange[] {
  return versions.flatMap((after, index) => fieldChangesOf(versions[index - 1], after, after.updatedAt));
}

describe('opportunityAsAt', () => {
  const created = anOpportunity({
    id: 'opp-1',
    stageId: 'prospecting',
    closeDate: '2026-12-20',
    amount: 1_000_000,
    createdAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
  });
  const qualified = nextVersion(created, '2026-12-15T10:00:00.000Z', { stageId: 'investigation', amount: 1_200_000 });
  const slipped = nextVersion(qualified, '2026-12-31T23:59:59.999Z', { closeDate: '2027-01-15' });
  const proposed = nextVersion(slipped, '2027-01-01T00:00:00.000Z', { stageId: 'proposal-made', probability: 40, ownerId: 'erin' });
  const versions = [created, qualified, slipped, proposed];
  const history = historyOf(versions);

  it('is the current deal when nothing changed after the instant', () => {
    // Prepare: the history up to the last version
    // Act
    const deal = opportunityAsAt(proposed, history, '2027-02-01T00:00:00.000Z');
    // Assess
    expect(deal).toEqual(asAtDealOf(proposed));
  });

  it('undoes every later change, across the month and year boundary', () => {
    // Act
    const asAtNewYear = opportunityAsAt(proposed, history, '2027-01-01T00:00:00.000Z');
    const justBefore = opportunityAsAt(proposed, history, '2026-12-31T23:59:59.998Z');
    const december = opportunityAsAt(proposed, history, '2026-12-01T09:00:00.000Z');
    // Assess
    expect(asAtNewYear).toEqual(asAtDealOf(proposed));
    expect(justBefore).toEqual(asAtDealOf(qualified));
    expect(december).toEqual({
      opportunityId: 'opp-1',
      ownerId: 'dave',
      stageId: 'prospecting',
      closeDate: '2026-12-20',
      amount: 1_000_000,
      probability: null,
    });
  });

  it('counts a change dated exactly at the instant as already made', () => {
    // Act
    const atChange = opportunityAsAt(proposed, history, '2026-12-31T23:59:59.999Z');
    const oneMillisecondEarlier = opportunityAsAt(proposed, history, '2026-12-31T23:59:59.998Z');
    // Assess
    expect(atChange?.closeDate).toBe('2027-01-15');
    expect(oneMillisecondEarlier?.closeDate).toBe('2026-12-20');
  });

  it('is undefined before creation and the deal as created at its creation instant', () => {
    // Act
    const before = opportunityAsAt(proposed, history, '2026-12-01T08:59:59.999Z');
    const atCreation = opportunityAsAt(proposed, history, '2026-12-01T09:00:00.000Z');
    // Assess
    expect(before).toBeUndefined();
    expect(atCreation).toEqual(asAtDealOf(created));
  });

  it('is undefined while soft-deleted and back once revived', () => {
    // Prepare
    const deleted = nextVersion(qualified, '2027-01-31T12:00:00.000Z', { deleted: true });
    const revived = nextVersion(deleted, '2027-02-01T00:00:00.000Z', { deleted: false, amount: 900_000 });
    const deletedHistory = historyOf([created, qualified, deleted, revived]);
    // Act
    const whileDeleted = opportunityAsAt(revived, deletedHistory, '2027-01-31T23:59:59.999Z');
    const atRevival = opportunityAsAt(revived, deletedHistory, '2027-02-01T00:00:00.000Z');
    const beforeDeletion = opportunityAsAt(revived, deletedHistory, '2027-01-31T11:59:59.999Z');
    const stillDeleted = opportunityAsAt(deleted, historyOf([created, qualified, deleted]), '2027-03-01T00:00:00.000Z');
    // Assess
    expect(whileDeleted).toBeUndefined();
    expect(atRevival).toEqual(asAtDealOf(revived));
    expect(beforeDeletion).toEqual(asAtDealOf(qualified));
    expect(stillDeleted).toBeUndefined();
  });

  it('takes the history in any order and ignores the changes of other deals', () => {
    // Prepare
    const otherDeal: FieldChange = {
      opportunityId: 'opp-2',
      field: 'amount',
      oldValue: 5,
      newValue: 1_200_000,
      changedAt: '2026-12-20T00:00:00.000Z',
      version: 2,
    };
    const shuffled = [history[2]!, otherDeal, ...history.slice(3), history[0]!, history[1]!];
    // Act
    const deal = opportunityAsAt(proposed, shuffled, '2026-12-15T09:59:59.999Z');
    // Assess
    expect(deal).toEqual(asAtDealOf(created));
  });

  it('orders changes dated at the same instant by version', () => {
    // Prepare: two writes within one millisecond, 10 -> 20 (v2) then 20 -> 30 (v3)
    const first = nextVersion(created, '2026-12-10T00:00:00.000Z', { amount: 20 });
    const second = nextVersion(first, '2026-12-10T00:00:00.000Z', { amount: 30 });
    const tied = historyOf([{ ...created, amount: 10 }, first, second]).reverse();
    // Act
    const before = opportunityAsAt(second, tied, '2026-12-09T23:59:59.999Z');
    // Assess: undoing v3 before v2 ends on v2's old value
    expect(before?.amount).toBe(10);
  });

  it('does not put back a stored value of the wrong type', () => {
    // Prepare
    const corrupt: FieldChange = {
      opportunityId: 'opp-1',
      field: 'amount',
      oldValue: 'a lot',
      newValue: 1_200_000,
      changedAt: '2026-12-15T10:00:00.000Z',
      version: 2,
    };
    // Act
    const deal = opportunityAsAt(qualified, [corrupt], '2026-12-02T00:00:00.000Z');
    // Assess
    expect(deal?.amount).toBe(1_200_000);
  });

  it('rejects an instant that is not UTC', () => {
    expect(() => opportunityAsAt(proposed, history, '2027-01-01T00:00:00')).toThrow(ValidationError);
  });
});

/** Every change instant, a millisecond either side of it, and before everything. */
function instantsOf(timelines: readonly DealTimeline[]): string[] {
  const times = timelines.flatMap(({ versions }) =>
    versions.flatMap((version) => [-1, 0, 1].map((offset) => Date.parse(version.updatedAt) + offset)),
  );
  return [TIMELINE_START.getTime() - 86_400_000, ...times].map((time) => new Date(time).toISOString());
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

describe('opportunityAsAt over random histories', () => {
  it('equals the version in force at every change instant and between them (property)', () => {
    fc.assert(
      fc.property(fc.array(commandArbitrary(3, 3), { maxLength: 40 }), fc.integer(), (commands, seed) => {
        // Prepare
        const { timelines, history } = timelinesOf(commands);
        const storedHistory = shuffled(history, seed);
        for (const instant of instantsOf(timelines)) {
          for (const { current, versions } of timelines) {
            // Act
            const deal = opportunityAsAt(current, storedHistory, instant);
            // Assess
            const inForce = versionInForce(versions, instant);
            expect(deal).toEqual(inForce && !inForce.deleted ? asAtDealOf(inForce) : undefined);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
