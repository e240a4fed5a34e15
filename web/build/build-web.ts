/**
 * Builds the dashboard with the project's esbuild: one ES module entry (web/app/main.ts)
 * split into chunks, names hashed so every asset but index.html can be cached for a year,
 * and index.html written from its template with the entry's hashed names.
 * Used by `npm start` (the local runtime serves the output) and by CDK (deployed to S3).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const WEB_DIRECTORY = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Where hashed assets go, under the output directory (index.html stays at its root). */
export const ASSETS_PREFIX = 'assets';

export interface WebBuild {
  readonly outDir: string;
  /** Every file written, relative to outDir, with its size in bytes. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  /** The files index.html loads before any interaction (the entry and its static imports). */
  readonly initialFiles: readonly string[];
}

export async function buildWeb(options: { readonly outDir: string; readonly minify?: boolean }): Promise<WebBuild> {
  const outDir = path.resolve(options.outDir);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, ASSETS_PREFIX), { recursive: true });

  const result = await esbuild.build({
    entryPoints: { app: path.join(WEB_DIRECTORY, 'app', 'main.ts') },
    outdir: path.join(outDir, ASSETS_PREFIX),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'silent',
    tsconfig: path.join(WEB_DIRECTORY, 'tsconfig.json'),
  });

  const outputs = Object.entries(result.metafile.outputs);
  const relative = (file: string) => path.relative(outDir, path.resolve(file)).split(path.sep).join('/');
  const entry =
    outputs.find(([, output]) => output.entryPoint !== undefined && output.cssBundle !== undefined) ??
    outputs.find(([, output]) => output.entryPoint !== undefined);
  if (!entry) throw new Error('esbuild wrote no entry point');
  const [entryFile, entryOutput] = entry;
  const initial = new Set<string>([relative(entryFile)]);
  const addStaticImports = (file: string) => {
    for (const imported of result.metafile.outputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || initial.has(relative(imported.path))) continue;
      initial.add(relative(imported.path));
      addStaticImports(imported.path);
    }
  };
  addStaticImports(entryFile);
  const css = entryOutput.cssBundle ? relative(entryOutput.cssBundle) : undefined;
  if (css) initial.add(css);

  const template = await readFile(path.join(WEB_DIRECTORY, 'index.html'), 'utf8');
  const html = template
    .replace('<!-- styles -->', css ? `<link rel="stylesheet" href="/${css}">` : '')
    .replace('<!-- script -->', `<script type="module" src="/${relative(entryFile)}"></script>`);
  await writeFile(path.join(outDir, 'index.html'), html);

  const files = [
    { path: 'index.html', bytes: Buffer.byteLength(html) },
    ...outputs.map(([file, output]) => ({ path: relative(file), bytes: output.bytes })),
  ];
  return { outDir, files, initialFiles: [...initial] };
}
