/** Round trips to DynamoDB Local per write, from a side's request counts (CapacityMeter.meanMilliseconds). */

export interface CallsPerWrite {
  readonly perWrite: number;
  readonly byOperation: Readonly<Record<string, { readonly perWrite: number; readonly meanMs: number }>>;
}

export function callsPerWrite(requests: Readonly<Record<string, { count: number; meanMs: number }>>, writes: number): CallsPerWrite {
  const per = (count: number) => (writes === 0 ? 0 : count / writes);
  const operations = Object.entries(requests).sort(([a], [b]) => a.localeCompare(b));
  return {
    perWrite: per(operations.reduce((sum, [, { count }]) => sum + count, 0)),
    byOperation: Object.fromEntries(operations.map(([operation, { count, meanMs }]) => [operation, { perWrite: per(count), meanMs }])),
  };
}
