import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closeMonthExtensionsOf,
  initialQualityCounters,
  nextQualityCounters,
  qualityCountersOfVersions,
  qualityMetricsAt,
} from '#core/linkage/quality-counters.js';
import { opportunityVersion } from '../support/record-factories.js';

describe('close-month extensions', () => {
  const sequence = ['2026-02-10', '2026-02-25', '2026-03-05', '2026-02-28', '2026-04-01'];

  it('counts the domain example: 10 Feb -> 25 Feb (0) -> 5 Mar (1) -> 28 Feb (1) -> 1 Apr (2)', () => {
    expect(sequence.map((_, index) => closeMonthExtensionsOf(sequence.slice(0, index + 1)))).toEqual([0, 0, 1, 1, 2]);
  });

  it('counts the same example change by change', () => {
    let before = opportunityVersion({ closeDate: sequence[0] });
    let counters = initialQualityCounters(before);
    const counts = [counters.closeMonthExtensions];
    sequence.slice(1).forEach((closeDate, index) => {
      const after = opportunityVersion({ closeDate, updatedAt: `2026-02-${String(11 + index).padStart(2, '0')}T09:00:00.000Z` });
      counters = nextQualityCounters(counters, before, after);
      counts.push(counters.closeMonthExtensions);
      before = after;
    });
    expect(counts).toEqual([0, 0, 1, 1, 2]);
  });

  it('counts a jump over several months once, and a move into the next year', () => {
    expect(closeMonthExtensionsOf(['2026-01-31', '2026-06-01'])).toBe(1);
    expect(closeMonthExtensionsOf(['2025-12-31', '2026-01-01'])).toBe(1);
    expect(closeMonthExtensionsOf(['2026-01-01', '2025-12-31'])).toBe(0);
    expect(closeMonthExtensionsOf([])).toBe(0);
  });

  it('never counts more than the changes, and never drops when a date is appended (property)', () => {
    const date = fc
      .date({ min: new Date('2020-01-01T00:00:00.000Z'), max: new Date('2030-12-31T00:00:00.000Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(date, { maxLength: 30 }), date, (dates, next) => {
        const count = closeMonthExtensionsOf(dates);
        expect(count).toBeLessThanOrEqual(Math.max(0, dates.length - 1));
        expect(closeMonthExtensionsOf([...dates, next])).toBeGreaterThanOrEqual(count);
        const versions = dates.map((closeDate) => opportunityVersion({ closeDate }));
        expect(qualityCountersOfVersions(versions)?.closeMonthExtensions ?? 0).toBe(count);
        const sorted = [...dates].sort().reverse();
        expect(closeMonthExtensionsOf(sorted)).toBe(0);
      }),
    );
  });
});

