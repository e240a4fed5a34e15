import path from 'node:path';
import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { STREAM_MAX_RECORD_AGE_MS } from '#core/pipeline/pipeline-rebuild.js';
import { OPPORTUNITY_STREAM_FILTER_PATTERN } from '#functions/store/table-definition.js';
import { compileFilters, type FilterPattern, type RecordFilter } from './event-filter.js';
import { fileOnFailureDestination, logOnFailureDestination, type OnFailureDestination } from './on-failure-destination.js';
import { errorMessage, type InvocationSettings, ShardBatchInvoker, type StreamHandler } from './shard-batch-invoker.js';
import { ShardCheckpoints } from './shard-checkpoints.js';
import { toLambdaRecord } from './stream-event.js';

export type { StreamHandler } from './shard-batch-invoker.js';

type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

/**
 * The local stand-in for Lambda's DynamoDB event source mapping, configured as the
 * deployed one: TRIM_HORIZON, ReportBatchItemFailures, BisectBatchOnFunctionError,
 * bounded retries and an on-failure destination.
 */
export interface StreamPollerOptions {
  readonly streamsClient: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly handler: StreamHandler;
  /** FilterCriteria patterns (OR-ed); `[]` passes every record. @default [OPPORTUNITY_STREAM_FILTER_PATTERN] */
  readonly filterPatterns?: readonly FilterPattern[];
  /** @default 100 */
  readonly batchSize?: number;
  /** How long a partial batch waits for more records before the handler is invoked. @default 50 */
  readonly maximumBatchingWindowMs?: number;
  /** Retries of a failing batch before it goes to the on-failure destination. @default 3 */
  readonly maximumRetryAttempts?: number;
  /** @default true */
  readonly bisectBatchOnFunctionError?: boolean;
  /** Pause before a failed batch is retried. @default 200 */
  readonly retryDelayMs?: number;
  /**
   * Records older than this go to the on-failure destination without an invocation, as with
   * the deployed mapping's maxRecordAge, so the stream's settle bound holds locally too.
   * @default STREAM_MAX_RECORD_AGE_MS (1 hour)
   */
  readonly maximumRecordAgeMs?: number;
  /**
   * First pause after a failed read of a shard (DynamoDB Local away, throttling), doubled on
   * each further failure up to 10 s and reset by a successful read. @default 500
   */
  readonly errorBackoffMs?: number;
  /** Pause between reads of a shard that has nothing new. @default 100 */
  readonly idleSleepMs?: number;
  /** How often DescribeStream looks for new shards. @default 5_000 */
  readonly shardDiscoveryIntervalMs?: number;
  /**
   * Folder for `stream-checkpoints.json` and `stream-on-failure.jsonl`. Without one,
   * checkpoints live in memory only and failures are only logged.
   */
  readonly dataDirectory?: string;
  /** @default a JSON-lines file in dataDirectory, or the log */
  readonly onFailure?: OnFailureDestination;
  /** The function name in the Lambda context. @default 'stream' */
  readonly functionName?: string;
  /** @default console */
  readonly logger?: Logger;
}

export interface StreamPollerStats {
  /** Records read from the stream, whether they passed the filter or not. */
  readonly recordsRead: number;
  readonly recordsFilteredOut: number;
  readonly invocations: number;
  /** Invocations that threw, returned an invalid response or reported batch item failures. */
  readonly failedInvocations: number;
  readonly batchesSentToOnFailure: number;
  readonly recordsSentToOnFailure: number;
}

export interface StreamPoller {
  /** Loads checkpoints, lists the shards once (so a wrong stream ARN fails here) and starts reading. */
  start(): Promise<void>;
  /** Lets an invocation in flight finish, then stops reading and writes the checkpoints. */
  stop(): Promise<void>;
  /**
   * Resolves once every shard has been read to its end as it was when this was called,
   * everything read has been handled and nothing is in flight; rejects after timeoutMs.
   */
  waitUntilIdle(timeoutMs?: number): Promise<void>;
  stats(): StreamPollerStats;
}

