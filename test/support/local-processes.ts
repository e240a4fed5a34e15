/**
 * Real processes for the local runtime's crash tests: `npm start` (local/start.ts) as a child
 * process, and the Java processes of DynamoDB Local found through /proc. Linux only, as the
 * tests that use it say; everything a test starts is killed by `killAll`, even on failure.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PROJECT_ROOT } from '#local/dynamodb-local.js';

export const HAS_PROC = existsSync('/proc/self/cmdline');

export interface JavaProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly args: readonly string[];
}

/** Live (not zombie) DynamoDB Local processes of this machine. */
export function dynamoDbLocalProcesses(): JavaProcess[] {
  const found: JavaProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!args.some((arg) => arg.endsWith('DynamoDBLocal.jar'))) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      found.push({ pid: Number(entry), ppid: Number(ppid), args });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The DynamoDB Local processes whose -dbPath is `databaseDirectory`. */
export function dynamoDbLocalOn(databaseDirectory: string): JavaProcess[] {
  return dynamoDbLocalProcesses().filter(({ args }) => args[args.indexOf('-dbPath') + 1] === path.resolve(databaseDirectory));
}

/** A zombie (killed, not yet reaped) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export interface NpmStart {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code (or the signal) once it has exited. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** `npm start -- <args>` as one Node process (no npm or tsx wrapper, so its pid is the runtime's). */
export function npmStart(args: readonly string[], env: NodeJS.ProcessEnv = {}): NpmStart {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'local/start.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal as NodeJS.Signals))),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const match = pattern.exec(output);
        if (match) done(undefined, match);
      };
      const done = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (match) resolve(match);
        else reject(error);
      };
      listeners.add(check);
      void exited.then((code) => done(new Error(`exited (${code}) before ${pattern}:\n${output}`)));
      check();
    });
  return { child, output: () => output, waitFor, exited };
}

/**
 * Kills the given runtimes and the DynamoDB Local processes they started or that run on
 * `databaseDirectories` (only this test's temporary folders), and waits until they are gone.
 */
export async function killAll(
  starts: readonly NpmStart[],
  databaseDirectories: readonly string[],
  javaPids: readonly number[] = [],
): Promise<void> {
  // Java's parent is known only while the runtime lives: collect before killing it.
  const childPids = new Set(starts.map((start) => start.child.pid));
  const java = new Set([
    ...javaPids,
    ...dynamoDbLocalProcesses()
      .filter(({ ppid }) => childPids.has(ppid))
      .map(({ pid }) => pid),
    ...databaseDirectories.flatMap((directory) => dynamoDbLocalOn(directory).map(({ pid }) => pid)),
  ]);
  for (const start of starts) if (start.child.exitCode === null && start.child.signalCode === null) start.child.kill('SIGKILL');
  for (const pid of java) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 5_000;
  while ([...java].some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
