/**
 * `npm start` killed with SIGKILL cannot stop its DynamoDB Local: the next start on the same
 * data folder finds it through the pid file there and stops it, so only one Java ever works
 * on those files; a DynamoDB Local that still serves a live runtime is never touched, the
 * second start refuses instead. Java runs with a bounded heap.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamoDbLocalOn, HAS_PROC, isRunning, killAll, type NpmStart, npmStart } from '../support/local-processes.js';

const READY = /Sales performance API on/;

describe.skipIf(!HAS_PROC)('npm start: one DynamoDB Local per data folder', () => {
  const starts: NpmStart[] = [];
  const directories: string[] = [];
  const orphans: number[] = [];
  afterEach(async () => {
    await killAll(
      starts.splice(0),
      directories.map((directory) => path.join(directory, 'dynamodb')),
      orphans.splice(0),
    );
    await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
  });

  async function dataDirectory(): Promise<string> {
    const directory = await mkdtemp(path.join(tmpdir(), 'orphan-'));
    directories.push(directory);
    return directory;
  }

  function start(directory: string, env: NodeJS.ProcessEnv = {}): NpmStart {
    const started = npmStart(['--port', '0', '--data-dir', directory], env);
    starts.push(started);
    return started;
  }

  it('stops the DynamoDB Local orphaned by a SIGKILLed npm start before starting its own, and records its pid', async () => {
    // Prepare: a runtime killed with SIGKILL leaves its Java behind.
    const directory = await dataDirectory();
    const databaseDirectory = path.join(directory, 'dynamodb');
    const first = start(directory);
    await first.waitFor(READY);
    const [orphan] = dynamoDbLocalOn(databaseDirectory);
    expect(orphan).toBeDefined();
    orphans.push(orphan!.pid);
    expect(orphan!.args).toContain('-Xmx512m');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isRunning(orphan!.pid)).toBe(true);

    // Act
    const second = start(directory);
    await second.waitFor(READY);

    // Assess: one Java on the folder, the new runtime's, recorded in the pid file.
    const running = dynamoDbLocalOn(databaseDirectory);
    expect(running.map(({ ppid }) => ppid)).toEqual([second.child.pid]);
    expect(isRunning(orphan!.pid)).toBe(false);
    expect(second.output()).toMatch(new RegExp(`orphaned DynamoDB Local \\(pid ${orphan!.pid}\\)`));
    expect(JSON.parse(await readFile(path.join(databaseDirectory, 'dynamodb-local.pid'), 'utf8'))).toMatchObject({
      pid: running[0]!.pid,
      ownerPid: second.child.pid,
    });

    // Assess: a clean stop takes Java and the pid file with it.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(isRunning(running[0]!.pid)).toBe(false);
    expect(existsSync(path.join(databaseDirectory, 'dynamodb-local.pid'))).toBe(false);
  }, 90_000);

  it('refuses to start on a folder whose DynamoDB Local serves a live npm start, and leaves that one alone', async () => {
    // Prepare
    const directory = await dataDirectory();
    const databaseDirectory = path.join(directory, 'dynamodb');
    const first = start(directory, { DYNAMODB_LOCAL_MAX_HEAP: '600m' });
    await first.waitFor(READY);
    const [java] = dynamoDbLocalOn(databaseDirectory);

    // Act
    const second = start(directory);
    const exit = await Promise.race([second.exited, second.waitFor(READY, 60_000).then(() => 'started')]);

    // Assess
    expect(exit, second.output()).not.toBe('started');
    expect(exit).not.toBe(0);
    expect(second.output()).toMatch(
      new RegExp(
        `DynamoDB Local \\(pid ${java!.pid}, port \\d+\\) of a running process \\(pid ${first.child.pid}\\) already uses ${databaseDirectory.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
    expect(dynamoDbLocalOn(databaseDirectory).map(({ pid }) => pid)).toEqual([java!.pid]);
    expect(java!.args).toContain('-Xmx600m');
    expect(first.child.exitCode).toBeNull();
  }, 90_000);
});
