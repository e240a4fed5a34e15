/**
 * The import command's run against the real API handler in process (DynamoDB Local and the
 * stream behind it): CSV fixtures in a CRM's format, batches, summary, re-import.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '#local/import/import-progress.js';
import { type ImportOptions, type ImportSummary, runImport, type Send, summaryLines } from '#local/import/run-import.js';
import { type Engine, engineOnNewTable } from '../support/engine-on-table.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'import');
const SETUP_AT = '2016-01-04T09:00:00.000Z';

let engine: Engine;
let requests = 0;

const send: Send = async (method, pathName, body) => {
  requests++;
  return engine.api({ method, path: pathName, body });
};

const options: ImportOptions = {
  opportunitiesPath: path.join(FIXTURES, 'opportunities.csv'),
  historyPath: path.join(FIXTURES, 'history.csv'),
  limits: { dealsPerBatch: 1, maxBytes: 900 * 1024 },
  skipSnapshots: true,
};

const run = (): Promise<ImportSummary> => runImport(options, { send, progress: silentProgress, sleep: async () => undefined });

beforeAll(async () => {
  engine = await engineOnNewTable('import-cli', SETUP_AT);
  await engine.put('/teams/company', { name: 'Acme Software Ltd', parentTeamId: null }, SETUP_AT);
  await engine.put('/reps/dave', { name: 'Dave Apthorp', email: 'dave@example.com', teamId: 'company' }, SETUP_AT);
  engine.clock.set('2016-06-01T00:00:00.000Z');
}, 60_000);

afterAll(async () => {
  await engine?.stop();
});

describe('npm run import (in process)', () => {
  it('imports the CSV files in batches and reports every rejection with its file and row', async () => {
    // Act
    const summary = await run();
    await engine.settle();

    // Assess
    expect(requests).toBe(3); // acme, globex, and the history of the unknown deal 'ghost'
    expect(summary.opportunities).toEqual({ accepted: 2, unchanged: 0, rejected: 2 });
    expect(summary.history).toEqual({ accepted: 8, unchanged: 0, rejected: 4 });
    expect(summary.snapshotsStaleFrom).toBe('2016-01-05T09:00:00.000Z');
    const lines = summaryLines(summary, { opportunities: 'opportunities.csv', history: 'history.csv' });
    expect(lines.filter((line) => line.startsWith('  '))).toEqual([
      "  opportunities.csv row 4 (initech): amount '12,000.505' is not an amount in major units with at most 2 decimals (e.g. 12000.50)",
      '  opportunities.csv row 5: unreadable CSV record: Invalid Record Length: columns length is 10, got 11 on line 5',
      "  history.csv row 9 (acme): field 'NextStep' is not tracked (tracked: stageId/StageName, closeDate/CloseDate, amount/Amount, probability/Probability, ownerId/Owner/OwnerId)",
      "  history.csv row 11 (ghost): unknown deal 'ghost': not in this import nor stored",
      '  history.csv row 12 (acme): duplicate of row 7',
      "  history.csv row 13 (acme): oldValue '10000.123' is not an amount in major units with at most 2 decimals (e.g. 12000.50)",
    ]);
    const acme = await engine.api({ method: 'GET', path: '/opportunities/acme?asOf=2016-05-01T00:00:00Z' });
    expect(acme.body.opportunity).toMatchObject({ stageId: 'negotiation', amount: 1_200_000, version: 6 });
    expect(acme.body.quality).toMatchObject({ closeMonthExtensions: 2, lastStageChangeAt: '2016-03-15T10:00:00.000Z' });
  });

  it('counts everything as unchanged when the same files are imported again', async () => {
    const summary = await run();
    expect(summary.opportunities).toEqual({ accepted: 0, unchanged: 2, rejected: 2 });
    expect(summary.history).toEqual({ accepted: 0, unchanged: 8, rejected: 4 });
    expect(summary.snapshotsStaleFrom).toBeNull();
    expect(summaryLines(summary, { opportunities: 'o.csv', history: 'h.csv' })).toContain('Nothing written: past snapshots unchanged.');
  });
});
