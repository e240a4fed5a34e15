/**
 * The one set of esbuild options every Lambda is bundled with. `NodeFunction` runs esbuild's
 * JS API with them at synth (node-function.ts) and the bundle report runs the same call
 * (bundle-report.ts), so the sizes reported are the sizes that deploy.
 * No aws-cdk-lib import here: the report must not pay for loading the CDK.
 */
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** Repository root: handler entries, the lock file and tsconfig.json are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every deployed handler module, relative to PROJECT_ROOT. Each exports `handler`. */
export const LAMBDA_ENTRIES = {
  api: 'functions/api/api-lambda.ts',
  stream: 'functions/linkage/stream-lambda.ts',
  reconcile: 'functions/reconcile/reconcile-lambda.ts',
  snapshot: 'functions/pipeline/snapshot-lambda.ts',
  'pipeline-job': 'functions/pipeline/pipeline-job-lambda.ts',
} as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/** Must match the Lambda runtime (lambda.Runtime.NODEJS_22_X) so esbuild never down-levels syntax Node 22 runs natively. */
export const LAMBDA_TARGET = 'node22';

/**
 * ESM output has no `require`, but CommonJS dependencies bundled into it still call it
 * (esbuild's `__require` shim falls back to the global one). This banner provides it.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * Left out of the bundle because the Node 22 Lambda runtime already ships them.
 *
 * `@aws-sdk/*`: the runtime includes AWS SDK v3. Not bundling it keeps every bundle a few
 * hundred KiB smaller, which is most of the cold-start parse time. The price: the deployed
 * code runs on the runtime's SDK version (usually some months older than package.json's), not
 * the one the tests ran on. The handlers use only long-standing DynamoDB/SQS commands, so
 * that is acceptable; to pin the SDK instead, drop this entry and redeploy.
 *
 * `@smithy/*`: the SDK's own internals, shipped alongside it in the runtime. Bundling them
 * next to an external SDK would mix two versions (and break `instanceof` on SDK errors).
 *
 * Everything else, Powertools, middy and zod included, is bundled: the runtime lacks them.
 */
export const EXTERNAL_MODULES: readonly string[] = ['@aws-sdk/*', '@smithy/*'];

/**
 * Prefer packages' ESM builds: smaller, and esbuild can tree-shake them. `main` remains the
 * fallback for CommonJS-only packages (which the banner above makes loadable).
 */
export const MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * Source maps are emitted next to the bundle and applied at run time by
 * NODE_OPTIONS=--enable-source-maps, so stack traces point at the TypeScript. Node needs
 * only the mappings, not the sources, so sourcesContent is off: a smaller deployment package.
 */
export const SOURCE_MAP = true;
export const SOURCES_CONTENT = false;

/** Minified: smaller package, faster to load at cold start; source maps restore readable traces. */
export const MINIFY = true;

/** The entry chunk: the handler module Lambda loads (`index.handler`). */
export const BUNDLE_FILE_NAME = 'index.mjs';

/**
 * Code splitting: what a handler imports with `await import()` (the API's route groups that
 * only some requests need, functions/api/lazy-routes.ts) becomes chunks of its own, loaded on
 * first use, so a cold start loads and parses only the entry chunk and what it imports.
 * Chunks sit in a folder beside it, each with its own source map.
 */
export const SPLITTING = true;
export const CHUNK_NAMES = 'chunks/[name]-[hash]';

/**
 * The esbuild options every Lambda is bundled with, by NodeFunction at synth (into the asset
 * directory) and by the bundle report (in memory): `outdir` is where the files go.
 */
export function lambdaEsbuildOptions(entry: LambdaName, outdir = PROJECT_ROOT): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { [BUNDLE_FILE_NAME.replace(/\.mjs$/, '')]: LAMBDA_ENTRIES[entry] },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: SPLITTING,
    chunkNames: CHUNK_NAMES,
    bundle: true,
    platform: 'node',
    target: LAMBDA_TARGET,
    format: 'esm',
    minify: MINIFY,
    sourcemap: SOURCE_MAP,
    sourcesContent: SOURCES_CONTENT,
    mainFields: [...MAIN_FIELDS],
    banner: { js: ESM_REQUIRE_BANNER },
    external: [...EXTERNAL_MODULES],
  };
}
