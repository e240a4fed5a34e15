/**
 * The local runtime against the shared DynamoDB Local: the stream poller keeps Lambda's
 * event source mapping semantics, the HTTP server builds API Gateway v2 events, and
 * DynamoDB Local never outlives the process that started it. Small fake handlers only.
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkStreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#functions/store/ensure-table.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN, TABLE_DEFINITION } from '#functions/store/table-definition.js';
import { localClientConfig, PROJECT_ROOT, startDynamoDbLocal } from '#local/dynamodb-local.js';
import { compileFilters } from '#local/event-filter.js';
import { type HttpApiHandler, type LocalHttpServer, startHttpServer } from '#local/http-server.js';
import { startLocalRuntime } from '#local/local-runtime.js';
import type { StreamBatchFailure } from '#local/on-failure-destination.js';
import { createStreamPoller, type StreamPoller, type StreamPollerOptions } from '#local/stream-poller.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { bearerFor, testAuthorizer } from '../support/test-identity.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** A stream handler that records every batch it is given and answers as `answer` says. */
// biome-ignore lint/suspicious/noConfusingVoidType: answers as a stream handler may: nothing, or partial failures
function recordingHandler(answer: (records: DynamoDBRecord[], invocation: number) => DynamoDBBatchResponse | void = () => {}) {
  const batches: DynamoDBRecord[][] = [];
  const handler = async (event: DynamoDBStreamEvent) => {
    batches.push(event.Records);
    return answer(event.Records, batches.length);
  };
  return { handler, batches };
}

const opportunityIdOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S?.replace('OPP#', '');
const idsOf = (records: DynamoDBRecord[]) => records.map(opportunityIdOf);

async function putOpportunities(table: TestTable, ids: string[]): Promise<void> {
  for (const id of ids) {
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: { pk: `OPP#${id}`, sk: 'OPPORTUNITY', amount: 100 } }),
    );
  }
}

