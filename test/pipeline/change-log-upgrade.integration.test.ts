/**
 * The change-log upgrade run by every `reconcile --repair`: it scans the table only until the
 * change log is marked complete. After that every writer indexes its own rows, so a run reads
 * the mark and stops, unless forced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeChangeLog } from '#functions/pipeline/change-log-upgrade.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { fixedClock } from '../support/fixed-clock.js';
import { ReadMeter } from '../support/read-meter.js';

let table: TestTable;
let deps: Dependencies;
let meter: ReadMeter;

beforeAll(async () => {
  table = await createTestTable('change-log-upgrade');
  deps = table.dependencies(fixedClock('2026-03-01T00:00:00.000Z'));
  meter = new ReadMeter();
  meter.instrument(table.documentClient);
});
afterAll(async () => {
  await table?.delete();
});

describe('the change-log upgrade', () => {
  it('scans once, then only reads its mark, and scans again when forced', async () => {
    meter.take();
    expect((await completeChangeLog(deps, { segments: 2 })).alreadyComplete).toBe(false);
    expect(meter.take().byOperation.Scan).toBeGreaterThan(0);

    expect(await completeChangeLog(deps, { segments: 2 })).toEqual({
      historyIndexed: 0,
      creationsWritten: 0,
      invalidItems: 0,
      alreadyComplete: true,
    });
    const second = meter.take();
    expect(second.byOperation.Scan ?? 0).toBe(0);
    expect(second.requests).toBe(1);

    expect((await completeChangeLog(deps, { segments: 2, force: true })).alreadyComplete).toBe(false);
    expect(meter.take().byOperation.Scan).toBeGreaterThan(0);
  });
});
