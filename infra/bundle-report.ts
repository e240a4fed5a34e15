/**
 * Bundle report (`npm run build:lambdas`): bundles every Lambda entry with esbuild's JS API and
 * the options NodeFunction deploys with (lambda-bundling.ts) and prints, per function, the
 * entry chunk (index.mjs: what a cold start loads) and all chunks together (what the package
 * holds; the other chunks load on first use), minified and gzip, and the time a fresh Node
 * process takes to import the entry chunk (median of several processes). The size of the
 * JavaScript is what a cold start has to read and parse; gzip is roughly the package weight.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_FILE_NAME, LAMBDA_ENTRIES, type LambdaName, lambdaEsbuildOptions, PROJECT_ROOT } from './lambda-bundling.js';

export interface BundleSize {
  /** The Lambda, as named in LAMBDA_ENTRIES (api, stream, reconcile, snapshot). */
  readonly name: LambdaName;
  /** Minified entry chunk (index.mjs), without its source map. */
  readonly bytes: number;
  /** The entry chunk and the chunks it imports statically, transitively: what a cold start loads and parses. */
  readonly coldStartBytes: number;
  /** The same, each file gzipped. */
  readonly gzipBytes: number;
  /** Every JavaScript file of the asset (entry and lazily loaded chunks), without source maps. */
  readonly totalBytes: number;
  readonly files: number;
}

export interface ImportTime {
  readonly name: LambdaName;
  /** Median over `runsMs`: one fresh Node process each. */
  readonly medianMs: number;
  readonly runsMs: readonly number[];
}

/** The command that prints these figures; the benchmark prints it beside them. */
export const BUNDLE_REPORT_COMMAND = 'npm run build:lambdas';

/** Fresh processes per import-time figure. */
export const IMPORT_TIME_RUNS = 5;

/**
 * Where the bundles are written to time their import: inside the project, so that the
 * packages left to the runtime (the AWS SDK) resolve from node_modules as they do on Lambda.
 */
const IMPORT_TIME_DIRECTORY = join(PROJECT_ROOT, 'node_modules', '.cache', 'lambda-import-time');

/**
 * What the handlers read from the environment at import (a missing one fails the cold start),
 * and the NODE_OPTIONS they deploy with: source maps are part of what a cold start loads.
 */
const IMPORT_ENVIRONMENT = {
  NODE_OPTIONS: '--enable-source-maps',
  TABLE_NAME: 'import-time',
  FAILURE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/import-time',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'import-time',
  AWS_SECRET_ACCESS_KEY: 'import-time',
  POWERTOOLS_SERVICE_NAME: 'import-time',
  POWERTOOLS_METRICS_NAMESPACE: 'import-time',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

/** Run as an ES module in a fresh process: the milliseconds `await import()` of the entry took. */
const IMPORT_SCRIPT = `const startedAt = performance.now();
const module = await import(process.env.BUNDLE_URL);
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(String(performance.now() - startedAt));`;

interface BundleMeasurement extends BundleSize {
  readonly metafile: Metafile;
}

const isJavaScript = (path: string) => path.endsWith('.mjs') || path.endsWith('.js');

async function measureBundle(name: LambdaName): Promise<BundleMeasurement> {
  const result = await build({ ...lambdaEsbuildOptions(name), write: false, metafile: true, logLevel: 'error' });
  const javaScript = result.outputFiles.filter((file) => isJavaScript(file.path));
  const entry = javaScript.find((file) => file.path.endsWith(`/${BUNDLE_FILE_NAME}`));
  if (!entry) throw new Error(`esbuild produced no ${BUNDLE_FILE_NAME} for ${name}`);
  const coldStart = staticClosure(result.metafile, relative(PROJECT_ROOT, entry.path)).map((path) => {
    const file = javaScript.find((candidate) => relative(PROJECT_ROOT, candidate.path) === path);
    if (!file) throw new Error(`${name}: no output ${path}`);
    return file.contents;
  });
  return {
    name,
    bytes: entry.contents.byteLength,
    coldStartBytes: coldStart.reduce((sum, contents) => sum + contents.byteLength, 0),
    gzipBytes: coldStart.reduce((sum, contents) => sum + gzipSync(contents, { level: 9 }).byteLength, 0),
    totalBytes: javaScript.reduce((sum, file) => sum + file.contents.byteLength, 0),
    files: javaScript.length,
    metafile: result.metafile,
  };
}

/** The output and every output it imports statically, transitively (dynamic imports load later). */
function staticClosure(metafile: Metafile, entryPath: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryPath);
  return [...seen];
}

