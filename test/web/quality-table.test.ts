import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_THRESHOLDS, qualityTableModel } from '#web/app/charts/quality-table.js';
import { tableToCsv } from '#web/app/format/csv.js';
import { columnOf, gbp, major } from './option-reader.js';
import { northQuality } from './seed-fixtures.js';

const context = {
  scopeName: 'North',
  repNames: { dave: 'Dave Apthorp', erin: 'Erin Brock' },
  stageNames: { prospecting: 'Prospecting', negotiation: 'Negotiation', 'proposal-made': 'Proposal Made' },
};

describe('the quality table', () => {
  const model = qualityTableModel(northQuality, context, gbp);

  it('is a table, no chart, with the rows in the order the API sorted them', () => {
    expect(model.kind).toBe('table');
    expect(model.option).toBeNull();
    expect(model.emptyMessage).toBe('');
    expect(columnOf(model, 'Deal')).toEqual(['Stark Industries, phase 2', 'Globex licence', 'Initech pilot']);
    expect(model.title).toBe('Pipeline quality: deals due to close in Feb 2016');
  });

  it("shows the API's three metrics unchanged, with owners and stages by name", () => {
    expect(model.table.rows[1]).toEqual({
      deal: 'Globex licence',
      account: 'Globex',
      owner: 'Dave Apthorp',
      stage: 'Negotiation',
      closeDate: '2016-02-20',
      amount: major(25_000),
      priority: 'Yes',
      closeMonthExtensions: 2,
      daysSinceLastStageChange: 26,
      daysOpen: 76,
      attention: 'Close date pushed to a later month 2 times',
    });
  });

  it('flags each metric that reaches its threshold, per row, in words too', () => {
    expect(model.thresholds).toEqual(DEFAULT_QUALITY_THRESHOLDS);
    expect(model.flags).toEqual([
      { opportunityId: 'e-open-1', closeMonthExtensions: true, daysSinceLastStageChange: true, daysOpen: false },
      { opportunityId: 'd-open-1', closeMonthExtensions: true, daysSinceLastStageChange: false, daysOpen: false },
      { opportunityId: 'd-open-2', closeMonthExtensions: false, daysSinceLastStageChange: false, daysOpen: false },
    ]);
    expect(columnOf(model, 'Needs attention')).toEqual([
      'Close date pushed to a later month 3 times; no stage change for 106 days',
      'Close date pushed to a later month 2 times',
      null,
    ]);
    expect(model.description).toBe(
      'North: 3 deals due to close in Feb 2016, counted on 15 Feb 2016; 2 flagged (close date pushed to a later month 2 times or more, ' +
        'no stage change for 60 days or more, or open 180 days or more).',
    );
  });

  it("takes the caller's thresholds", () => {
    const strict = qualityTableModel(northQuality, { ...context, thresholds: { closeMonthExtensions: 1, daysOpen: 14 } }, gbp);
    expect(strict.thresholds).toEqual({ closeMonthExtensions: 1, daysSinceLastStageChange: 60, daysOpen: 14 });
    expect(strict.flags.map((flag) => flag.daysOpen)).toEqual([true, true, true]);
    expect(columnOf(strict, 'Needs attention')[2]).toBe('Open for 14 days');
  });

  it('never flags a won or lost deal: it cannot slip', () => {
    const [stark] = northQuality.rows;
    if (!stark) throw new Error('fixture has rows');
    const closed = qualityTableModel({ ...northQuality, rows: [{ ...stark, outcome: 'won', stageId: 'closed-won' }] }, context, gbp);
    expect(closed.flags).toEqual([
      { opportunityId: 'e-open-1', closeMonthExtensions: false, daysSinceLastStageChange: false, daysOpen: false },
    ]);
    expect(closed.table.rows[0]?.stage).toBe('closed-won');
  });

  it('says how many of the total a page shows', () => {
    const page = qualityTableModel({ ...northQuality, total: 40 }, context, gbp);
    expect(page.description).toMatch(/^North: 3 of 40 deals due to close in Feb 2016/);
  });

  it('writes CSV with the metrics as numbers and the deal names quoted where needed', () => {
    expect(tableToCsv(model.table).split('\r\n').slice(0, 2)).toEqual([
      'Deal,Account,Owner,Stage,Close date,Amount,Priority,Close-month extensions,Days since stage change,Days open,Needs attention',
      '"Stark Industries, phase 2",Stark,Erin Brock,Prospecting,2016-02-28,10000.00,No,3,106,137,Close date pushed to a later month 3 times; no stage change for 106 days',
    ]);
  });

  it('falls back to ids without names, and says so when no deal is due', () => {
    const bare = qualityTableModel(northQuality, { scopeName: 'North' }, gbp);
    expect(columnOf(bare, 'Owner')).toEqual(['erin', 'dave', 'dave']);
    const empty = qualityTableModel({ ...northQuality, total: 0, rows: [] }, context, gbp);
    expect(empty.emptyMessage).toBe('No deals for North are due to close in Feb 2016.');
    expect(empty.flags).toEqual([]);
  });
});