describe('stream poller', () => {
  let table: TestTable;
  const pollers: StreamPoller[] = [];
  const directories: string[] = [];

  beforeAll(async () => {
    table = await createTestTable('local-runtime');
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
  });
  afterAll(async () => {
    await table?.delete();
  });

  /** Each test gets a fresh table so it sees only its own stream records. */
  async function freshTable(): Promise<TestTable> {
    await table.delete();
    table = await createTestTable('local-runtime');
    return table;
  }

  async function startPoller(options: Partial<StreamPollerOptions> & Pick<StreamPollerOptions, 'handler'>): Promise<StreamPoller> {
    const poller = createStreamPoller({
      streamsClient: table.streamsClient,
      streamArn: table.streamArn,
      filterPatterns: [OPPORTUNITY_STREAM_FILTER_PATTERN],
      retryDelayMs: 0,
      idleSleepMs: 20,
      maximumBatchingWindowMs: 0,
      logger: silent,
      ...options,
    });
    pollers.push(poller);
    await poller.start();
    return poller;
  }

  async function dataDirectory(): Promise<string> {
    const directory = await mkdtemp(path.join(tmpdir(), 'stream-poller-'));
    directories.push(directory);
    return directory;
  }

  it('delivers INSERT, MODIFY and REMOVE of an opportunity in order, with both images, in the Lambda event shape', async () => {
    // Prepare
    await freshTable();
    const key = { pk: 'OPP#d1', sk: 'OPPORTUNITY' };
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: { ...key, amount: 100, name: 'Deal' } }));
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: 'SET amount = :amount',
        ExpressionAttributeValues: { ':amount': 250 },
      }),
    );
    await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: key }));
    const { handler, batches } = recordingHandler();
    const before = Date.now();

    // Act
    const poller = await startPoller({ handler });
    await poller.waitUntilIdle();

    // Assess
    const records = batches.flat();
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = records as [DynamoDBRecord, DynamoDBRecord, DynamoDBRecord];
    expect(insert).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: expect.any(String),
      eventSourceARN: table.streamArn,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'OPP#d1' }, sk: { S: 'OPPORTUNITY' } },
        NewImage: { pk: { S: 'OPP#d1' }, sk: { S: 'OPPORTUNITY' }, amount: { N: '100' }, name: { S: 'Deal' } },
        SequenceNumber: expect.any(String),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    // Seconds, not milliseconds; DynamoDB Local rounds it down to the minute.
    expect(insert.dynamodb?.ApproximateCreationDateTime).toBeGreaterThan(before / 1000 - 120);
    expect(insert.dynamodb?.ApproximateCreationDateTime).toBeLessThanOrEqual(Date.now() / 1000);
    expect(modify.dynamodb?.OldImage?.amount).toEqual({ N: '100' });
    expect(modify.dynamodb?.NewImage?.amount).toEqual({ N: '250' });
    expect(remove.dynamodb?.OldImage?.amount).toEqual({ N: '250' });
    expect(remove.dynamodb?.NewImage).toBeUndefined();
    expect(poller.stats()).toMatchObject({ recordsRead: 3, recordsFilteredOut: 0, invocations: 1, failedInvocations: 0 });
  });

  it('drops records of other sort keys before invocation, as the event filter does', async () => {
    // Prepare
    await freshTable();
    for (const sk of ['DEAL#d1', 'RECORD', 'HISTORY#2026-01-01T00:00:00.000Z#0000000001#amount']) {
      await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'REPMONTH#alice#2026-01', sk } }));
    }
    const { handler, batches } = recordingHandler();

    // Act
    const poller = await startPoller({ handler });
    await poller.waitUntilIdle();
    await putOpportunities(table, ['d1']);
    await poller.waitUntilIdle();

    // Assess
    expect(batches.map(idsOf)).toEqual([['d1']]);
    expect(poller.stats()).toMatchObject({ recordsRead: 4, recordsFilteredOut: 3, invocations: 1 });
  });

  it('retries from the first failed item when the handler reports batch item failures', async () => {
    // Prepare
    await freshTable();
    await putOpportunities(table, ['d1', 'd2', 'd3', 'd4', 'd5']);
    const { handler, batches } = recordingHandler((records, invocation) => {
      const failed = records.filter((record) => invocation === 1 && ['d3', 'd5'].includes(opportunityIdOf(record) ?? ''));
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })) };
    });

    // Act
    const poller = await startPoller({ handler });
    await poller.waitUntilIdle();

    // Assess: d3 and everything after it come again; d1 and d2 do not.
    expect(batches.map(idsOf)).toEqual([
      ['d1', 'd2', 'd3', 'd4', 'd5'],
      ['d3', 'd4', 'd5'],
    ]);
    expect(poller.stats()).toMatchObject({ invocations: 2, failedInvocations: 1, recordsSentToOnFailure: 0 });
  });

  it('treats an unknown itemIdentifier as the whole batch failing', async () => {
    // Prepare
    await freshTable();
    await putOpportunities(table, ['d1']);
    const { handler, batches } = recordingHandler((_records, invocation) =>
      invocation === 1 ? { batchItemFailures: [{ itemIdentifier: '' }] } : undefined,
    );

    // Act
    const poller = await startPoller({ handler });
    await poller.waitUntilIdle();

    // Assess
    expect(batches.map(idsOf)).toEqual([['d1'], ['d1']]);
  });

  it('bisects a batch when the handler throws, and retries the halves in order', async () => {
    // Prepare: the handler throws on the first two batches that contain d3.
    await freshTable();
    await putOpportunities(table, ['d1', 'd2', 'd3', 'd4']);
    let d3Seen = 0;
    const { handler, batches } = recordingHandler((records) => {
      if (idsOf(records).includes('d3') && ++d3Seen <= 2) throw new Error('boom');
    });

    // Act
    const poller = await startPoller({ handler });
    await poller.waitUntilIdle();

    // Assess
    expect(batches.map(idsOf)).toEqual([['d1', 'd2', 'd3', 'd4'], ['d1', 'd2'], ['d3', 'd4'], ['d3'], ['d4']]);
    expect(poller.stats()).toMatchObject({ invocations: 5, failedInvocations: 2, recordsSentToOnFailure: 0 });
  });

  it('sends a record that keeps failing to the on-failure destination after the maximum retries, and moves on', async () => {
    // Prepare
    await freshTable();
    await putOpportunities(table, ['d1', 'd2', 'd3']);
    const { handler, batches } = recordingHandler((records) => {
      if (idsOf(records).includes('d2')) throw new Error('d2 is poison');
    });
    const directory = await dataDirectory();

    // Act
    const poller = await startPoller({ handler, maximumRetryAttempts: 2, dataDirectory: directory });
    await poller.waitUntilIdle();

    // Assess: [d2] alone is tried once and retried twice, then discarded; d3 is handled after it.
    expect(batches.map(idsOf)).toEqual([['d1', 'd2', 'd3'], ['d1', 'd2'], ['d1'], ['d2'], ['d2'], ['d2'], ['d3']]);
    const lines = (await readFile(path.join(directory, 'stream-on-failure.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const failure = JSON.parse(lines[0] as string) as StreamBatchFailure;
    const d2Sequence = batches[3]?.[0]?.dynamodb?.SequenceNumber;
    expect(failure).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: d2Sequence,
        endSequenceNumber: d2Sequence,
        batchSize: 1,
        streamArn: table.streamArn,
      },
    });
    expect(failure.error).toContain('d2 is poison');
    expect(poller.stats()).toMatchObject({ batchesSentToOnFailure: 1, recordsSentToOnFailure: 1 });
  });

  it('resumes from its checkpoint after a restart instead of reading the stream again', async () => {
    // Prepare
    await freshTable();
    const directory = await dataDirectory();
    await putOpportunities(table, ['d1', 'd2']);
    const first = recordingHandler();
    const firstPoller = await startPoller({ handler: first.handler, dataDirectory: directory });
    await firstPoller.waitUntilIdle();
    await firstPoller.stop();
    await putOpportunities(table, ['d3']);

    // Act
    const second = recordingHandler();
    const secondPoller = await startPoller({ handler: second.handler, dataDirectory: directory });
    await secondPoller.waitUntilIdle();

    // Assess
    expect(first.batches.map(idsOf)).toEqual([['d1', 'd2']]);
    expect(second.batches.map(idsOf)).toEqual([['d3']]);
    expect(JSON.parse(readFileSync(path.join(directory, 'stream-checkpoints.json'), 'utf8'))).toMatchObject({ streamArn: table.streamArn });
  });

  it('reads a parent shard to its end before its child, listing shards page by page', async () => {
    // Prepare: DynamoDB Local keeps one shard, so the lineage is played by a fake stream
    // that lists the child first and answers slowly for the parent.
    const streams = fakeStream({
      'shard-child': { parent: 'shard-parent', records: ['c1', 'c2'], closed: false },
      'shard-parent': { records: ['p1', 'p2', 'p3'], closed: true },
    });
    const { handler, batches } = recordingHandler();

    // Act
    const poller = await startPoller({ handler, streamsClient: streams, streamArn: 'arn:fake', batchSize: 2 });
    await poller.waitUntilIdle();

    // Assess
    expect(batches.map(idsOf)).toEqual([['p1', 'p2'], ['p3'], ['c1', 'c2']]);
  });
});

