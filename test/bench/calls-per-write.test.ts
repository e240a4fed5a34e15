import { describe, expect, it } from 'vitest';
import { callsPerWrite } from '../../bench/calls-per-write.js';

describe('callsPerWrite', () => {
  it('divides each operation and their sum by the writes, keeping the mean round trip', () => {
    const calls = callsPerWrite(
      { TransactWriteItems: { count: 80, meanMs: 12.5 }, BatchGetItem: { count: 30, meanMs: 4 }, PutItem: { count: 100, meanMs: 2 } },
      1_000,
    );
    expect(calls.perWrite).toBeCloseTo(0.21);
    expect(calls.byOperation).toEqual({
      BatchGetItem: { perWrite: 0.03, meanMs: 4 },
      PutItem: { perWrite: 0.1, meanMs: 2 },
      TransactWriteItems: { perWrite: 0.08, meanMs: 12.5 },
    });
    expect(Object.keys(calls.byOperation)).toEqual(['BatchGetItem', 'PutItem', 'TransactWriteItems']);
  });

  it('is zero per write without writes', () => {
    expect(callsPerWrite({ PutItem: { count: 3, meanMs: 1 } }, 0)).toEqual({
      perWrite: 0,
      byOperation: { PutItem: { perWrite: 0, meanMs: 1 } },
    });
  });
});
