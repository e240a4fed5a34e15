/** Which data folder a CLI takes when it is not given `--data-dir`. */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createInMemoryDataDirectory, defaultDataDirectory, writeRuntimeFile } from '#local/runtime-file.js';

const created: string[] = [];
afterEach(async () => {
  for (const directory of created.splice(0)) await rm(directory, { recursive: true, force: true });
});

/** A folder whose runtime file names this (running) process, as a running npm start's does. */
async function running(directory: string, checkout: string): Promise<string> {
  created.push(directory);
  await writeRuntimeFile(directory, {
    url: 'http://127.0.0.1:1',
    dynamoDbEndpoint: 'http://127.0.0.1:2',
    tableName: 't',
    pid: process.pid,
    checkout,
  });
  return directory;
}

it("takes the checkout's .data while its npm start runs, else the one in-memory run of this checkout, and refuses to guess between several", async () => {
  const checkout = `/checkouts/${randomUUID()}`;
  const checkoutDataDirectory = path.join(tmpdir(), `data-${path.basename(checkout)}`);
  created.push(checkoutDataDirectory);
  const resolve = () => defaultDataDirectory({ checkoutDataDirectory, checkout });

  expect(await resolve()).toBe(checkoutDataDirectory);
  await running(await createInMemoryDataDirectory(), '/another/checkout');
  expect(await resolve()).toBe(checkoutDataDirectory);
  const first = await running(await createInMemoryDataDirectory(), checkout);
  expect(await resolve()).toBe(first);
  const second = await running(await createInMemoryDataDirectory(), checkout);
  await expect(resolve()).rejects.toThrow(/2 in-memory npm start runs of this checkout: pass --data-dir/);
  await running(checkoutDataDirectory, checkout);
  expect(await resolve()).toBe(checkoutDataDirectory);
  expect(second).not.toBe(first);
});
