/**
 * The stream poller resumes from its checkpoint after a failure. Only a checkpoint that
 * the stream has really trimmed away (TrimmedDataAccessException, or a sequence number
 * before the shard's first) sends it back to TRIM_HORIZON; a connection error or any
 * other failure is retried, with backoff, from the checkpoint, so no record is handled twice.
 * Faults are injected into a real streams client against the shared DynamoDB Local.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type DescribeStreamCommandOutput,
  DynamoDBStreamsClient,
  InternalServerError,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { createStreamPoller, type StreamPoller, type StreamPollerOptions } from '#local/stream-poller.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** What the SDK throws when DynamoDB Local is not there (it has already retried). */
const connectionRefused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED', $metadata: { attempts: 3 } });

interface Fault {
  readonly command: 'GetShardIteratorCommand' | 'GetRecordsCommand' | 'DescribeStreamCommand';
  /** Only requests this matches; all of the command's by default. */
  readonly when?: (input: Record<string, unknown>) => boolean;
  readonly error: () => Error;
}

/**
 * A streams client of the test table whose next matching request fails once per queued
 * fault (before it is sent, as a refused connection does), and whose DescribeStream answers
 * can be rewritten (a shard trimmed past the checkpoint).
 */
function faultyStreamsClient(table: TestTable) {
  const client = new DynamoDBStreamsClient(table.clientConfig);
  const faults: Fault[] = [];
  const fired: string[] = [];
  const iteratorTypes: string[] = [];
  let rewriteDescription: ((output: DescribeStreamCommandOutput) => void) | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (context.commandName === 'GetShardIteratorCommand') iteratorTypes.push(String(input.ShardIteratorType));
      const index = faults.findIndex((fault) => fault.command === context.commandName && (fault.when?.(input) ?? true));
      if (index >= 0) {
        const [fault] = faults.splice(index, 1);
        fired.push(`${context.commandName} ${String(input.ShardIteratorType ?? '')}`.trim());
        throw fault!.error();
      }
      const result = await next(args);
      if (context.commandName === 'DescribeStreamCommand') rewriteDescription?.(result.output as DescribeStreamCommandOutput);
      return result;
    },
    { step: 'initialize', name: 'injectStreamFaults' },
  );
  return {
    client,
    fired,
    iteratorTypes,
    failNext: (...added: Fault[]) => faults.push(...added),
    rewriteDescription: (rewrite: (output: DescribeStreamCommandOutput) => void) => (rewriteDescription = rewrite),
  };
}

const afterCheckpoint = (input: Record<string, unknown>) => input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER';
const idOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S?.replace('OPP#', '');