interface FakeShard {
  readonly parent?: string;
  readonly records: string[];
  readonly closed: boolean;
}

/** Just enough of DynamoDB Streams for the poller: one shard per DescribeStream page. */
function fakeStream(shards: Record<string, FakeShard>): DynamoDBStreamsClient {
  const shardIds = Object.keys(shards);
  let sequence = 0;
  const records = new Map(
    shardIds.map((shardId) => [
      shardId,
      shards[shardId]!.records.map(
        (id): SdkStreamRecord => ({
          eventID: id,
          eventName: 'INSERT',
          awsRegion: 'ddblocal',
          dynamodb: {
            Keys: { pk: { S: `OPP#${id}` }, sk: { S: 'OPPORTUNITY' } },
            SequenceNumber: String(++sequence).padStart(21, '0'),
            ApproximateCreationDateTime: new Date(),
          },
        }),
      ),
    ]),
  );
  const send = async (command: unknown) => {
    if (command instanceof DescribeStreamCommand) {
      const index = command.input.ExclusiveStartShardId ? shardIds.indexOf(command.input.ExclusiveStartShardId) + 1 : 0;
      const shardId = shardIds[index] as string;
      const last = index === shardIds.length - 1;
      return {
        StreamDescription: {
          Shards: [{ ShardId: shardId, ParentShardId: shards[shardId]?.parent }],
          LastEvaluatedShardId: last ? undefined : shardId,
        },
      };
    }
    if (command instanceof GetShardIteratorCommand) return { ShardIterator: `${command.input.ShardId}|0` };
    if (command instanceof GetRecordsCommand) {
      const [shardId = '', position] = (command.input.ShardIterator ?? '').split('|');
      if (shards[shardId]?.parent === undefined) await new Promise((resolve) => setTimeout(resolve, 30));
      const all = records.get(shardId) ?? [];
      const from = Number(position);
      const limit = command.input.Limit ?? 1000;
      const page = all.slice(from, from + limit);
      const end = from + page.length;
      const closedAndDone = shards[shardId]?.closed && end >= all.length;
      return { Records: page, NextShardIterator: closedAndDone ? undefined : `${shardId}|${end}` };
    }
    throw new Error(`fake stream: unexpected command ${String(command)}`);
  };
  return { send } as unknown as DynamoDBStreamsClient;
}