export function createStreamPoller(options: StreamPollerOptions): StreamPoller {
  return new EventSourceMapping(options);
}

const GET_RECORDS_LIMIT = 1000;
const MAX_ERROR_BACKOFF_MS = 10_000;

/** One shard's reading state. `idleSince` is the tick of a read that found nothing left. */
interface ShardState {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  readonly finished: Promise<void>;
  markFinished(): void;
  isFinished: boolean;
  idleSince: number;
  lastError?: string;
}

class EventSourceMapping implements StreamPoller {
  private readonly filter: RecordFilter;
  private readonly checkpoints: ShardCheckpoints;
  private readonly logger: Logger;
  private readonly shards = new Map<string, ShardState>();
  private readonly shardLoops: Promise<void>[] = [];
  private readonly stopping = new AbortController();
  private discoveryLoop: Promise<void> | undefined;
  private discovery: Promise<void> | undefined;
  private lastDiscoveryStartedAt = 0;
  private ticks = 0;
  private readonly counters = {
    recordsRead: 0,
    recordsFilteredOut: 0,
    invocations: 0,
    failedInvocations: 0,
    batchesSentToOnFailure: 0,
    recordsSentToOnFailure: 0,
  };

  private readonly invocation: InvocationSettings;
  private readonly maximumBatchingWindowMs: number;
  private readonly idleSleepMs: number;
  private readonly errorBackoffMs: number;
  private readonly shardDiscoveryIntervalMs: number;

  constructor(private readonly options: StreamPollerOptions) {
    this.filter = compileFilters(options.filterPatterns ?? [OPPORTUNITY_STREAM_FILTER_PATTERN]);
    this.logger = options.logger ?? console;
    const { dataDirectory } = options;
    this.checkpoints = new ShardCheckpoints(options.streamArn, dataDirectory && path.join(dataDirectory, 'stream-checkpoints.json'));
    const onFailure: OnFailureDestination =
      options.onFailure ??
      (dataDirectory
        ? fileOnFailureDestination(path.join(dataDirectory, 'stream-on-failure.jsonl'), this.logger)
        : logOnFailureDestination(this.logger));
    this.invocation = {
      handler: options.handler,
      streamArn: options.streamArn,
      functionName: options.functionName ?? 'stream',
      batchSize: options.batchSize ?? 100,
      maximumRetryAttempts: options.maximumRetryAttempts ?? 3,
      bisectBatchOnFunctionError: options.bisectBatchOnFunctionError ?? true,
      retryDelayMs: options.retryDelayMs ?? 200,
      maximumRecordAgeMs: options.maximumRecordAgeMs ?? STREAM_MAX_RECORD_AGE_MS,
      onFailure,
      logger: this.logger,
    };
    this.maximumBatchingWindowMs = options.maximumBatchingWindowMs ?? 50;
    this.idleSleepMs = options.idleSleepMs ?? 100;
    this.errorBackoffMs = options.errorBackoffMs ?? 500;
    this.shardDiscoveryIntervalMs = options.shardDiscoveryIntervalMs ?? 5_000;
    const { batchSize } = this.invocation;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  }

  async start(): Promise<void> {
    if (this.discoveryLoop) throw new Error('the stream poller is already started');
    await this.checkpoints.load();
    await this.discoverShards();
    this.discoveryLoop = this.runDiscoveryLoop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.discoveryLoop;
    await Promise.all(this.shardLoops);
    await this.checkpoints.flush();
  }

  async waitUntilIdle(timeoutMs = 10_000): Promise<void> {
    const mark = this.tick();
    const deadline = Date.now() + timeoutMs;
    // A shard that appeared since the last listing has to be known before "idle" means anything.
    await this.discoverShards();
    for (;;) {
      const busy = [...this.shards.values()].filter((shard) => !shard.isFinished && shard.idleSince <= mark);
      if (busy.length === 0) return;
      if (Date.now() > deadline) {
        const detail = busy.map((shard) => `${shard.shardId}${shard.lastError ? ` (last error: ${shard.lastError})` : ''}`).join(', ');
        throw new Error(`stream not idle after ${timeoutMs} ms: ${detail}`);
      }
      await sleepFor(10);
    }
  }

