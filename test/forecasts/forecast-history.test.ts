import { describe, expect, it } from 'vitest';
import { parseImportRows } from '#core/backfill/import-rows.js';
import { ImportRequest, MAX_IMPORT_HISTORY_ROWS, MAX_IMPORT_OPPORTUNITIES } from '#core/backfill/import-schemas.js';
import { DEFAULT_STAGES } from '#core/organisation/stage.js';
import { forecastHistoryOf } from '#test/support/forecast-history.js';

describe('the generated forecast history', () => {
  const now = '2026-12-01T00:00:00.000Z';
  const generated = forecastHistoryOf({ seed: 2, reps: ['rep-1', 'rep-2', 'rep-3'], months: 24, dealsPerRepMonth: 10, now });

  it('is the same for the same seed', () => {
    expect(forecastHistoryOf({ seed: 2, reps: ['rep-1', 'rep-2', 'rep-3'], months: 24, dealsPerRepMonth: 10, now })).toEqual(generated);
  });

  it('imports as POST /imports/opportunities bodies the import accepts whole', () => {
    expect(generated.importBodies.length).toBeGreaterThan(1);
    for (const body of generated.importBodies) {
      const request = ImportRequest.parse(body);
      expect(request.opportunities.length).toBeLessThanOrEqual(MAX_IMPORT_OPPORTUNITIES);
      expect(request.history.length).toBeLessThanOrEqual(MAX_IMPORT_HISTORY_ROWS);
      const parsed = parseImportRows(request, DEFAULT_STAGES.stages, new Date(now));
      expect(parsed.rejections).toEqual([]);
      expect(parsed.opportunities).toHaveLength(body.opportunities.length);
    }
  });

  it('carries the same deals in the bodies as in the history', () => {
    const rows = generated.importBodies.flatMap((body) => body.opportunities);
    const historyRows = generated.importBodies.flatMap((body) => body.history);
    expect(
      rows.map(({ id, ownerId, stageId, closeDate, amount, createdAt }) => ({ id, ownerId, stageId, closeDate, amount, createdAt })),
    ).toEqual(
      generated.history.deals.map(({ current: { id, ownerId, stageId, closeDate, amount, createdAt } }) => ({
        id,
        ownerId,
        stageId,
        closeDate,
        amount,
        createdAt,
      })),
    );
    expect(historyRows).toEqual(
      generated.history.deals.flatMap((deal) =>
        deal.history.map(({ opportunityId, field, oldValue, newValue, changedAt }) => ({
          opportunityId,
          field,
          oldValue,
          newValue,
          changedAt,
        })),
      ),
    );
  });

  it('leaves the changes after now undone: deals due later are still open', () => {
    const open = generated.history.deals.filter((deal) => !deal.current.stageId.startsWith('closed-'));
    expect(open.length).toBeGreaterThan(0);
    for (const deal of open) expect(`${deal.current.closeDate}T17:00:00.000Z` >= now).toBe(true);
    for (const deal of generated.history.deals) for (const change of deal.history) expect(change.changedAt <= now).toBe(true);
  });
});