describe('event filter', () => {
  it('matches nested fields against allowed values, prefixes and existence', () => {
    const matches = compileFilters([
      { dynamodb: { Keys: { sk: { S: ['OPPORTUNITY', { prefix: 'DEAL#' }] } }, NewImage: { deleted: [{ exists: false }] } } },
    ]);
    const record = (sk: string, newImage: object = {}) => ({ dynamodb: { Keys: { sk: { S: sk } }, NewImage: newImage } });
    expect(matches(record('OPPORTUNITY'))).toBe(true);
    expect(matches(record('DEAL#d1'))).toBe(true);
    expect(matches(record('RECORD'))).toBe(false);
    expect(matches(record('OPPORTUNITY', { deleted: { BOOL: true } }))).toBe(false);
    expect(matches({ dynamodb: {} })).toBe(false);
  });

  it('ORs several patterns, passes everything with none, and rejects rules it does not implement', () => {
    const either = compileFilters([{ eventName: ['INSERT'] }, { eventName: ['REMOVE'] }]);
    expect([either({ eventName: 'INSERT' }), either({ eventName: 'MODIFY' }), either({ eventName: 'REMOVE' })]).toEqual([
      true,
      false,
      true,
    ]);
    expect(compileFilters([])({ anything: 1 })).toBe(true);
    expect(() => compileFilters([{ eventName: [{ 'anything-but': ['REMOVE'] } as never] }])).toThrow(/not supported/);
  });
});

const ALICE = { repId: 'alice', role: 'rep' } as const;

