/**
 * The import run behind `npm run import`: read the CSV files, send the deals in batches to
 * POST /imports/opportunities, then ask POST /pipeline/snapshots to retake the past
 * snapshots from the earliest instant written (retrying while the stream catches up).
 * HTTP goes through `send`, so tests drive the real API handler in process.
 */
import type { ImportResult } from '#core/backfill/import-opportunities.js';
import { type ApiRow, type CsvFile, type CsvRejection, rowsOfCsv } from './csv-rows.js';
import { type BatchLimits, importBatches } from './import-batches.js';
import type { ImportProgress } from './import-progress.js';

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, whatever the route answered: read with checks. */
  // biome-ignore lint/suspicious/noExplicitAny: an HTTP reply's JSON body, narrowed where it is read
  readonly body: any;
}

export type Send = (method: 'POST', path: string, body: unknown) => Promise<HttpReply>;

export interface ImportOptions {
  readonly opportunitiesPath?: string | undefined;
  readonly historyPath?: string | undefined;
  readonly limits: BatchLimits;
  readonly skipSnapshots: boolean;
}

export interface ImportIo {
  readonly send: Send;
  readonly progress: ImportProgress;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

export interface Counts {
  accepted: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary {
  readonly opportunities: Counts;
  readonly history: Counts;
  readonly rejections: readonly CsvRejection[];
  readonly ignoredColumns: Readonly<Record<CsvFile, readonly string[]>>;
  readonly snapshotsStaleFrom: string | null;
  /** What the snapshot refresh did; undefined when skipped or nothing was written. */
  readonly snapshots?: { readonly ok: boolean; readonly message: string };
}

/** Fails the run (exit code 1): the API cannot be reached or refuses a whole request. */
export class ImportRunError extends Error {
  override readonly name = 'ImportRunError';
}

const FILE_ORDER: Readonly<Record<CsvFile, number>> = { opportunities: 0, history: 1 };
const SNAPSHOT_ATTEMPTS = 10;
const MAX_RETRY_AFTER_SECONDS = 30;

async function read(path: string | undefined, file: CsvFile) {
  return path === undefined
    ? { rows: [] as ApiRow[], rejections: [] as CsvRejection[], ignoredColumns: [] as string[] }
    : rowsOfCsv(path, file);
}

export async function runImport(options: ImportOptions, io: ImportIo): Promise<ImportSummary> {
  const [opportunities, history] = await Promise.all([
    read(options.opportunitiesPath, 'opportunities'),
    read(options.historyPath, 'history'),
  ]);
  const rejections: CsvRejection[] = [...opportunities.rejections, ...history.rejections];
  const batches = importBatches(opportunities.rows, history.rows, options.limits);
  const rowsRead = opportunities.rows.length + history.rows.length + rejections.length;
  const dealsTotal = batches.reduce((sum, batch) => sum + batch.deals, 0);
  const totals = {
    opportunities: { accepted: 0, unchanged: 0, rejected: opportunities.rejections.length },
    history: { accepted: 0, unchanged: 0, rejected: history.rejections.length },
  };
  let staleFrom: string | null = null;
  let dealsSent = 0;

  io.progress.update({ rowsRead, dealsSent, dealsTotal, rejected: rejections.length });
  for (const batch of batches) {
    const reply = await io.send('POST', '/imports/opportunities', { opportunities: batch.opportunities, history: batch.history });
    if (reply.status !== 200)
      throw new ImportRunError(`the API refused a batch (${reply.status}): ${reply.body?.detail ?? JSON.stringify(reply.body)}`);
    const result = reply.body as ImportResult;
    for (const source of ['opportunities', 'history'] as const) {
      totals[source].accepted += result[source].accepted;
      totals[source].unchanged += result[source].unchanged;
      totals[source].rejected += result[source].rejected;
    }
    for (const rejection of result.rejections) {
      rejections.push({
        file: rejection.source,
        row: rejection.row,
        ...(rejection.opportunityId ? { opportunityId: rejection.opportunityId } : {}),
        reason: rejection.reason,
      });
    }
    if (result.snapshotsStaleFrom !== null && (staleFrom === null || Date.parse(result.snapshotsStaleFrom) < Date.parse(staleFrom)))
      staleFrom = result.snapshotsStaleFrom;
    dealsSent += batch.deals;
    io.progress.update({ rowsRead, dealsSent, dealsTotal, rejected: rejections.length });
  }
  io.progress.done();

  const summary: ImportSummary = {
    ...totals,
    rejections: rejections.sort((a, b) => FILE_ORDER[a.file] - FILE_ORDER[b.file] || a.row - b.row),
    ignoredColumns: { opportunities: opportunities.ignoredColumns, history: history.ignoredColumns },
    snapshotsStaleFrom: staleFrom,
  };
  if (options.skipSnapshots || staleFrom === null) return summary;
  return { ...summary, snapshots: await refreshSnapshots(io, staleFrom.slice(0, 10)) };
}

/** Retakes the snapshots from a date; 503 + Retry-After means the stream is still recording the import. */
export async function refreshSnapshots(io: Pick<ImportIo, 'send' | 'sleep'>, from: string): Promise<{ ok: boolean; message: string }> {
  for (let attempt = 1; ; attempt++) {
    const reply = await io.send('POST', '/pipeline/snapshots', { from });
    if (reply.status >= 200 && reply.status < 300) {
      const taken = Array.isArray(reply.body?.snapshots) ? reply.body.snapshots.length : 0;
      return { ok: true, message: `snapshots from ${from} retaken (${taken} snapshot instant(s))` };
    }
    if (reply.status !== 503 || attempt >= SNAPSHOT_ATTEMPTS) {
      const why =
        reply.status === 503
          ? `the stream was still catching up after ${attempt} attempts`
          : `${reply.status} ${reply.body?.detail ?? ''}`.trim();
      return {
        ok: false,
        message: `snapshots from ${from} not retaken: ${why}; run POST /pipeline/snapshots with {"from":"${from}"} later`,
      };
    }
    const retryAfter = Number(reply.headers['retry-after']);
    await io.sleep(1000 * Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 2, MAX_RETRY_AFTER_SECONDS));
  }
}

/** The summary as printed: counts, ignored columns, each rejection with its file and row. */
export function summaryLines(summary: ImportSummary, fileNames: Readonly<Record<CsvFile, string>>): string[] {
  const counts = (c: Counts) => `${c.accepted} accepted, ${c.unchanged} unchanged, ${c.rejected} rejected`;
  const lines = [`Opportunities: ${counts(summary.opportunities)}.`, `History rows:  ${counts(summary.history)}.`];
  for (const file of ['opportunities', 'history'] as const) {
    if (summary.ignoredColumns[file].length > 0)
      lines.push(`Ignored columns of ${fileNames[file]}: ${summary.ignoredColumns[file].join(', ')}.`);
  }
  if (summary.rejections.length > 0) lines.push('Rejected:');
  for (const rejection of summary.rejections) {
    lines.push(
      `  ${fileNames[rejection.file]} row ${rejection.row}${rejection.opportunityId ? ` (${rejection.opportunityId})` : ''}: ${rejection.reason}`,
    );
  }
  if (summary.snapshots) lines.push(`Snapshots: ${summary.snapshots.message}.`);
  else if (summary.snapshotsStaleFrom === null) lines.push('Nothing written: past snapshots unchanged.');
  else
    lines.push(
      `Snapshots not retaken (--skip-snapshots): POST /pipeline/snapshots with {"from":"${summary.snapshotsStaleFrom.slice(0, 10)}"} when ready.`,
    );
  return lines;
}
