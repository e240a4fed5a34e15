import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ApiRow, columnOf, instantOf, minorUnitsOf, rowsOfCsv } from '#local/import/csv-rows.js';
import { importBatches } from '#local/import/import-batches.js';
import { streamProgress } from '#local/import/import-progress.js';
import { type HttpReply, refreshSnapshots } from '#local/import/run-import.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'import');

describe('import CSV: values', () => {
  it('converts major units with at most two decimals to integer minor units, and nothing else', () => {
    expect(['12000', '12000.5', '12000.50', '0.01', ' 7 '].map(minorUnitsOf)).toEqual([1_200_000, 1_200_050, 1_200_050, 1, 700]);
    expect(['12000.505', '12,000', '-5', '1e3', ''].map(minorUnitsOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('takes date-times without a zone as UTC, converts zoned ones, and leaves the rest for the API to reject', () => {
    expect(instantOf('2016-02-10 14:03:00')).toBe('2016-02-10T14:03:00.000Z');
    expect(instantOf('2016-02-10')).toBe('2016-02-10T00:00:00.000Z');
    expect(instantOf('2016-02-10T14:03:00+01:00')).toBe('2016-02-10T13:03:00.000Z');
    expect(instantOf('10/02/2016 14:03')).toBe('10/02/2016 14:03');
    expect(instantOf('2016-02-30 10:00')).toBe('2016-02-30 10:00');
  });

  it('maps our header names and a CRM export’s, ignoring case, spaces and underscores', () => {
    expect(
      ['Opportunity ID', 'id', 'Stage', 'StageName', 'Close Date', 'Created Date', 'Probability (%)'].map((h) =>
        columnOf('opportunities', h),
      ),
    ).toEqual(['id', 'id', 'stageId', 'stageId', 'closeDate', 'createdAt', 'probability']);
    expect(
      ['OpportunityId', 'Opportunity ID', 'Field', 'Old Value', 'NEW_VALUE', 'Edit Date', 'CreatedDate', 'changedAt'].map((h) =>
        columnOf('history', h),
      ),
    ).toEqual(['opportunityId', 'opportunityId', 'field', 'oldValue', 'newValue', 'changedAt', 'changedAt', 'changedAt']);
    expect(columnOf('opportunities', 'Next Step')).toBeUndefined();
  });
});

describe('import CSV: files', () => {
  it('reads the opportunities file with its line numbers, rejecting unconvertible amounts and unreadable records', async () => {
    // Act
    const { rows, rejections, ignoredColumns } = await rowsOfCsv(path.join(FIXTURES, 'opportunities.csv'), 'opportunities');

    // Assess
    expect(rows.map((row) => [row.row, row.id, row.amount, row.probability, row.createdAt])).toEqual([
      [2, 'acme', 1_200_000, null, '2016-01-05T09:00:00.000Z'],
      [3, 'globex', 3_000_000, null, '2016-01-10T09:00:00.000Z'],
    ]);
    expect(rejections.map((r) => [r.row, r.reason.split(':')[0]])).toEqual([
      [4, "amount '12,000.505' is not an amount in major units with at most 2 decimals (e.g. 12000.50)"],
      [5, 'unreadable CSV record'],
    ]);
    expect(ignoredColumns).toEqual(['Next Step']);
  });

  it('reads the history file, converting amounts and keeping other values as the CSV says', async () => {
    const { rows, rejections } = await rowsOfCsv(path.join(FIXTURES, 'history.csv'), 'history');
    expect(rows).toHaveLength(11);
    expect(rows.find((row) => row.row === 6)).toEqual({
      row: 6,
      opportunityId: 'acme',
      field: 'Amount',
      oldValue: 1_000_000,
      newValue: 1_200_000,
      changedAt: '2016-02-10T10:00:00.000Z',
    });
    expect(rows.find((row) => row.row === 10)).toMatchObject({
      field: 'StageName',
      newValue: 'Closed Won',
      changedAt: '2016-02-12T15:00:00.000Z',
    });
    expect(rejections.map((r) => r.row)).toEqual([13]);
  });
});

describe('import batches', () => {
  const deal = (id: string): ApiRow => ({ row: 1, id });
  const change = (opportunityId: string): ApiRow => ({ row: 1, opportunityId, field: 'Amount' });

  it('sends each deal with all its history rows, at most the given number of deals per request', () => {
    const batches = importBatches([deal('a'), deal('b'), deal('c')], [change('c'), change('a'), change('a'), change('stored')], {
      dealsPerBatch: 2,
      maxBytes: 1_000_000,
    });
    expect(batches.map((batch) => [batch.opportunities.map((o) => o.id), batch.history.map((h) => h.opportunityId), batch.deals])).toEqual([
      [['a', 'b'], ['a', 'a'], 2],
      [['c'], ['c', 'stored'], 2],
    ]);
  });

  it('starts a new request before the byte budget is exceeded', () => {
    const batches = importBatches([deal('a'), deal('b'), deal('c')], [], {
      dealsPerBatch: 100,
      maxBytes: 64 + 2 * Buffer.byteLength(`${JSON.stringify(deal('a'))},`),
    });
    expect(batches.map((batch) => batch.deals)).toEqual([2, 1]);
  });
});

describe('import progress and snapshot refresh', () => {
  function capture(isTTY: boolean) {
    let text = '';
    const stream = Object.assign(
      new Writable({
        write: (chunk, _encoding, done) => {
          text += String(chunk);
          done();
        },
      }),
      {
        isTTY,
      },
    ) as unknown as NodeJS.WriteStream;
    return { stream, text: () => text };
  }

  it('rewrites one line on a terminal and prints plain lines otherwise', () => {
    const tty = capture(true);
    const plain = capture(false);
    for (const output of [tty, plain]) {
      const progress = streamProgress(output.stream);
      progress.update({ rowsRead: 10, dealsSent: 0, dealsTotal: 4, rejected: 1 });
      progress.update({ rowsRead: 10, dealsSent: 4, dealsTotal: 4, rejected: 2 });
      progress.done();
    }
    expect(tty.text()).toBe(
      '\r\x1b[2Krows read 10 · deals sent 0/4 · rejected so far 1\r\x1b[2Krows read 10 · deals sent 4/4 · rejected so far 2\n',
    );
    expect(plain.text()).toBe('rows read 10 · deals sent 0/4 · rejected so far 1\nrows read 10 · deals sent 4/4 · rejected so far 2\n');
  });

  it('retries the snapshot refresh after Retry-After while the stream catches up', async () => {
    // Prepare
    const replies: HttpReply[] = [
      { status: 503, headers: { 'retry-after': '3' }, body: { detail: 'catching up' } },
      { status: 503, headers: {}, body: {} },
      { status: 200, headers: {}, body: { snapshots: [{}, {}] } },
    ];
    const sent: unknown[] = [];
    const slept: number[] = [];

    // Act
    const outcome = await refreshSnapshots(
      {
        send: async (_method, pathName, body) => {
          sent.push([pathName, body]);
          return replies.shift() as HttpReply;
        },
        sleep: async (ms) => void slept.push(ms),
      },
      '2016-01-05',
    );

    // Assess
    expect(outcome).toEqual({ ok: true, message: 'snapshots from 2016-01-05 retaken (2 snapshot instant(s))' });
    expect(sent).toEqual(Array(3).fill(['/pipeline/snapshots', { from: '2016-01-05' }]));
    expect(slept).toEqual([3000, 2000]);
  });

  it('gives up on the snapshot refresh after bounded retries, saying how to retake them', async () => {
    const outcome = await refreshSnapshots(
      { send: async () => ({ status: 503, headers: { 'retry-after': '1' }, body: {} }), sleep: async () => undefined },
      '2016-01-05',
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('after 10 attempts');
  });
});