describe('local HTTP server', () => {
  let server: LocalHttpServer;
  let received: APIGatewayProxyEventV2[] = [];
  let answer: HttpApiHandler = async () => ({ statusCode: 204 });

  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      logger: silent,
      authorizer: await testAuthorizer(),
      handler: (event, context) => {
        received.push(event);
        return answer(event, context);
      },
    });
  });
  afterEach(() => {
    received = [];
  });
  afterAll(async () => {
    await server?.close();
  });

  it('turns a request into an HTTP API payload 2.0 event', async () => {
    // Act
    await fetch(`${server.url}/reps/alice%20b?month=2026-01&tag=a&tag=b&q=%20x`, {
      method: 'PUT',
      headers: {
        ...(await bearerFor(ALICE)),
        'Content-Type': 'application/json',
        'X-Trace': 'abc',
        Cookie: 'session=1; theme=dark',
        'User-Agent': 'vitest',
      },
      body: '{"name":"Zoë"}',
    });

    // Assess
    expect(received).toHaveLength(1);
    const event = received[0] as APIGatewayProxyEventV2;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/reps/alice%20b',
      rawQueryString: 'month=2026-01&tag=a&tag=b&q=%20x',
      queryStringParameters: { month: '2026-01', tag: 'a,b', q: ' x' },
      cookies: ['session=1', 'theme=dark'],
      body: '{"name":"Zoë"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'PUT', path: '/reps/alice%20b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        requestId: expect.any(String),
        routeKey: '$default',
        stage: '$default',
        time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      },
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-trace': 'abc', 'user-agent': 'vitest' });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
  });

  it('leaves out the query parameters and body of a bare GET', async () => {
    await fetch(`${server.url}/health`, { headers: await bearerFor(ALICE) });

    const event = received[0] as APIGatewayProxyEventV2;
    expect(event.rawQueryString).toBe('');
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.body).toBeUndefined();
  });

  it('writes the status, headers, cookies and body the handler returns', async () => {
    // Prepare
    answer = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
      statusCode: 201,
      headers: { 'content-type': 'application/json', etag: '"3"' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: '{"created":true}',
    });

    // Act
    const response = await fetch(`${server.url}/opportunities/o1`, { method: 'PUT', headers: await bearerFor(ALICE), body: '{}' });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"3"');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(await response.json()).toEqual({ created: true });
  });

  it('sends no header the handler leaves undefined, as the Lambda runtime drops it when it serialises the result', async () => {
    answer = async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/plain', server: undefined, 'x-powered-by': undefined } as unknown as Record<string, string>,
      body: 'ok',
    });

    const response = await fetch(`${server.url}/health`, { headers: await bearerFor(ALICE) });

    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.has('server')).toBe(false);
    expect(response.headers.has('x-powered-by')).toBe(false);
  });

  it("answers 413 with a problem document for a body over 10 MiB (API Gateway's limit), without calling the handler", async () => {
    const response = await fetch(`${server.url}/opportunities/o1`, { method: 'PUT', body: 'x'.repeat(10 * 1024 * 1024 + 1) });

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    // The function's own 413 problem: its errors name the body, as a 400's name the fields.
    expect(await response.json()).toMatchObject({
      status: 413,
      title: 'Content Too Large',
      errors: [{ field: 'body', message: expect.any(String) }],
    });
    expect(received).toHaveLength(0);
  });

  it('answers 500 like API Gateway when the handler throws', async () => {
    answer = async () => {
      throw new Error('bug');
    };

    const response = await fetch(`${server.url}/health`, { headers: await bearerFor(ALICE) });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });
});

describe('ensureTable', () => {
  it('creates the table of TABLE_DEFINITION with stream and TTL, and is idempotent', async () => {
    // Prepare
    const table = await createTestTable('ensure-table');
    try {
      // Act
      const again = await ensureTable(table.client, table.tableName);

      // Assess
      expect(again).toBe(table.streamArn);
      const { Table: description } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
      expect(description?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(description?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: TABLE_DEFINITION.streamViewType });
      expect(description?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.Projection?.ProjectionType]).sort()).toEqual([
        ['gsi1', 'ALL'],
        ['gsi2', 'ALL'],
        ['gsi3', 'KEYS_ONLY'],
      ]);
      const { TimeToLiveDescription: ttl } = await table.client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
      expect(ttl).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: TABLE_DEFINITION.timeToLiveAttribute });
    } finally {
      await table.delete();
    }
  });
});

