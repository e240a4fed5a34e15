import { describe, expect, it } from 'vitest';
import { benchCommand, parseBenchOptions } from '../../bench/bench-options.js';

describe('parseBenchOptions --stream-writes', () => {
  it('defaults to the number of measured writes', () => {
    expect(parseBenchOptions(['--writes', '3000']).streamWrites).toBe(3000);
    expect(parseBenchOptions([]).streamWrites).toBe(10_000);
  });

  it('takes its own count, and the printed command repeats it', () => {
    const options = parseBenchOptions(['--writes', '3000', '--stream-writes', '5000']);
    expect(options.streamWrites).toBe(5000);
    expect(benchCommand(options)).toContain('--writes 3000 --stream-writes 5000 ');
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => parseBenchOptions(['--stream-writes', '0'])).toThrow(/--stream-writes/);
    expect(() => parseBenchOptions(['--stream-writes', 'many'])).toThrow(/--stream-writes/);
  });
});
