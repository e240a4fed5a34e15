/**
 * The lead import behind `npm run import -- --leads leads.csv`: read the CSV, send the rows
 * in batches to POST /imports/leads, and sum up what each batch answered. HTTP goes through
 * `send`, so tests drive the real API handler in process. Leads are no part of the pipeline
 * snapshots: nothing is retaken afterwards.
 */
import type { LeadImportResult } from '#core/backfill/import-leads.js';
import { MAX_IMPORT_LEADS } from '#core/backfill/import-leads-rows.js';
import type { ApiRow } from './csv-rows.js';
import { type LeadCsvRejection, rowsOfLeadCsv } from './lead-csv-rows.js';
import { type Counts, ImportRunError, type Send } from './run-import.js';

export const DEFAULT_LEADS_PER_BATCH = 200;

export interface LeadImportOptions {
  readonly leadsPath: string;
  /** @default DEFAULT_LEADS_PER_BATCH */
  readonly leadsPerBatch?: number;
}

export interface LeadProgressState {
  readonly rowsRead: number;
  readonly leadsSent: number;
  readonly leadsTotal: number;
  readonly rejected: number;
}

export interface LeadImportProgress {
  update(state: LeadProgressState): void;
  /** Ends the in-place line before other output. */
  done(): void;
}

export interface LeadImportSummary {
  readonly leads: Counts;
  readonly rejections: readonly LeadCsvRejection[];
  readonly ignoredColumns: readonly string[];
}

export async function runLeadImport(
  options: LeadImportOptions,
  io: { readonly send: Send; readonly progress: LeadImportProgress },
): Promise<LeadImportSummary> {
  const { rows: read, rejections: unreadable, ignoredColumns } = await rowsOfLeadCsv(options.leadsPath);
  const perBatch = Math.min(options.leadsPerBatch ?? DEFAULT_LEADS_PER_BATCH, MAX_IMPORT_LEADS);
  // A lead named twice in the file is a duplicate whichever batches its rows would fall in.
  const { rows, duplicates } = withoutDuplicates(read);
  const rejections: LeadCsvRejection[] = [...unreadable, ...duplicates];
  const leads: Counts = { accepted: 0, unchanged: 0, rejected: rejections.length };
  const rowsRead = read.length + unreadable.length;
  let leadsSent = 0;

  io.progress.update({ rowsRead, leadsSent, leadsTotal: rows.length, rejected: rejections.length });
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const reply = await io.send('POST', '/imports/leads', { leads: batch });
    if (reply.status !== 200)
      throw new ImportRunError(`the API refused a batch (${reply.status}): ${reply.body?.detail ?? JSON.stringify(reply.body)}`);
    const result = reply.body as LeadImportResult;
    leads.accepted += result.leads.accepted;
    leads.unchanged += result.leads.unchanged;
    leads.rejected += result.leads.rejected;
    for (const { row, leadId, reason } of result.rejections) rejections.push({ row, ...(leadId ? { leadId } : {}), reason });
    leadsSent += batch.length;
    io.progress.update({ rowsRead, leadsSent, leadsTotal: rows.length, rejected: rejections.length });
  }
  io.progress.done();
  return { leads, rejections: rejections.sort((a, b) => a.row - b.row), ignoredColumns };
}

function withoutDuplicates(read: readonly ApiRow[]): { rows: ApiRow[]; duplicates: LeadCsvRejection[] } {
  const firstRowOf = new Map<string, number>();
  const rows: ApiRow[] = [];
  const duplicates: LeadCsvRejection[] = [];
  for (const row of read) {
    const id = typeof row.id === 'string' && row.id !== '' ? row.id : undefined;
    const first = id === undefined ? undefined : firstRowOf.get(id);
    if (id !== undefined && first !== undefined) {
      duplicates.push({ row: row.row, leadId: id, reason: `duplicate of row ${first}` });
      continue;
    }
    if (id !== undefined) firstRowOf.set(id, row.row);
    rows.push(row);
  }
  return { rows, duplicates };
}

/** The summary as printed, in the opportunity import's format: counts, ignored columns, each rejection with its file and row. */
export function leadSummaryLines(summary: LeadImportSummary, fileName: string): string[] {
  const { accepted, unchanged, rejected } = summary.leads;
  const lines = [`Leads: ${accepted} accepted, ${unchanged} unchanged, ${rejected} rejected.`];
  if (summary.ignoredColumns.length > 0) lines.push(`Ignored columns of ${fileName}: ${summary.ignoredColumns.join(', ')}.`);
  if (summary.rejections.length > 0) lines.push('Rejected:');
  for (const rejection of summary.rejections)
    lines.push(`  ${fileName} row ${rejection.row}${rejection.leadId ? ` (${rejection.leadId})` : ''}: ${rejection.reason}`);
  if (accepted === 0) lines.push('Nothing written.');
  return lines;
}

export function leadProgressLine({ rowsRead, leadsSent, leadsTotal, rejected }: LeadProgressState): string {
  return `rows read ${rowsRead} · leads sent ${leadsSent}/${leadsTotal} · rejected so far ${rejected}`;
}

/** One line rewritten in place on a terminal, plain lines otherwise (CI logs, a file). */
export function streamLeadProgress(stream: NodeJS.WriteStream): LeadImportProgress {
  let open = false;
  return {
    update: (state) => {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${leadProgressLine(state)}`);
        open = true;
      } else {
        stream.write(`${leadProgressLine(state)}\n`);
      }
    },
    done: () => {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

export const silentLeadProgress: LeadImportProgress = { update: () => undefined, done: () => undefined };