describe('local runtime', () => {
  it('wires HTTP server, table, stream poller and handlers together, and stops them all', async () => {
    // Prepare: a fake API that stores an opportunity item, and a fake stream handler.
    const directory = await mkdtemp(path.join(tmpdir(), 'local-runtime-'));
    const streamed: DynamoDBRecord[] = [];
    const runtime = await startLocalRuntime({
      port: 0,
      inMemory: true,
      dataDirectory: directory,
      createHandlers: async ({ documentClient, tableName }) => ({
        api: async (event) => {
          const id = event.rawPath.split('/').at(-1);
          await documentClient.send(
            new PutCommand({ TableName: tableName, Item: { pk: `OPP#${id}`, sk: 'OPPORTUNITY', body: event.body } }),
          );
          return { statusCode: 201 };
        },
        stream: async (event) => {
          streamed.push(...event.Records);
        },
      }),
    });
    try {
      // Act
      const token = await runtime.identity.issueToken({ repId: 'alice', role: 'rep' });
      const response = await fetch(`${runtime.url}/opportunities/d1`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}` },
        body: '{"amount":5}',
      });
      await runtime.poller.waitUntilIdle();

      // Assess
      expect(response.status).toBe(201);
      expect(streamed.map(opportunityIdOf)).toEqual(['d1']);
      const { Item } = await runtime.dependencies.documentClient.send(
        new GetCommand({ TableName: runtime.dependencies.tableName, Key: { pk: 'OPP#d1', sk: 'OPPORTUNITY' } }),
      );
      expect(Item?.body).toBe('{"amount":5}');
    } finally {
      await runtime.stop();
      await rm(directory, { recursive: true, force: true });
    }
    await expect(fetch(`${runtime.url}/health`)).rejects.toThrow();
    const client = new DynamoDBClient({ ...runtime.clientConfig, maxAttempts: 1 });
    await expect(client.send(new ListTablesCommand({}))).rejects.toThrow();
    client.destroy();
  }, 60_000);
});

describe('DynamoDB Local', () => {
  it('starts on a free port, answers, and leaves no Java process after stop()', async () => {
    // Act
    const startedAt = Date.now();
    const dynamoDb = await startDynamoDbLocal({ inMemory: true });
    const startMs = Date.now() - startedAt;
    const client = new DynamoDBClient(localClientConfig(dynamoDb.endpoint));
    const { TableNames } = await client.send(new ListTablesCommand({}));
    client.destroy();
    await dynamoDb.stop();

    // Assess
    expect(TableNames).toEqual([]);
    expect(isRunning(dynamoDb.pid)).toBe(false);
    expect(startMs).toBeLessThan(30_000);
  }, 60_000);

  it('keeps the tables in the data folder across restarts', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'dynamodb-local-'));
    try {
      const first = await startDynamoDbLocal({ databaseDirectory: directory });
      const firstClient = new DynamoDBClient(first.clientConfig);
      await ensureTable(firstClient, 'kept');
      firstClient.destroy();
      await first.stop();

      const second = await startDynamoDbLocal({ databaseDirectory: directory });
      const secondClient = new DynamoDBClient(second.clientConfig);
      const { TableNames } = await secondClient.send(new ListTablesCommand({}));
      secondClient.destroy();
      await second.stop();

      expect(TableNames).toEqual(['kept']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    ['is terminated by SIGTERM', 'setInterval(() => {}, 1000);', 'SIGTERM'],
    ['dies of an uncaught error', "setTimeout(() => { throw new Error('crash'); }, 10);", undefined],
  ] as const)(
    'kills Java when the Node process that started it %s',
    async (_, then, signal) => {
      // Prepare: a separate Node process starts DynamoDB Local and prints the Java pid.
      const script = `
      const { startDynamoDbLocal } = await import(${JSON.stringify(path.join(PROJECT_ROOT, 'local/dynamodb-local.ts'))});
      const dynamoDb = await startDynamoDbLocal({ inMemory: true });
      console.log('pid=' + dynamoDb.pid);
      ${then}`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const javaPid = await new Promise<number>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /pid=(\d+)/.exec(output);
          if (match) resolve(Number(match[1]));
        });
        child.once('exit', () => reject(new Error(`child exited before starting DynamoDB Local: ${output}`)));
      });
      expect(isRunning(javaPid)).toBe(true);

      // Act
      if (signal) child.kill(signal);
      await exited;

      // Assess
      await expect.poll(() => isRunning(javaPid), { timeout: 5_000 }).toBe(false);
    },
    60_000,
  );
});

/** A zombie (killed, not yet reaped by whoever inherited it) counts as gone. */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
