/**
 * The command-line tools print no AWS SDK NodeVersionSupportWarning (the SDK prints it once
 * a process under Node < 22 builds a client), but keep every other warning. Meaningful on
 * Node 20, which package.json supports; on Node 22 the SDK prints nothing anyway.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '#local/dynamodb-local.js';

const run = promisify(execFile);

it('runs a CLI that builds an SDK client without the Node-version warning, and other warnings still print', async () => {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _ignored, ...environment } = process.env;
  // Nothing listens on port 9: the reconcile CLI builds its DynamoDB client, fails to connect once, and exits 1.
  const cli = path.join(PROJECT_ROOT, 'local', 'reconcile-cli.ts');
  const args = ['--import', 'tsx', cli, '--endpoint', 'http://127.0.0.1:9', '--table', 'none'];
  const failure = await run(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...environment, AWS_MAX_ATTEMPTS: '1', NODE_OPTIONS: '' },
  }).catch((error: { code: number; stderr: string }) => error);

  expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('ECONNREFUSED') });
  expect((failure as { stderr: string }).stderr).not.toContain('NodeVersionSupportWarning');

  // Another warning of the same process still prints.
  const other = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      path.join(PROJECT_ROOT, 'local', 'quiet-sdk-node-warning.ts'),
      '-e',
      "process.emitWarning('still here')",
    ],
    { cwd: PROJECT_ROOT, env: environment },
  );
  expect(other.stderr).toContain('still here');
}, 30_000);
