/**
 * Reading the CSV files of an import: header names of ours or of a CRM export mapped to the
 * API's fields, values converted (amounts from major units with at most 2 decimals to
 * integer minor units, local date-times taken as UTC), each record with its CSV line number.
 * A record that cannot be read or converted is a rejection, not a failure of the run.
 */
import { createReadStream } from 'node:fs';
import { type CsvError, parse } from 'csv-parse';
import { importedFieldOf } from '#core/backfill/history-fields.js';

export type CsvFile = 'opportunities' | 'history';

export interface CsvRejection {
  readonly file: CsvFile;
  readonly row: number;
  readonly opportunityId?: string;
  readonly reason: string;
}

export type ApiRow = Record<string, unknown> & { readonly row: number };

/** Normalised header (lower case, no spaces, underscores or dashes) -> the API's field. */
const OPPORTUNITY_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  opportunityid: 'id',
  name: 'name',
  opportunityname: 'name',
  account: 'account',
  accountname: 'account',
  accountid: 'account',
  ownerid: 'ownerId',
  owner: 'ownerId',
  stageid: 'stageId',
  stagename: 'stageId',
  stage: 'stageId',
  closedate: 'closeDate',
  amount: 'amount',
  probability: 'probability',
  'probability(%)': 'probability',
  createdat: 'createdAt',
  createddate: 'createdAt',
  campaign: 'campaign',
  leadsource: 'leadSource',
  customertype: 'customerType',
  gonogodate: 'goNoGoDate',
  closeplan: 'closePlan',
  discountrationale: 'discountRationale',
  priority: 'priority',
};

const HISTORY_COLUMNS: Readonly<Record<string, string>> = {
  opportunityid: 'opportunityId',
  id: 'opportunityId',
  parentid: 'opportunityId',
  field: 'field',
  oldvalue: 'oldValue',
  newvalue: 'newValue',
  changedat: 'changedAt',
  createddate: 'changedAt',
  editdate: 'changedAt',
  date: 'changedAt',
};

const normalised = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

export function columnOf(file: CsvFile, header: string): string | undefined {
  return (file === 'opportunities' ? OPPORTUNITY_COLUMNS : HISTORY_COLUMNS)[normalised(header)];
}

/** Major units with at most two decimals ("12000", "12000.5", "12000.50") to integer minor units; undefined otherwise. */
export function minorUnitsOf(text: string): number | undefined {
  const match = /^(\d{1,14})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * An instant in UTC (`toISOString()`): one with a zone is converted, a date-time without one
 * ("2016-02-10 14:03:00") or a bare date is taken as UTC. Anything else is sent as is, for
 * the API to reject with the row number.
 */
export function instantOf(text: string): string {
  const value = text.trim();
  const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?$/.exec(value);
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const iso = local ? `${local[1]}T${local[2] ?? '00:00'}Z` : zoned ? value : undefined;
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  // Date.parse rolls 30 February over into March: such a date is left for the API to reject.
  const rolledOver = local !== null && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) !== local[1];
  return Number.isNaN(time) || rolledOver ? value : new Date(time).toISOString();
}

type Converted = { readonly row: ApiRow } | { readonly reason: string };

/** An opportunity record as the API's row; amounts in minor units, empty optional fields left out. */
export function opportunityRowOf(record: Record<string, string>, line: number): Converted {
  const row: Record<string, unknown> = { row: line };
  for (const [field, raw] of Object.entries(record)) {
    const text = raw.trim();
    if (field === 'amount') {
      if (text === '') continue;
      const amount = minorUnitsOf(text);
      if (amount === undefined)
        return { reason: `amount '${text}' is not an amount in major units with at most 2 decimals (e.g. 12000.50)` };
      row.amount = amount;
    } else if (field === 'probability') {
      row.probability = text === '' ? null : /^\d+$/.test(text) ? Number(text) : text;
    } else if (field === 'createdAt') {
      if (text !== '') row.createdAt = instantOf(text);
    } else if (field === 'priority') {
      if (text !== '') row.priority = /^(true|yes|1)$/i.test(text) ? true : /^(false|no|0)$/i.test(text) ? false : text;
    } else if (text !== '' || ['id', 'name', 'account', 'ownerId', 'stageId', 'closeDate'].includes(field)) {
      row[field] = text;
    }
  }
  return { row: row as ApiRow };
}

/** A history record as the API's row: values as the CSV says, amounts converted to minor units. */
export function historyRowOf(record: Record<string, string>, line: number): Converted {
  const row: Record<string, unknown> = { row: line };
  for (const [field, raw] of Object.entries(record)) row[field] = field === 'changedAt' ? instantOf(raw) : raw.trim();
  const isAmount = typeof row.field === 'string' && importedFieldOf(row.field) === 'amount';
  for (const side of ['oldValue', 'newValue'] as const) {
    const text = typeof row[side] === 'string' ? (row[side] as string) : '';
    if (text === '') {
      row[side] = null;
    } else if (isAmount) {
      const amount = minorUnitsOf(text);
      if (amount === undefined)
        return { reason: `${side} '${text}' is not an amount in major units with at most 2 decimals (e.g. 12000.50)` };
      row[side] = amount;
    }
  }
  return { row: row as ApiRow };
}

export interface CsvReadHandlers {
  /** A record with the line it ends on (the header is line 1). */
  onRecord(record: Record<string, string>, line: number): void;
  onRejection(line: number, reason: string): void;
}

/**
 * Streams a CSV file with a header row through csv-parse. Unknown columns are dropped (CRM
 * exports carry many) and returned; a malformed record is skipped and reported.
 */
export async function readCsv(
  path: string,
  /** The field a header names; undefined drops the column. */
  fieldOfHeader: (header: string) => string | undefined,
  handlers: CsvReadHandlers,
): Promise<{ readonly ignoredColumns: readonly string[] }> {
  const ignoredColumns: string[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      info: true,
      skip_records_with_error: true,
      columns: (headers: string[]) =>
        headers.map((header) => {
          const column = fieldOfHeader(header);
          if (!column) ignoredColumns.push(header);
          return column ?? false;
        }),
      on_skip: (error: CsvError | undefined) => {
        handlers.onRejection(
          typeof error?.lines === 'number' ? error.lines : 0,
          `unreadable CSV record: ${error?.message ?? 'unknown error'}`,
        );
        return undefined;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>)
    handlers.onRecord(record, info.lines);
  return { ignoredColumns };
}

/** Reads one file into API rows and rejections. */
export async function rowsOfCsv(
  path: string,
  file: CsvFile,
): Promise<{ rows: ApiRow[]; rejections: CsvRejection[]; ignoredColumns: readonly string[] }> {
  const rows: ApiRow[] = [];
  const rejections: CsvRejection[] = [];
  const convert = file === 'opportunities' ? opportunityRowOf : historyRowOf;
  const idField = file === 'opportunities' ? 'id' : 'opportunityId';
  const { ignoredColumns } = await readCsv(path, (header) => columnOf(file, header), {
    onRecord: (record, line) => {
      const converted = convert(record, line);
      if ('row' in converted) rows.push(converted.row);
      else rejections.push({ file, row: line, ...(record[idField] ? { opportunityId: record[idField] } : {}), reason: converted.reason });
    },
    onRejection: (line, reason) => rejections.push({ file, row: line, reason }),
  });
  return { rows, rejections, ignoredColumns };
}
