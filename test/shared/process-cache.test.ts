/**
 * The per-process cache of a rarely changed value (functions/store/process-cache.ts): kept
 * for its TTL, read again after it, dropped by this process's own write, concurrent misses
 * sharing one read, a failed read not kept.
 */
import { describe, expect, it, vi } from 'vitest';
import { ProcessCache } from '#functions/store/process-cache.js';

function manualTime(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ProcessCache', () => {
  it('serves the value read for its TTL, then reads again', async () => {
    const time = manualTime();
    const cache = new ProcessCache<number>(5_000, time.now);
    let stored = 1;
    const load = vi.fn(async () => stored);

    expect(await cache.get(load)).toBe(1);
    stored = 2; // another process's write
    time.advance(4_999);
    expect(await cache.get(load)).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);

    time.advance(1);
    expect(await cache.get(load)).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reads again at once after invalidate (this process wrote)', async () => {
    const time = manualTime();
    const cache = new ProcessCache<string>(60_000, time.now);
    let stored = 'before';
    const load = vi.fn(async () => stored);
    expect(await cache.get(load)).toBe('before');

    stored = 'after';
    cache.invalidate();
    expect(await cache.get(load)).toBe('after');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one read between concurrent misses', async () => {
    const cache = new ProcessCache<number>(5_000, manualTime().now);
    const load = vi.fn(async () => 7);
    expect(await Promise.all([cache.get(load), cache.get(load), cache.get(load)])).toEqual([7, 7, 7]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps no failed read: the next get reads again', async () => {
    const cache = new ProcessCache<number>(5_000, manualTime().now);
    const load = vi.fn<() => Promise<number>>().mockRejectedValueOnce(new Error('throttled')).mockResolvedValue(3);
    await expect(cache.get(load)).rejects.toThrow('throttled');
    expect(await cache.get(load)).toBe(3);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a read still in flight when this process writes: the next get reads again', async () => {
    const cache = new ProcessCache<string>(60_000, manualTime().now);
    let release: (value: string) => void = () => undefined;
    const slow = cache.get(() => new Promise<string>((resolve) => (release = resolve)));
    cache.invalidate();
    release('before the write');
    expect(await slow).toBe('before the write');
    expect(await cache.get(async () => 'after the write')).toBe('after the write');
  });

  it('a failed read in flight does not drop a newer value', async () => {
    const time = manualTime();
    const cache = new ProcessCache<string>(1_000, time.now);
    let fail: (error: Error) => void = () => undefined;
    const failing = cache.get(() => new Promise<string>((_resolve, reject) => (fail = reject)));
    cache.invalidate();
    expect(await cache.get(async () => 'newer')).toBe('newer');
    fail(new Error('timed out'));
    await expect(failing).rejects.toThrow('timed out');
    expect(await cache.get(async () => 'not read')).toBe('newer');
  });
});
