/**
 * `<data-dir>/runtime.json` says where a running `npm start` serves, so that operator
 * commands (reconcile, bootstrap, import, snapshot, token) find it without being told the port.
 *
 * On disk the data folder is the checkout's `.data` (or `--data-dir`). In memory, unless
 * given `--data-dir`, each run has a temporary folder of its own outside the checkout, so
 * that two runtimes of one checkout never overwrite each other's runtime file or key. A CLI
 * given no `--data-dir` takes the checkout's `.data` when its runtime runs there, else the
 * one running in-memory runtime of this checkout (found by the prefix of its folder in the
 * system's temporary folder and the checkout its runtime file names).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './dynamodb-local.js';

export interface RuntimeFile {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly pid: number;
  /** The checkout the runtime runs from: an in-memory one is found by it. */
  readonly checkout?: string;
}

const FILE_NAME = 'runtime.json';
const IN_MEMORY_PREFIX = 'sales-performance-in-memory-';

export async function writeRuntimeFile(dataDirectory: string, runtime: RuntimeFile): Promise<void> {
  await mkdir(dataDirectory, { recursive: true });
  await writeFile(path.join(dataDirectory, FILE_NAME), `${JSON.stringify(runtime, null, 2)}\n`);
}

export async function removeRuntimeFile(dataDirectory: string): Promise<void> {
  await rm(path.join(dataDirectory, FILE_NAME), { force: true });
}

/** The running runtime's file, or undefined when none is running (a stale file's pid is gone). */
export async function readRuntimeFile(dataDirectory: string): Promise<RuntimeFile | undefined> {
  try {
    const runtime = JSON.parse(await readFile(path.join(dataDirectory, FILE_NAME), 'utf8')) as RuntimeFile;
    process.kill(runtime.pid, 0);
    return runtime;
  } catch {
    return undefined;
  }
}

/** A new, empty data folder for one in-memory run, outside the checkout; the run removes it when it stops. */
export function createInMemoryDataDirectory(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), IN_MEMORY_PREFIX));
}

/** The data folders of the in-memory runtimes of `checkout` that are running. */
async function runningInMemoryDataDirectories(checkout: string): Promise<string[]> {
  const candidates = (await readdir(tmpdir()).catch(() => []))
    .filter((name) => name.startsWith(IN_MEMORY_PREFIX))
    .map((name) => path.join(tmpdir(), name));
  const runtimes = await Promise.all(candidates.map(async (directory) => ({ directory, runtime: await readRuntimeFile(directory) })));
  return runtimes.filter(({ runtime }) => runtime?.checkout === checkout).map(({ directory }) => directory);
}

/**
 * The data folder of a CLI given no `--data-dir`: the checkout's `.data` when its runtime
 * runs (or when no in-memory one does: the token signing key lives there for the next
 * `npm start`); else the one in-memory runtime of this checkout that runs. Several: an
 * error naming their folders, since any choice could be the wrong one.
 */
export async function defaultDataDirectory({
  checkoutDataDirectory = path.join(PROJECT_ROOT, '.data'),
  checkout = PROJECT_ROOT,
}: {
  readonly checkoutDataDirectory?: string;
  readonly checkout?: string;
} = {}): Promise<string> {
  if (await readRuntimeFile(checkoutDataDirectory)) return checkoutDataDirectory;
  const inMemory = await runningInMemoryDataDirectories(checkout);
  if (inMemory.length > 1)
    throw new Error(`${inMemory.length} in-memory npm start runs of this checkout: pass --data-dir with one of ${inMemory.join(', ')}`);
  return inMemory[0] ?? checkoutDataDirectory;
}
