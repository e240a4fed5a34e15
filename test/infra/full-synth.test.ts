/**
 * The one infra test that synthesizes like `cdk synth` (the others skip bundling and template
 * validation to stay fast): CDK runs the local esbuild for each function and the dashboard's
 * build CLI, with Docker made unusable so a fallback would fail, and validates the templates
 * against its default rules.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureBundles } from '#infra/bundle-report.js';
import { ESM_REQUIRE_BANNER, LAMBDA_ENTRIES, type LambdaName } from '#infra/lambda-bundling.js';
import type { NodeFunction } from '#infra/node-function.js';
import type { StatelessStack } from '#infra/stateless-stack.js';
import { customResourceOf, logicalIdOf, type SynthesizedApp, synthesizeApp } from './synthesized-app.js';

/** Every deployed function, by its LAMBDA_ENTRIES name: a new entry without a function here fails to type-check. */
const FUNCTIONS: Record<LambdaName, (stack: StatelessStack) => NodeFunction> = {
  api: (stack) => stack.apiFunction,
  stream: (stack) => stack.streamFunction,
  reconcile: (stack) => stack.reconcileFunction,
  snapshot: (stack) => stack.scheduledSnapshots.function,
  'pipeline-job': (stack) => stack.pipelineJobs.worker,
};

describe('full synth: local esbuild bundling (no Docker), template validation', () => {
  let app: SynthesizedApp;
  const dockerBefore = process.env.CDK_DOCKER;

  /** The staged asset directory of a function, found through its S3 key (`<asset hash>.zip`). */
  const assetDirectoryOf = (name: LambdaName): string => {
    const lambdaFunction = FUNCTIONS[name](app.stateless);
    const code = app.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(lambdaFunction)]?.Properties.Code;
    return join(app.assembly.directory, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
  };
  const bundleOf = (name: LambdaName): string => readFileSync(join(assetDirectoryOf(name), 'index.mjs'), 'utf8');

  beforeAll(() => {
    // CDK runs $CDK_DOCKER for every Docker call: pointing it nowhere makes any Docker bundling fail.
    process.env.CDK_DOCKER = join(tmpdir(), 'docker-must-not-be-used');
    app = synthesizeApp({ bundle: true, validate: true });
  });

  afterAll(() => {
    if (dockerBefore === undefined) delete process.env.CDK_DOCKER;
    else process.env.CDK_DOCKER = dockerBefore;
    if (app) rmSync(app.assembly.directory, { recursive: true, force: true });
  });

  it.each(Object.keys(FUNCTIONS) as LambdaName[])('bundles %s into index.mjs with a linked source map', (name) => {
    const directory = assetDirectoryOf(name);

    expect(existsSync(join(directory, 'index.mjs'))).toBe(true);
    expect(existsSync(join(directory, 'index.mjs.map'))).toBe(true);
    expect(bundleOf(name).trimEnd()).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map$/);
  });

  it.each(Object.keys(FUNCTIONS) as LambdaName[])('%s is an ES module with the require shim, exporting handler', (name) => {
    const bundle = bundleOf(name);

    expect(bundle.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
  });

  it.each(Object.keys(FUNCTIONS) as LambdaName[])('%s leaves the AWS SDK to the runtime: only imports name it', (name) => {
    const bundle = bundleOf(name);
    const mentions = bundle.match(/@aws-sdk\//g)?.length ?? 0;
    const imports = bundle.match(/(?:from|import)\s*["']@aws-sdk\/[^"']+["']/g)?.length ?? 0;

    expect(mentions).toBe(imports);
  });

  it('builds the dashboard on this machine into one asset both deployment steps copy: index.html loading hashed modules', () => {
    const [assetsKey, documentsKey] = (['assets', 'documents'] as const).map(
      (step) => customResourceOf(app.statelessTemplate, app.stateless.dashboardDeployment[step]).Properties.SourceObjectKeys[0] as string,
    );
    const directory = join(app.assembly.directory, `asset.${String(assetsKey).replace(/\.zip$/, '')}`);

    expect(documentsKey).toBe(assetsKey);
    expect(readFileSync(join(directory, 'index.html'), 'utf8')).toMatch(
      /<script type="module" src="\/assets\/app-[A-Z0-9]+\.js"><\/script>/,
    );
    expect(readdirSync(join(directory, 'assets')).filter((file) => /^app-[A-Z0-9]+\.js$/.test(file))).toHaveLength(1);
  });

  it('passes CloudFormation template validation without findings', () => {
    const report = JSON.parse(readFileSync(join(app.assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ violations?: unknown[] }>;
    };

    expect(report.pluginReports.flatMap((pluginReport) => pluginReport.violations ?? [])).toEqual([]);
  });

  it('measureBundles reports exactly the sizes CDK deploys', async () => {
    const measured = await measureBundles();

    expect(measured.map((bundle) => bundle.name).sort()).toEqual(Object.keys(LAMBDA_ENTRIES).sort());
    expect(Object.keys(LAMBDA_ENTRIES)).toContain('snapshot');
    for (const { name, bytes, coldStartBytes, gzipBytes, totalBytes, files } of measured) {
      const directory = assetDirectoryOf(name);
      const javaScript = [
        'index.mjs',
        ...(existsSync(join(directory, 'chunks')) ? readdirSync(join(directory, 'chunks')) : []).map((file) => join('chunks', file)),
      ].filter((file) => file.endsWith('.mjs'));
      expect(bytes).toBe(statSync(join(directory, 'index.mjs')).size);
      expect(totalBytes).toBe(javaScript.reduce((sum, file) => sum + statSync(join(directory, file)).size, 0));
      expect(files).toBe(javaScript.length);
      expect(coldStartBytes).toBeGreaterThanOrEqual(bytes);
      expect(coldStartBytes).toBeLessThanOrEqual(totalBytes);
      expect(gzipBytes).toBeGreaterThan(0);
      expect(gzipBytes).toBeLessThan(coldStartBytes);
    }
  });

  it('gives each function its own bundle', () => {
    const directories = (Object.keys(FUNCTIONS) as LambdaName[]).map(assetDirectoryOf);
    expect(new Set(directories).size).toBe(directories.length);
  });

  it('ships the API route groups loaded on first use as chunks beside index.mjs, each with its source map', () => {
    const chunks = join(assetDirectoryOf('api'), 'chunks');
    const files = readdirSync(chunks);
    const modules = files.filter((file) => file.endsWith('.mjs'));

    expect(modules.length).toBeGreaterThan(5);
    for (const module of modules) expect(files).toContain(`${module}.map`);
    // Every chunk the entry names is in the asset.
    for (const [, imported] of bundleOf('api').matchAll(/["']\.\/chunks\/([^"']+\.mjs)["']/g)) expect(modules).toContain(imported);
  });
});
