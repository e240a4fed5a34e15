/**
 * `<data-dir>/runtime.json` says where a running `npm start` serves, so that operator
 * commands (reconcile) can find its DynamoDB Local without being told the port.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RuntimeFile {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly pid: number;
}

const FILE_NAME = 'runtime.json';

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