describe('stage changes and closing', () => {
  const created = opportunityVersion();

  it('starts open with no stage change', () => {
    expect(initialQualityCounters(created)).toEqual({
      createdAt: '2026-02-01T10:00:00.000Z',
      closeMonthExtensions: 0,
      lastStageChangeAt: null,
      closedAt: null,
    });
  });

  it('is closed from its first write when created closed', () => {
    const importedWon = opportunityVersion({
      createdAt: '2025-11-03T08:00:00.000Z',
      updatedAt: '2026-02-01T10:00:00.000Z',
      stageId: 'closed-won',
      stageOutcome: 'won',
    });
    expect(initialQualityCounters(importedWon)).toMatchObject({
      createdAt: '2025-11-03T08:00:00.000Z',
      closedAt: '2026-02-01T10:00:00.000Z',
    });
  });

  it('dates a stage change by the new version', () => {
    const moved = opportunityVersion({ stageId: 'negotiation', updatedAt: '2026-02-03T12:00:00.000Z' });
    expect(nextQualityCounters(initialQualityCounters(created), created, moved).lastStageChangeAt).toBe('2026-02-03T12:00:00.000Z');
  });

  it('keeps the last stage change when something else changes', () => {
    const previous = { ...initialQualityCounters(created), lastStageChangeAt: '2026-02-02T00:00:00.000Z' };
    const renamedAmount = opportunityVersion({ updatedAt: '2026-02-04T00:00:00.000Z' });
    expect(nextQualityCounters(previous, created, renamedAmount).lastStageChangeAt).toBe('2026-02-02T00:00:00.000Z');
  });

  it('stops the clock on close, clears it on reopen, and keeps the first close on won -> lost', () => {
    const wonVersion = opportunityVersion({ stageId: 'closed-won', stageOutcome: 'won', updatedAt: '2026-02-05T10:00:00.000Z' });
    const lostVersion = opportunityVersion({ stageId: 'closed-lost', stageOutcome: 'lost', updatedAt: '2026-02-07T10:00:00.000Z' });
    const reopened = opportunityVersion({ stageId: 'negotiation', updatedAt: '2026-02-09T10:00:00.000Z' });
    const afterWon = nextQualityCounters(initialQualityCounters(created), created, wonVersion);
    expect(afterWon.closedAt).toBe('2026-02-05T10:00:00.000Z');
    const afterLost = nextQualityCounters(afterWon, wonVersion, lostVersion);
    expect(afterLost.closedAt).toBe('2026-02-05T10:00:00.000Z');
    expect(afterLost.lastStageChangeAt).toBe('2026-02-07T10:00:00.000Z');
    const afterReopen = nextQualityCounters(afterLost, lostVersion, reopened);
    expect(afterReopen.closedAt).toBeNull();
  });

  it('replays a whole history', () => {
    expect(qualityCountersOfVersions([])).toBeNull();
    const counters = qualityCountersOfVersions([
      created,
      opportunityVersion({ closeDate: '2026-03-05', updatedAt: '2026-02-10T00:00:00.000Z' }),
      opportunityVersion({ closeDate: '2026-03-05', stageId: 'closed-won', stageOutcome: 'won', updatedAt: '2026-03-01T00:00:00.000Z' }),
    ]);
    expect(counters).toEqual({
      createdAt: created.createdAt,
      closeMonthExtensions: 1,
      lastStageChangeAt: '2026-03-01T00:00:00.000Z',
      closedAt: '2026-03-01T00:00:00.000Z',
    });
  });
});

describe('quality metrics as of an instant', () => {
  const counters = { createdAt: '2026-01-31T10:00:00.000Z', closeMonthExtensions: 2, lastStageChangeAt: null, closedAt: null };

  it('counts whole days from creation while the stage never changed', () => {
    expect(qualityMetricsAt(counters, new Date('2026-02-10T09:59:59.999Z'))).toEqual({
      closeMonthExtensions: 2,
      daysSinceLastStageChange: 9,
      daysOpen: 9,
      lastStageChangeAt: null,
      closedAt: null,
    });
    expect(qualityMetricsAt(counters, new Date('2026-02-10T10:00:00.000Z')).daysOpen).toBe(10);
  });

  it('counts from the last stage change', () => {
    const changed = { ...counters, lastStageChangeAt: '2026-02-08T00:00:00.000Z' };
    expect(qualityMetricsAt(changed, new Date('2026-03-01T00:00:00.000Z'))).toMatchObject({ daysSinceLastStageChange: 21, daysOpen: 28 });
  });

  it('stops days open at the close, across a year end', () => {
    const closed = {
      createdAt: '2025-12-20T00:00:00.000Z',
      closeMonthExtensions: 0,
      lastStageChangeAt: '2026-01-04T00:00:00.000Z',
      closedAt: '2026-01-04T00:00:00.000Z',
    };
    expect(qualityMetricsAt(closed, new Date('2026-06-01T00:00:00.000Z'))).toMatchObject({ daysOpen: 15, daysSinceLastStageChange: 148 });
  });

  it('counts only up to an asOf before the close, and never negative', () => {
    const closed = { ...counters, closedAt: '2026-03-01T00:00:00.000Z' };
    expect(qualityMetricsAt(closed, new Date('2026-02-10T10:00:00.000Z')).daysOpen).toBe(10);
    expect(qualityMetricsAt(counters, new Date('2026-01-01T00:00:00.000Z'))).toMatchObject({ daysOpen: 0, daysSinceLastStageChange: 0 });
  });
});
