/**
 * Reading the leads CSV of an import: header names of ours or of a CRM's lead export mapped
 * to the fields of POST /imports/leads (any case; First Name and Last Name joined when there
 * is no Name column), date-times without a zone taken as UTC, each record with its CSV line
 * number. Status and source names are sent as written: the API resolves them by id or name
 * and rejects what names none, with the row number. A record that cannot be read is a
 * rejection, not a failure of the run.
 */
import { type ApiRow, instantOf, readCsv } from './csv-rows.js';

export interface LeadCsvRejection {
  readonly row: number;
  readonly leadId?: string;
  readonly reason: string;
}

/** Normalised header (lower case, no spaces, underscores or dashes) -> the API's field. */
const LEAD_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  leadid: 'id',
  name: 'name',
  fullname: 'name',
  leadname: 'name',
  firstname: 'firstName',
  lastname: 'lastName',
  company: 'company',
  companyname: 'company',
  account: 'company',
  email: 'email',
  emailaddress: 'email',
  leadsource: 'source',
  source: 'source',
  campaign: 'campaignId',
  campaignid: 'campaignId',
  owner: 'ownerId',
  ownerid: 'ownerId',
  leadowner: 'ownerId',
  status: 'status',
  leadstatus: 'status',
  createddate: 'createdAt',
  createdat: 'createdAt',
};

export function leadColumnOf(header: string): string | undefined {
  return LEAD_COLUMNS[
    header
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '')
  ];
}

/** A lead record as the API's row: empty email and campaign are none, empty status the default (open). */
export function leadRowOf(record: Readonly<Record<string, string>>, line: number): ApiRow {
  const row: Record<string, unknown> = { row: line };
  const { firstName, lastName, ...fields } = record;
  for (const [field, raw] of Object.entries(fields)) {
    const text = raw.trim();
    if (field === 'createdAt') {
      if (text !== '') row.createdAt = instantOf(text);
    } else if (field === 'email' || field === 'campaignId') {
      row[field] = text === '' ? null : text;
    } else if (text !== '' || ['id', 'name', 'company', 'source', 'ownerId'].includes(field)) {
      row[field] = text;
    }
  }
  const joined = [firstName, lastName].map((part) => (part ?? '').trim()).filter((part) => part !== '');
  if (row.name === undefined && joined.length > 0) row.name = joined.join(' ');
  return row as ApiRow;
}

/**
 * Reads a leads CSV into API rows (readCsv: unknown columns dropped and returned, a
 * malformed record rejected with its line).
 */
export async function rowsOfLeadCsv(
  path: string,
): Promise<{ rows: ApiRow[]; rejections: LeadCsvRejection[]; ignoredColumns: readonly string[] }> {
  const rows: ApiRow[] = [];
  const rejections: LeadCsvRejection[] = [];
  const { ignoredColumns } = await readCsv(path, leadColumnOf, {
    onRecord: (record, line) => rows.push(leadRowOf(record, line)),
    onRejection: (line, reason) => rejections.push({ row: line, reason }),
  });
  return { rows, rejections, ignoredColumns };
}
