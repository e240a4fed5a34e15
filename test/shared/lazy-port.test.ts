/**
 * Ports whose store loads on first use (functions/shared/lazy-port.ts): nothing loads before
 * the first call, one load serves every call, a failed load is tried again, and the port is
 * not mistaken for a promise.
 */
import { describe, expect, it, vi } from 'vitest';
import { lazyPort } from '#functions/shared/lazy-port.js';

interface Counter {
  add(amount: number): Promise<number>;
  total(): Promise<number>;
}

class CounterStore implements Counter {
  private sum = 0;
  async add(amount: number): Promise<number> {
    this.sum += amount;
    return this.sum;
  }
  async total(): Promise<number> {
    return this.sum;
  }
}

describe('lazyPort', () => {
  it('loads nothing until a method is called, then once for every call, concurrent ones included', async () => {
    const load = vi.fn(async () => new CounterStore());
    const port = lazyPort<Counter>(load);
    expect(load).not.toHaveBeenCalled();
    const add = port.add;
    expect(load).not.toHaveBeenCalled();

    expect(await Promise.all([add(1), port.add(2), port.total()])).toEqual([1, 3, 3]);
    expect(await port.total()).toBe(3);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('calls the store method on the store (its `this`), with the arguments given', async () => {
    const port = lazyPort<Counter>(async () => new CounterStore());
    await port.add(5);
    await port.add(7);
    expect(await port.total()).toBe(12);
  });

  it('rejects the call that meets a failed load, and the next call loads again', async () => {
    const load = vi.fn<() => Promise<Counter>>().mockRejectedValueOnce(new Error('chunk missing')).mockResolvedValue(new CounterStore());
    const port = lazyPort(load);
    await expect(port.add(1)).rejects.toThrow('chunk missing');
    expect(await port.add(1)).toBe(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('passes on a method rejection as it is, without loading again', async () => {
    const failing: Counter = { add: async () => Promise.reject(new Error('throttled')), total: async () => 0 };
    const load = vi.fn(async () => failing);
    const port = lazyPort(load);
    await expect(port.add(1)).rejects.toThrow('throttled');
    expect(await port.total()).toBe(0);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('is not thenable: awaiting the port gives the port and loads nothing', async () => {
    const load = vi.fn(async () => new CounterStore());
    const port = lazyPort<Counter>(load);
    expect(await Promise.resolve(port)).toBe(port);
    expect(load).not.toHaveBeenCalled();
  });

  it('rejects a call to a method the loaded store lacks', async () => {
    const port = lazyPort<Counter>(async () => ({ add: async () => 1 }) as unknown as Counter);
    await expect(port.total()).rejects.toThrow("no method 'total'");
  });
});
