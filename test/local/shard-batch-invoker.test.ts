import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { StreamBatchFailure } from '#local/on-failure-destination.js';
import { type InvocationCounters, type InvocationSettings, ShardBatchInvoker, type StreamHandler } from '#local/shard-batch-invoker.js';

const NOW_MS = Date.parse('2026-06-01T12:00:00.000Z');
const HOUR_MS = 3_600_000;

/** A record created `ageMs` before NOW_MS (the stream dates records to the second). */
function recordOf(sequenceNumber: number, ageMs: number): DynamoDBRecord {
  return {
    eventName: 'MODIFY',
    dynamodb: { SequenceNumber: String(sequenceNumber), ApproximateCreationDateTime: Math.floor((NOW_MS - ageMs) / 1000) },
  };
}

function invokerOf(handler: StreamHandler, overrides: Partial<InvocationSettings> = {}) {
  const failures: StreamBatchFailure[] = [];
  const checkpoints: (string | undefined)[] = [];
  const counters: InvocationCounters = { invocations: 0, failedInvocations: 0, batchesSentToOnFailure: 0, recordsSentToOnFailure: 0 };
  const settings: InvocationSettings = {
    handler,
    streamArn: 'arn:aws:dynamodb:local:000000000000:table/t/stream/x',
    functionName: 'stream',
    batchSize: 10,
    maximumRetryAttempts: 3,
    bisectBatchOnFunctionError: false,
    retryDelayMs: 0,
    maximumRecordAgeMs: HOUR_MS,
    now: () => NOW_MS,
    onFailure: { send: async (failure) => void failures.push(failure) },
    logger: { error: () => undefined },
    ...overrides,
  };
  const invoker = new ShardBatchInvoker('shard-1', settings, counters, {
    checkpoint: async (sequenceNumber) => void checkpoints.push(sequenceNumber),
    pause: async () => undefined,
    stopped: () => false,
  });
  return { invoker, failures, checkpoints, counters };
}

function sequenceNumbers(records: readonly DynamoDBRecord[]): string[] {
  return records.map((record) => record.dynamodb?.SequenceNumber ?? '');
}

describe('the maximum record age of the local event source mapping', () => {
  it('sends records older than the maximum age to the on-failure destination without invoking, then invokes the rest', async () => {
    const invoked: string[][] = [];
    const { invoker, failures, checkpoints, counters } = invokerOf(async (event) => {
      invoked.push(sequenceNumbers(event.Records));
    });

    const left = await invoker.invokeBatches([recordOf(1, HOUR_MS + 2_000), recordOf(2, HOUR_MS + 1_000), recordOf(3, 1_000)], true);

    expect(left).toEqual([]);
    expect(invoked).toEqual([['3']]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.requestContext.condition).toBe('RecordAgeExceeded');
    expect(failures[0]?.DDBStreamBatchInfo).toMatchObject({ startSequenceNumber: '1', endSequenceNumber: '2', batchSize: 2 });
    expect(checkpoints).toEqual(['2', '3']);
    expect(counters).toEqual({ invocations: 1, failedInvocations: 0, batchesSentToOnFailure: 1, recordsSentToOnFailure: 2 });
  });

  it('invokes a record just inside the maximum age', async () => {
    const invoked: string[][] = [];
    const { invoker, failures } = invokerOf(async (event) => void invoked.push(sequenceNumbers(event.Records)));

    await invoker.invokeBatches([recordOf(1, HOUR_MS)], true);

    expect(invoked).toEqual([['1']]);
    expect(failures).toEqual([]);
  });

  it('stops retrying a failing batch once its records pass the maximum age, before its retries are used up', async () => {
    let now = NOW_MS;
    const { invoker, failures, counters } = invokerOf(
      async () => {
        // Each failed try takes 40 minutes: the second retry would start after the record is an hour old.
        now += 40 * 60_000;
        throw new Error('table busy');
      },
      { now: () => now },
    );

    const left = await invoker.invokeBatches([recordOf(1, 0)], true);

    expect(left).toEqual([]);
    expect(counters.invocations).toBe(2);
    expect(failures.map((failure) => failure.requestContext)).toEqual([
      expect.objectContaining({ condition: 'RecordAgeExceeded', approximateInvokeCount: 2 }),
    ]);
  });

  it('has no limit when none is set', async () => {
    const invoked: string[][] = [];
    const { invoker, failures } = invokerOf(async (event) => void invoked.push(sequenceNumbers(event.Records)), {
      maximumRecordAgeMs: undefined,
    });

    await invoker.invokeBatches([recordOf(1, 48 * HOUR_MS)], true);

    expect(invoked).toEqual([['1']]);
    expect(failures).toEqual([]);
  });
});
