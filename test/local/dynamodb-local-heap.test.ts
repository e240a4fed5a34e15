/**
 * DynamoDB Local's Java heap is bounded (left alone the JVM takes a quarter of the machine's
 * memory and grows into it under load), overridable, and an -Xmx the caller already gave
 * the JVM through JAVA_TOOL_OPTIONS is kept rather than silently overridden.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxHeapOf } from '#local/dynamodb-local.js';

describe('maxHeapOf', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('bounds the heap by default: 512m on disk, 1g in memory where the tables live in the heap', () => {
    vi.stubEnv('DYNAMODB_LOCAL_MAX_HEAP', '');
    vi.stubEnv('JAVA_TOOL_OPTIONS', '');
    expect([maxHeapOf({}), maxHeapOf({ inMemory: true })]).toEqual(['512m', '1g']);
  });

  it('takes the option first, then DYNAMODB_LOCAL_MAX_HEAP, then an -Xmx in JAVA_TOOL_OPTIONS', () => {
    vi.stubEnv('JAVA_TOOL_OPTIONS', '-Dfile.encoding=UTF-8 -Xmx8g');
    expect(maxHeapOf({ inMemory: true })).toBe('8g');
    vi.stubEnv('DYNAMODB_LOCAL_MAX_HEAP', '768m');
    expect(maxHeapOf({})).toBe('768m');
    expect(maxHeapOf({ maxHeap: '2G' })).toBe('2G');
  });

  it('refuses a size the JVM would not read', () => {
    expect(() => maxHeapOf({ maxHeap: '1gb' })).toThrow(/such as 512m or 1g/);
    expect(() => maxHeapOf({ maxHeap: '-1g' })).toThrow();
  });
});