describe('stream poller: resuming after a failure', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  async function setUp() {
    const table = await createTestTable('stream-resume');
    cleanups.push(() => table.delete());
    const directory = await mkdtemp(path.join(tmpdir(), 'stream-resume-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const handled: string[] = [];
    const handler = async (event: DynamoDBStreamEvent) => {
      handled.push(...event.Records.map((record) => idOf(record) ?? '?'));
    };
    const put = async (...ids: string[]) => {
      for (const id of ids)
        await table.documentClient.send(
          new PutCommand({ TableName: table.tableName, Item: { pk: `OPP#${id}`, sk: 'OPPORTUNITY', amount: 1 } }),
        );
    };
    const startPoller = async (streamsClient: DynamoDBStreamsClient, options: Partial<StreamPollerOptions> = {}): Promise<StreamPoller> => {
      const poller = createStreamPoller({
        streamsClient,
        streamArn: table.streamArn,
        handler,
        filterPatterns: [OPPORTUNITY_STREAM_FILTER_PATTERN],
        dataDirectory: directory,
        retryDelayMs: 0,
        idleSleepMs: 20,
        maximumBatchingWindowMs: 0,
        errorBackoffMs: 20,
        logger: silent,
        ...options,
      });
      cleanups.push(() => poller.stop());
      await poller.start();
      return poller;
    };
    /** A first poller handles `ids` and stops, leaving its checkpoint in the data folder. */
    const checkpointAfter = async (...ids: string[]) => {
      await put(...ids);
      const poller = await startPoller(table.streamsClient);
      await poller.waitUntilIdle();
      await poller.stop();
    };
    return { table, handled, put, startPoller, checkpointAfter };
  }

  it('retries a refused GetShardIterator from the checkpoint on start, replaying nothing', async () => {
    // Prepare
    const { table, handled, put, startPoller, checkpointAfter } = await setUp();
    await checkpointAfter('d1', 'd2', 'd3');
    await put('d4', 'd5');
    const streams = faultyStreamsClient(table);
    cleanups.push(async () => streams.client.destroy());
    streams.failNext({ command: 'GetShardIteratorCommand', when: afterCheckpoint, error: connectionRefused });

    // Act
    const poller = await startPoller(streams.client);
    await poller.waitUntilIdle(10_000);

    // Assess
    expect(streams.fired).toEqual(['GetShardIteratorCommand AFTER_SEQUENCE_NUMBER']);
    expect(streams.iteratorTypes).not.toContain('TRIM_HORIZON');
    expect(handled).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
  });

  it('handles each record once when DynamoDB Local goes away mid-read (GetRecords, then GetShardIterator, refused)', async () => {
    // Prepare
    const { table, handled, put, startPoller } = await setUp();
    const streams = faultyStreamsClient(table);
    cleanups.push(async () => streams.client.destroy());
    await put('d1', 'd2');
    const poller = await startPoller(streams.client);
    await poller.waitUntilIdle();
    const iteratorsBefore = streams.iteratorTypes.length;

    // Act
    streams.failNext(
      { command: 'GetRecordsCommand', error: connectionRefused },
      { command: 'GetShardIteratorCommand', when: afterCheckpoint, error: connectionRefused },
      { command: 'GetShardIteratorCommand', when: afterCheckpoint, error: connectionRefused },
    );
    await expect.poll(() => streams.fired.length, { timeout: 5_000 }).toBe(3);
    await put('d3');
    await poller.waitUntilIdle(10_000);

    // Assess: the first poll started at the horizon (no checkpoint yet); every reopening after the checkpoint.
    expect(streams.iteratorTypes.slice(iteratorsBefore)).not.toContain('TRIM_HORIZON');
    expect(handled).toEqual(['d1', 'd2', 'd3']);
  });

  it('retries any other GetShardIterator failure from the checkpoint while the checkpoint is still in the shard', async () => {
    // Prepare
    const { table, handled, put, startPoller, checkpointAfter } = await setUp();
    await checkpointAfter('d1', 'd2');
    await put('d3');
    const streams = faultyStreamsClient(table);
    cleanups.push(async () => streams.client.destroy());
    streams.failNext({
      command: 'GetShardIteratorCommand',
      when: afterCheckpoint,
      error: () => new InternalServerError({ message: 'injected', $metadata: { httpStatusCode: 500 } }),
    });

    // Act
    const poller = await startPoller(streams.client);
    await poller.waitUntilIdle(10_000);

    // Assess
    expect(streams.fired).toHaveLength(1);
    expect(streams.iteratorTypes).not.toContain('TRIM_HORIZON');
    expect(handled).toEqual(['d1', 'd2', 'd3']);
  });

  it('reads from TRIM_HORIZON when the checkpoint was trimmed (TrimmedDataAccessException), as Lambda does', async () => {
    // Prepare
    const { table, handled, put, startPoller, checkpointAfter } = await setUp();
    await checkpointAfter('d1', 'd2');
    await put('d3');
    const streams = faultyStreamsClient(table);
    cleanups.push(async () => streams.client.destroy());
    streams.failNext({
      command: 'GetShardIteratorCommand',
      when: afterCheckpoint,
      error: () => new TrimmedDataAccessException({ message: 'injected: trimmed', $metadata: { httpStatusCode: 400 } }),
    });

    // Act
    const poller = await startPoller(streams.client);
    await poller.waitUntilIdle(10_000);

    // Assess: what the stream still holds is read again from its start.
    expect(streams.iteratorTypes).toContain('TRIM_HORIZON');
    expect(handled).toEqual(['d1', 'd2', 'd1', 'd2', 'd3']);
  });

  it('reads from TRIM_HORIZON when the shard now starts after the checkpoint', async () => {
    // Prepare: the shard is described as starting after the checkpointed sequence number.
    const { table, handled, put, startPoller, checkpointAfter } = await setUp();
    await checkpointAfter('d1', 'd2');
    await put('d3');
    const streams = faultyStreamsClient(table);
    cleanups.push(async () => streams.client.destroy());
    streams.rewriteDescription((output) => {
      for (const shard of output.StreamDescription?.Shards ?? []) shard.SequenceNumberRange = { StartingSequenceNumber: '9'.repeat(21) };
    });
    streams.failNext({
      command: 'GetShardIteratorCommand',
      when: afterCheckpoint,
      error: () => new InternalServerError({ message: 'injected', $metadata: { httpStatusCode: 500 } }),
    });

    // Act
    const poller = await startPoller(streams.client);
    await poller.waitUntilIdle(10_000);

    // Assess
    expect(streams.iteratorTypes).toContain('TRIM_HORIZON');
    expect(handled).toEqual(['d1', 'd2', 'd1', 'd2', 'd3']);
  });
});
