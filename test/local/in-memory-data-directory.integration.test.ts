/**
 * `npm start -- --in-memory` leaves the checkout's .data alone: its runtime file and token
 * signing key go to a temporary folder of its own, printed at start and removed at stop, so
 * that two runtimes of one checkout never point the CLIs at each other; the CLIs find it
 * without being told. Linux only (the crash-test helpers read /proc).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#local/dynamodb-local.js';
import { defaultDataDirectory } from '#local/runtime-file.js';
import { tokenCli } from '#local/token-cli.js';
import { HAS_PROC, killAll, npmStart } from '../support/local-processes.js';

/** What the checkout's .data holds of a runtime's files: their modification times, or absent. */
async function checkoutFiles(): Promise<Record<string, number | 'absent'>> {
  const files = ['runtime.json', 'identity-key.json'];
  const times = await Promise.all(
    files.map((file) =>
      stat(path.join(PROJECT_ROOT, '.data', file)).then(
        (found) => found.mtimeMs,
        () => 'absent' as const,
      ),
    ),
  );
  return Object.fromEntries(files.map((file, index) => [file, times[index] as number | 'absent']));
}

describe.skipIf(!HAS_PROC)('npm start --in-memory', () => {
  it('keeps its runtime file and signing key in a temporary folder it prints and removes, which the CLIs find', async () => {
    const before = await checkoutFiles();
    const noCheckoutRuntime = await mkdtemp(path.join(tmpdir(), 'no-runtime-'));
    const start = npmStart(['--in-memory', '--port', '0']);
    let dataDirectory = '';
    try {
      dataDirectory = (await start.waitFor(/^Data folder \(in memory: removed on stop\): (.+)$/m))[1] as string;
      const url = (await start.waitFor(/Sales performance API on (http:\/\/\S+)/))[1] as string;

      expect(path.relative(PROJECT_ROOT, dataDirectory).startsWith('..')).toBe(true);
      expect(JSON.parse(await readFile(path.join(dataDirectory, 'runtime.json'), 'utf8'))).toMatchObject({ url, pid: start.child.pid });
      expect(existsSync(path.join(dataDirectory, 'identity-key.json'))).toBe(true);
      expect(await checkoutFiles()).toEqual(before);
      // The printed commands name the folder, for when the checkout's own npm start runs too.
      expect(start.output()).toContain(`--data-dir ${dataDirectory}`);

      // Without --data-dir, a CLI finds it (while the checkout's .data has no running npm start).
      expect(await defaultDataDirectory({ checkoutDataDirectory: noCheckoutRuntime })).toBe(dataDirectory);
      let token = '';
      expect(
        await tokenCli(['--rep', 'nobody', '--role', 'admin', '--data-dir', dataDirectory], {
          out: (line) => (token = line),
          err: () => undefined,
        }),
      ).toBe(0);
      // Signed with its key: past the authorizer (401), refused only because the rep is unknown.
      expect((await fetch(`${url}/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    } finally {
      start.child.kill('SIGINT');
      await Promise.race([start.exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      await killAll([start], []);
      await rm(noCheckoutRuntime, { recursive: true, force: true });
    }
    expect(dataDirectory).not.toBe('');
    expect(existsSync(dataDirectory)).toBe(false);
    expect(await checkoutFiles()).toEqual(before);
  }, 120_000);
});
