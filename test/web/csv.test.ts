import { describe, expect, it } from 'vitest';
import type { ChartTable } from '#web/app/charts/chart-model.js';
import { tableToCsv } from '#web/app/format/csv.js';

const columns: ChartTable['columns'] = [
  { key: 'deal', label: 'Deal', kind: 'text' },
  { key: 'month', label: 'Close month', kind: 'month' },
  { key: 'closeDate', label: 'Close date', kind: 'date' },
  { key: 'amount', label: 'Amount', kind: 'money' },
  { key: 'attainment', label: 'Attainment', kind: 'ratio' },
  { key: 'probability', label: 'Probability', kind: 'percent' },
  { key: 'count', label: 'Deals', kind: 'count' },
  { key: 'days', label: 'Days open', kind: 'days' },
];

describe('tableToCsv', () => {
  it('writes a header of labels, then money in major units, ratios as fractions, months and dates as the API does', () => {
    const csv = tableToCsv({
      currency: 'GBP',
      columns,
      rows: [
        {
          deal: 'Globex licence',
          month: '2016-02',
          closeDate: '2016-02-20',
          amount: 2_500_000,
          attainment: 0.8734,
          probability: 75,
          count: 1,
          days: 76,
        },
        { deal: 'Refund', month: '2016-02', closeDate: '2016-02-21', amount: -5, attainment: null, probability: 10, count: 0, days: 0 },
      ],
    });
    expect(csv).toBe(
      'Deal,Close month,Close date,Amount,Attainment,Probability,Deals,Days open\r\n' +
        'Globex licence,2016-02,2016-02-20,25000.00,0.8734,75,1,76\r\n' +
        'Refund,2016-02,2016-02-21,-0.05,,10,0,0\r\n',
    );
  });

  it('uses the decimals of the currency: none for yen, three for dinars', () => {
    const table = (currency: string): ChartTable => ({
      currency,
      columns: [{ key: 'amount', label: 'Amount', kind: 'money' }],
      rows: [{ amount: 470_000 }],
    });
    expect(tableToCsv(table('JPY'))).toBe('Amount\r\n470000\r\n');
    expect(tableToCsv(table('BHD'))).toBe('Amount\r\n470.000\r\n');
    expect(tableToCsv(table('USD'))).toBe('Amount\r\n4700.00\r\n');
  });

  it('quotes fields with commas, double quotes or line breaks (RFC 4180), and only those', () => {
    const csv = tableToCsv({
      columns: [
        { key: 'name', label: 'Deal, name', kind: 'text' },
        { key: 'account', label: 'Account', kind: 'text' },
      ],
      rows: [
        { name: 'Stark Industries, phase 2', account: 'The "Big" one' },
        { name: 'Two\nlines', account: 'Carriage\rreturn' },
        { name: 'Plain', account: '' },
      ],
    });
    expect(csv).toBe(
      '"Deal, name",Account\r\n' +
        '"Stark Industries, phase 2","The ""Big"" one"\r\n' +
        '"Two\nlines","Carriage\rreturn"\r\n' +
        'Plain,\r\n',
    );
  });

  it('keeps a spreadsheet from running a text cell as a formula, and leaves numbers alone', () => {
    const csv = tableToCsv({
      currency: 'GBP',
      columns: [
        { key: 'name', label: 'Deal', kind: 'text' },
        { key: 'amount', label: 'Amount', kind: 'money' },
      ],
      rows: [
        { name: '=HYPERLINK("http://x","y")', amount: -100 },
        { name: '+44 sales', amount: 0 },
        { name: '@mention', amount: 1 },
      ],
    });
    expect(csv.split('\r\n')).toEqual(['Deal,Amount', `"'=HYPERLINK(""http://x"",""y"")",-1.00`, "'+44 sales,0.00", "'@mention,0.01", '']);
  });

  it('refuses money without a currency rather than guess its decimals', () => {
    expect(() => tableToCsv({ columns: [{ key: 'amount', label: 'Amount', kind: 'money' }], rows: [{ amount: 1 }] })).toThrow(/currency/);
    expect(tableToCsv({ columns: [{ key: 'amount', label: 'Amount', kind: 'money' }], rows: [{ amount: null }] })).toBe('Amount\r\n\r\n');
  });
});