  stats(): StreamPollerStats {
    return { ...this.counters };
  }

  private tick(): number {
    return ++this.ticks;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Sleeps, but wakes at once on stop(). */
  private async pause(ms: number): Promise<void> {
    await sleepFor(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private async runDiscoveryLoop(): Promise<void> {
    while (!this.stopped) {
      await this.pause(this.shardDiscoveryIntervalMs);
      if (this.stopped) return;
      await this.discoverShards().catch((error: unknown) =>
        this.logger.warn(`stream poller: DescribeStream failed: ${errorMessage(error)}`),
      );
    }
  }

  /** One listing at a time; a caller arriving during a listing that started earlier waits for the next one. */
  private async discoverShards(): Promise<void> {
    const startedAfter = this.ticks;
    while (this.lastDiscoveryStartedAt <= startedAfter) {
      if (!this.discovery) {
        this.lastDiscoveryStartedAt = this.tick();
        this.discovery = this.listShards()
          .then((shards) => this.track(shards))
          .finally(() => (this.discovery = undefined));
      }
      await this.discovery;
    }
  }

  private async listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription: stream } = await this.options.streamsClient.send(
        new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      shards.push(...(stream?.Shards ?? []));
      exclusiveStartShardId = stream?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  /** All new shards are known before any starts, so a child listed before its parent still waits for it. */
  private track(shards: Shard[]): void {
    const added: ShardState[] = [];
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || this.shards.has(shardId)) continue;
      let resolveFinished = () => {};
      const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
      const state: ShardState = {
        shardId,
        parentShardId: shard.ParentShardId,
        finished,
        isFinished: false,
        idleSince: 0,
        markFinished: () => {
          state.isFinished = true;
          resolveFinished();
        },
      };
      this.shards.set(shardId, state);
      added.push(state);
    }
    for (const state of added) {
      if (this.checkpoints.get(state.shardId)?.finished) state.markFinished();
      else this.shardLoops.push(this.readShard(state));
    }
  }

  /** A shard is read only after its parent has been read to its end, as Lambda keeps per-key order across shard splits. */
  private async readShard(shard: ShardState): Promise<void> {
    const parent = shard.parentShardId ? this.shards.get(shard.parentShardId) : undefined;
    if (parent)
      await Promise.race([
        parent.finished,
        new Promise((resolve) => this.stopping.signal.addEventListener('abort', resolve, { once: true })),
      ]);
    const invoker = new ShardBatchInvoker(shard.shardId, this.invocation, this.counters, {
      checkpoint: (sequenceNumber) => this.checkpoint(shard, sequenceNumber),
      pause: (ms) => this.pause(ms),
      stopped: () => this.stopped,
    });
    let pending: DynamoDBRecord[] = [];
    let iterator: string | undefined;
    let lastReadSequenceNumber = this.checkpoints.get(shard.shardId)?.sequenceNumber;
    let firstPendingAt = 0;
    let failuresInARow = 0;
    while (!this.stopped) {
      try {
        iterator ??= await this.openIterator(shard);
        const readStartedAt = this.tick();
        const response = await this.options.streamsClient.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }),
        );
        shard.lastError = undefined;
        failuresInARow = 0;
        const records = response.Records ?? [];
        iterator = response.NextShardIterator;
        for (const record of records) {
          this.counters.recordsRead++;
          lastReadSequenceNumber = record.dynamodb?.SequenceNumber ?? lastReadSequenceNumber;
          const lambdaRecord = toLambdaRecord(record, this.options.streamArn);
          if (this.filter(lambdaRecord)) pending.push(lambdaRecord);
          else this.counters.recordsFilteredOut++;
        }
        if (pending.length > 0 && firstPendingAt === 0) firstPendingAt = Date.now();
        // A closed shard (no next iterator) is handled to its end before it is marked finished.
        const closed = iterator === undefined;
        const windowOver = Date.now() - firstPendingAt >= this.maximumBatchingWindowMs;
        pending = await invoker.invokeBatches(pending, closed || windowOver);
        if (pending.length === 0) firstPendingAt = 0;
        if (pending.length === 0 && lastReadSequenceNumber !== undefined) await this.checkpoint(shard, lastReadSequenceNumber);
        if (closed && pending.length === 0) {
          await this.checkpoints.set(shard.shardId, { sequenceNumber: lastReadSequenceNumber, finished: true });
          shard.markFinished();
          // Its children can start now rather than at the next scheduled listing.
          await this.discoverShards().catch((error: unknown) =>
            this.logger.warn(`stream poller: DescribeStream failed: ${errorMessage(error)}`),
          );
          return;
        }
        shard.idleSince = records.length === 0 && pending.length === 0 ? readStartedAt : 0;
        if (records.length === 0)
          await this.pause(pending.length > 0 ? Math.min(this.idleSleepMs, this.maximumBatchingWindowMs) : this.idleSleepMs);
      } catch (error) {
        // Expired or trimmed iterators, a stream being deleted, DynamoDB Local restarting:
        // start again from the checkpoint, so nothing read but unhandled is lost, after a
        // pause that grows while the failure lasts (a restart takes seconds; don't spin).
        const backoffMs = Math.min(this.errorBackoffMs * 2 ** failuresInARow, MAX_ERROR_BACKOFF_MS);
        failuresInARow++;
        shard.lastError = errorMessage(error);
        this.logger.warn(
          `stream poller: reading ${shard.shardId} failed, resuming from the checkpoint in ${backoffMs} ms: ${shard.lastError}`,
        );
        iterator = undefined;
        pending = [];
        firstPendingAt = 0;
        invoker.reset();
        lastReadSequenceNumber = this.checkpoints.get(shard.shardId)?.sequenceNumber;
        await this.pause(backoffMs);
      }
    }
  }

  private async openIterator(shard: ShardState): Promise<string> {
    const { streamsClient, streamArn } = this.options;
    const sequenceNumber = this.checkpoints.get(shard.shardId)?.sequenceNumber;
    if (sequenceNumber) {
      try {
        const { ShardIterator } = await streamsClient.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.shardId,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            SequenceNumber: sequenceNumber,
          }),
        );
        if (ShardIterator) return ShardIterator;
      } catch (error) {
        // Anything but a trimmed checkpoint (a refused connection, throttling) is retried
        // from the checkpoint by the caller: the horizon would replay up to 24 h of records.
        if (!(await this.wasTrimmed(shard, sequenceNumber, error))) throw error;
        // The checkpointed record has been trimmed (streams keep 24 h): Lambda too resumes at the horizon.
        this.logger.warn(
          `stream poller: cannot resume ${shard.shardId} after ${sequenceNumber}, reading from TRIM_HORIZON: ${errorMessage(error)}`,
        );
      }
    }
    const { ShardIterator } = await streamsClient.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    if (!ShardIterator) throw new Error(`no iterator for ${shard.shardId}`);
    return ShardIterator;
  }

  /**
   * Whether the stream no longer holds the checkpointed record: it says so
   * (TrimmedDataAccessException), or, after another answer of the service, the shard is now
   * described as starting after it. A failure without an answer (no connection) is never a trim.
   */
  private async wasTrimmed(shard: ShardState, sequenceNumber: string, error: unknown): Promise<boolean> {
    if (!(error instanceof Error)) return false;
    if (error.name === 'TrimmedDataAccessException') return true;
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === undefined) return false;
    const described = (await this.listShards()).find((candidate) => candidate.ShardId === shard.shardId);
    const start = described?.SequenceNumberRange?.StartingSequenceNumber;
    return start !== undefined && /^\d+$/.test(start) && /^\d+$/.test(sequenceNumber) && BigInt(start) > BigInt(sequenceNumber);
  }

  private async checkpoint(shard: ShardState, sequenceNumber: string | undefined): Promise<void> {
    if (sequenceNumber === undefined || this.checkpoints.get(shard.shardId)?.sequenceNumber === sequenceNumber) return;
    await this.checkpoints.set(shard.shardId, { sequenceNumber });
  }
}
