/**
 * Bundle-size report (`npm run build:lambdas`): bundles every Lambda entry with esbuild's JS
 * API and the options NodeFunction deploys with (lambda-bundling.ts), in memory, and prints
 * each bundle's minified and gzip size. The size of the JavaScript is what a cold start has
 * to read and parse; the gzip size is roughly what the deployment package weighs.
 */
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_FILE_NAME, LAMBDA_ENTRIES, type LambdaName, lambdaEsbuildOptions } from './lambda-bundling.js';

export interface BundleSize {
  /** The Lambda, as named in LAMBDA_ENTRIES (api, stream, reconcile, snapshot). */
  readonly name: LambdaName;
  /** Minified bundle (index.mjs), without its source map. */
  readonly bytes: number;
  readonly gzipBytes: number;
}

interface BundleMeasurement extends BundleSize {
  readonly metafile: Metafile;
}

async function measureBundle(name: LambdaName): Promise<BundleMeasurement> {
  const result = await build({ ...lambdaEsbuildOptions(name), write: false, metafile: true, logLevel: 'error' });
  const bundle = result.outputFiles.find((file) => file.path.endsWith(`/${BUNDLE_FILE_NAME}`));
  if (!bundle) throw new Error(`esbuild produced no ${BUNDLE_FILE_NAME} for ${name}`);
  return {
    name,
    bytes: bundle.contents.byteLength,
    gzipBytes: gzipSync(bundle.contents, { level: 9 }).byteLength,
    metafile: result.metafile,
  };
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
  return measurements.map(({ name, bytes, gzipBytes }) => ({ name, bytes, gzipBytes }));
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

async function printReport(): Promise<void> {
  const measurements = await measureAll();
  console.log('Lambda bundles (esbuild, options from infra/lambda-bundling.ts)\n');
  console.log(`${'function'.padEnd(12)}${'minified'.padStart(14)}${'gzip'.padStart(14)}`);
  for (const { name, bytes, gzipBytes } of measurements) {
    console.log(`${name.padEnd(12)}${kib(bytes).padStart(14)}${kib(gzipBytes).padStart(14)}`);
  }
  for (const { name, metafile } of measurements) {
    const contributors = largestContributors(metafile, 6)
      .map(({ source, bytes }) => `${source} ${kib(bytes)}`)
      .join(', ');
    console.log(`\n${name}: ${contributors}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printReport();
}