/** Bundles every Lambda entry, one after the other (two cores; esbuild is already parallel). */
async function measureAll(): Promise<BundleMeasurement[]> {
  const measurements: BundleMeasurement[] = [];
  for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
    measurements.push(await measureBundle(name));
  }
  return measurements;
}

/** Sizes of the bundles exactly as NodeFunction deploys them. Used by the benchmark. */
export async function measureBundles(): Promise<BundleSize[]> {
  const measurements = await measureAll();
  return measurements.map(({ metafile: _metafile, ...size }) => size);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Writes each bundle (all its chunks) to disk and imports its entry in `runs` fresh Node
 * processes, one after the other: a cold start's module loading, without Lambda's own init.
 */
export async function measureImportTimes(runs = IMPORT_TIME_RUNS): Promise<ImportTime[]> {
  const times: ImportTime[] = [];
  for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
    const directory = join(IMPORT_TIME_DIRECTORY, name);
    await rm(directory, { recursive: true, force: true });
    await mkdir(directory, { recursive: true });
    await build({ ...lambdaEsbuildOptions(name, directory), logLevel: 'error' });
    const bundleUrl = pathToFileURL(join(directory, BUNDLE_FILE_NAME)).href;
    const runsMs: number[] = [];
    for (let run = 0; run < runs; run++) runsMs.push(importOnce(name, bundleUrl));
    times.push({ name, medianMs: median(runsMs), runsMs });
  }
  await rm(IMPORT_TIME_DIRECTORY, { recursive: true, force: true });
  return times;
}

function importOnce(name: LambdaName, bundleUrl: string): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', ...IMPORT_ENVIRONMENT, BUNDLE_URL: bundleUrl },
    encoding: 'utf8',
  });
  const ms = Number(child.stdout);
  if (child.status !== 0 || !Number.isFinite(ms)) throw new Error(`importing the ${name} bundle failed: ${child.stderr || child.stdout}`);
  return ms;
}

/** The packages (or first-party folders) that contribute most to a bundle, by output bytes. */
function largestContributors(metafile: Metafile, count: number): Array<{ source: string; bytes: number }> {
  const bytesBySource = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const source = sourceOf(input);
      bytesBySource.set(source, (bytesBySource.get(source) ?? 0) + bytesInOutput);
    }
  }
  return [...bytesBySource.entries()]
    .map(([source, bytes]) => ({ source, bytes }))
    .sort((left, right) => right.bytes - left.bytes)
    .slice(0, count);
}

/** `node_modules/@scope/package/...` -> `@scope/package`; `core/shared/money.ts` -> `core/`. */
function sourceOf(input: string): string {
  const packagePath = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (packagePath?.[1]) return packagePath[1];
  const firstFolder = input.split('/')[0];
  return firstFolder ? `${firstFolder}/` : input;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** The table both `npm run build:lambdas` and the benchmark print. */
export function formatBundleTable(sizes: readonly BundleSize[], importTimes: readonly ImportTime[]): string[] {
  const widths = [12, 12, 14, 12, 14, 7, 16];
  const row = (cells: readonly string[]) =>
    cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0))).join('');
  const lines = [row(['function', 'index.mjs', 'cold start', 'gzip', 'all chunks', 'files', 'import, median'])];
  for (const size of sizes) {
    const time = importTimes.find((entry) => entry.name === size.name);
    lines.push(
      row([
        size.name,
        kib(size.bytes),
        kib(size.coldStartBytes),
        kib(size.gzipBytes),
        kib(size.totalBytes),
        String(size.files),
        time ? `${time.medianMs.toFixed(1)} ms` : '-',
      ]),
    );
  }
  return lines;
}

async function printReport(): Promise<void> {
  const measurements = await measureAll();
  const importTimes = await measureImportTimes();
  console.log(`Lambda bundles (esbuild, options from infra/lambda-bundling.ts); command: ${BUNDLE_REPORT_COMMAND}`);
  console.log(
    `minified; cold start = index.mjs and the chunks it imports statically (the rest load on first use), gzip of those; import = \`await import()\` of it in a fresh Node process (NODE_OPTIONS=--enable-source-maps, AWS SDK from node_modules), median of ${IMPORT_TIME_RUNS}\n`,
  );
  for (const line of formatBundleTable(measurements, importTimes)) console.log(line);
  for (const { name, metafile } of measurements) {
    const contributors = largestContributors(metafile, 6)
      .map(({ source, bytes }) => `${source} ${kib(bytes)}`)
      .join(', ');
    console.log(`\n${name} (all chunks): ${contributors}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printReport();
}
