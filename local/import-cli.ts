/**
 * `npm run import -- --opportunities deals.csv --history history.csv --token JWT [--api URL] [--batch 200] [--skip-snapshots]`:
 * imports existing opportunities with their field history (backfill) through the API,
 * against the running `npm start` by default, as the admin the token names (imports are
 * for sales operations; `--token` or SALES_API_TOKEN).
 * `npm run import -- --leads leads.csv --token JWT`: imports existing leads (a CRM's lead
 * export) through POST /imports/leads, as an admin or marketing.
 * Progress goes to stderr, the summary to stdout. Exit code 0 when the import ran (rejected
 * rows included), 1 on a usage or connection error.
 */
import './quiet-sdk-node-warning.js';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_BATCH_LIMITS } from './import/import-batches.js';
import { streamProgress } from './import/import-progress.js';
import { ImportRunError, runImport, type Send, summaryLines } from './import/run-import.js';
import { leadSummaryLines, runLeadImport, streamLeadProgress } from './import/run-lead-import.js';
import { defaultDataDirectory, readRuntimeFile } from './runtime-file.js';

const USAGE = `usage: npm run import -- --opportunities <file.csv> --history <file.csv> --token <an admin's token> [--api <url>] [--batch 200] [--skip-snapshots] [--data-dir .data]
       npm run import -- --leads <file.csv> --token <an admin's or marketing's token> [--api <url>] [--batch 200] [--data-dir .data]
  locally: --token "$(npm run -s token -- --rep <admin repId> --role admin)"; or set SALES_API_TOKEN`;

class UsageError extends Error {}

/** JSON over fetch; an unreachable API is an ImportRunError (exit code 1). */
function httpSend(baseUrl: string, token: string): Send {
  return async (method, pathName, body) => {
    let response: Response;
    try {
      response = await fetch(new URL(pathName, baseUrl), {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new ImportRunError(
        `cannot reach the API at ${baseUrl}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), body: parsed };
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      opportunities: { type: 'string' },
      history: { type: 'string' },
      leads: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
      batch: { type: 'string', default: String(DEFAULT_BATCH_LIMITS.dealsPerBatch) },
      'skip-snapshots': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  const deals = values.opportunities !== undefined || values.history !== undefined;
  if (!deals && values.leads === undefined) throw new UsageError('give --opportunities and/or --history, or --leads');
  const perBatch = Number(values.batch);
  if (!Number.isInteger(perBatch) || perBatch < 1 || perBatch > 500)
    throw new UsageError('--batch must be a whole number of deals (or leads) from 1 to 500');
  const apiUrl = values.api ?? (await readRuntimeFile(path.resolve(values['data-dir'] ?? (await defaultDataDirectory()))))?.url;
  if (!apiUrl) throw new UsageError('no running `npm start` found: start it, or pass --api URL');
  const token = values.token ?? process.env.SALES_API_TOKEN;
  if (!token) throw new UsageError("give an admin's token (marketing's will do for --leads): --token JWT (or SALES_API_TOKEN)");
  const send = httpSend(apiUrl, token);

  if (deals) await importDeals(values, { send, dealsPerBatch: perBatch });
  if (values.leads !== undefined) {
    const summary = await runLeadImport(
      { leadsPath: values.leads, leadsPerBatch: perBatch },
      { send, progress: streamLeadProgress(process.stderr) },
    );
    for (const line of leadSummaryLines(summary, path.basename(values.leads))) console.log(line);
  }
}

async function importDeals(
  values: { readonly opportunities?: string | undefined; readonly history?: string | undefined; readonly 'skip-snapshots': boolean },
  { send, dealsPerBatch }: { readonly send: Send; readonly dealsPerBatch: number },
): Promise<void> {
  const summary = await runImport(
    {
      opportunitiesPath: values.opportunities,
      historyPath: values.history,
      limits: { ...DEFAULT_BATCH_LIMITS, dealsPerBatch },
      skipSnapshots: values['skip-snapshots'],
    },
    { send, progress: streamProgress(process.stderr), sleep: (ms) => sleep(ms) },
  );
  const names = {
    opportunities: path.basename(values.opportunities ?? 'opportunities'),
    history: path.basename(values.history ?? 'history'),
  };
  for (const line of summaryLines(summary, names)) console.log(line);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const badArguments = error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  if (error instanceof UsageError || badArguments) console.error(`${error.message}\n${USAGE}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
