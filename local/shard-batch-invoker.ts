import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createLambdaContext } from './lambda-context.js';
import type { OnFailureDestination, StreamBatchFailure } from './on-failure-destination.js';

// biome-ignore lint/suspicious/noConfusingVoidType: Lambda's own handler type: a handler may return nothing (no partial failures)
export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

export interface InvocationSettings {
  readonly handler: StreamHandler;
  readonly streamArn: string;
  readonly functionName: string;
  readonly batchSize: number;
  readonly maximumRetryAttempts: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly retryDelayMs: number;
  /**
   * Records older than this (by their ApproximateCreationDateTime) go to the on-failure
   * destination without an invocation, as with the mapping's MaximumRecordAgeInSeconds;
   * undefined: no limit.
   */
  readonly maximumRecordAgeMs?: number;
  /** The wall clock records are aged by. @default Date.now */
  readonly now?: () => number;
  readonly onFailure: OnFailureDestination;
  readonly logger: Pick<Console, 'error'>;
}

export interface InvocationCounters {
  invocations: number;
  failedInvocations: number;
  batchesSentToOnFailure: number;
  recordsSentToOnFailure: number;
}

/** What the invoker needs from the shard reader around it. */
export interface ShardControls {
  /** Records that every record up to this one is handled. */
  checkpoint(sequenceNumber: string | undefined): Promise<void>;
  /** Sleeps, waking early when the poller stops. */
  pause(ms: number): Promise<void>;
  stopped(): boolean;
}

type InvocationOutcome =
  | { readonly kind: 'expired' }
  | { readonly kind: 'success' }
  | { readonly kind: 'partial'; readonly firstFailedIndex: number }
  | { readonly kind: 'error'; readonly error: string };

/**
 * Lambda's rules for invoking a stream function with one shard's records, with
 * ReportBatchItemFailures, BisectBatchOnFunctionError and MaximumRetryAttempts: batches
 * in order, a failed batch retried (never skipped) until its retries are used up, then
 * reported to the on-failure destination and passed over. With MaximumRecordAgeInSeconds,
 * records older than it at the head of what is pending (a first try or a retry) go to the
 * on-failure destination without an invocation, and the rest carries on.
 */
export class ShardBatchInvoker {
  /** Sizes of the next batches while a failed batch is being bisected. */
  private splits: number[] = [];
  /** Failed invocations of the record at the head, against maximumRetryAttempts. */
  private attempts = 0;

  constructor(
    private readonly shardId: string,
    private readonly settings: InvocationSettings,
    private readonly counters: InvocationCounters,
    private readonly shard: ShardControls,
  ) {}

  /** After the reader has gone back to its checkpoint, bisection restarts from whole batches. */
  reset(): void {
    this.splits = [];
  }

  /**
   * Invokes the handler with the pending records in order, one batch at a time, and
   * returns what is left pending. A partial batch waits until `flush` says the batching
   * window is over or the shard has ended.
   */
  async invokeBatches(pending: DynamoDBRecord[], flush: boolean): Promise<DynamoDBRecord[]> {
    const { batchSize, bisectBatchOnFunctionError: bisect, maximumRetryAttempts, retryDelayMs } = this.settings;
    let remaining = pending;
    while (remaining.length > 0 && !this.shard.stopped()) {
      if (this.splits.length === 0 && remaining.length < batchSize && !flush) break;
      const expired = this.expiredHead(remaining.slice(0, this.splits[0] ?? batchSize));
      if (expired.length > 0) {
        // Lambda drops them whatever their retries so far; a bisected batch keeps its other half.
        await this.sendToOnFailure(expired, this.attempts, { kind: 'expired' });
        const split = this.splits[0];
        if (split !== undefined && split > expired.length) this.splits[0] = split - expired.length;
        else if (split !== undefined) this.splits.shift();
        this.attempts = 0;
        remaining = remaining.slice(expired.length);
        await this.shard.checkpoint(sequenceNumberOf(expired.at(-1)));
        continue;
      }
      const batch = remaining.slice(0, this.splits[0] ?? batchSize);
      const outcome = await this.invoke(batch);
      if (outcome.kind === 'success') {
        this.splits.shift();
        this.attempts = 0;
        remaining = remaining.slice(batch.length);
        await this.shard.checkpoint(sequenceNumberOf(batch.at(-1)));
        continue;
      }
      this.counters.failedInvocations++;
      let failed = batch;
      if (outcome.kind === 'partial') {
        // Everything before the first failure is done; the retry starts at that record and
        // takes the records after it again. With bisection on, the batch is split at the
        // failure and only the rest of this batch is retried, as Lambda does.
        const { firstFailedIndex } = outcome;
        if (firstFailedIndex > 0) {
          remaining = remaining.slice(firstFailedIndex);
          await this.shard.checkpoint(sequenceNumberOf(batch[firstFailedIndex - 1]));
        }
        failed = batch.slice(firstFailedIndex);
        if (bisect) this.splits.splice(0, this.splits.length > 0 ? 1 : 0, failed.length);
        this.attempts = firstFailedIndex > 0 ? 1 : this.attempts + 1;
      } else if (bisect && batch.length > 1) {
        // Splitting a batch does not count as a retry: the halves are tried in order.
        const firstHalf = Math.ceil(batch.length / 2);
        this.splits.splice(0, this.splits.length > 0 ? 1 : 0, firstHalf, batch.length - firstHalf);
        await this.shard.pause(retryDelayMs);
        continue;
      } else {
        this.attempts++;
      }
      if (this.attempts > maximumRetryAttempts) {
        await this.sendToOnFailure(failed, this.attempts, outcome);
        this.splits.shift();
        this.attempts = 0;
        remaining = remaining.slice(failed.length);
        await this.shard.checkpoint(sequenceNumberOf(failed.at(-1)));
        continue;
      }
      await this.shard.pause(retryDelayMs);
    }
    return remaining;
  }

  /** The leading records older than the maximum record age. */
  private expiredHead(batch: DynamoDBRecord[]): DynamoDBRecord[] {
    const { maximumRecordAgeMs, now = Date.now } = this.settings;
    if (maximumRecordAgeMs === undefined) return [];
    const oldestKept = now() - maximumRecordAgeMs;
    const fresh = batch.findIndex((record) => {
      const created = record.dynamodb?.ApproximateCreationDateTime;
      return created === undefined || created * 1000 >= oldestKept;
    });
    return fresh < 0 ? batch : batch.slice(0, fresh);
  }

  private async invoke(batch: DynamoDBRecord[]): Promise<InvocationOutcome> {
    this.counters.invocations++;
    // biome-ignore lint/suspicious/noConfusingVoidType: what a StreamHandler resolves to
    let response: DynamoDBBatchResponse | void;
    try {
      // A copy per invocation: a handler that mutates its event cannot change a retry.
      response = await this.settings.handler({ Records: structuredClone(batch) }, createLambdaContext(this.settings.functionName));
    } catch (error) {
      this.settings.logger.error(`stream handler failed on a batch of ${batch.length}: ${errorMessage(error)}`);
      return { kind: 'error', error: errorMessage(error) };
    }
    const failures = response?.batchItemFailures ?? [];
    if (failures.length === 0) return { kind: 'success' };
    // Lambda treats an empty, missing or unknown itemIdentifier as the whole batch failing.
    const indexes = failures.map(({ itemIdentifier }) =>
      batch.findIndex((record) => itemIdentifier && sequenceNumberOf(record) === itemIdentifier),
    );
    if (indexes.some((index) => index < 0)) return { kind: 'error', error: `invalid batchItemFailures ${JSON.stringify(failures)}` };
    return { kind: 'partial', firstFailedIndex: Math.min(...indexes) };
  }

  private async sendToOnFailure(records: DynamoDBRecord[], attempts: number, outcome: InvocationOutcome): Promise<void> {
    const first = records[0]?.dynamodb;
    const last = records.at(-1)?.dynamodb;
    const context = createLambdaContext(this.settings.functionName);
    const failure: StreamBatchFailure = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: context.awsRequestId,
        functionArn: context.invokedFunctionArn,
        condition: outcome.kind === 'expired' ? 'RecordAgeExceeded' : 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: outcome.kind === 'partial' ? 'BatchItemFailures' : 'Unhandled',
      },
      DDBStreamBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: first?.SequenceNumber ?? '',
        endSequenceNumber: last?.SequenceNumber ?? '',
        approximateArrivalOfFirstRecord: arrival(first?.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: arrival(last?.ApproximateCreationDateTime),
        batchSize: records.length,
        streamArn: this.settings.streamArn,
      },
      error:
        outcome.kind === 'error'
          ? outcome.error
          : outcome.kind === 'expired'
            ? `older than the maximum record age of ${this.settings.maximumRecordAgeMs} ms`
            : `batchItemFailures reported ${first?.SequenceNumber}`,
    };
    this.counters.batchesSentToOnFailure++;
    this.counters.recordsSentToOnFailure += records.length;
    try {
      await this.settings.onFailure.send(failure);
    } catch (error) {
      // Lambda does not hold the shard up when the destination is unreachable either.
      this.settings.logger.error(`stream poller: on-failure destination failed: ${errorMessage(error)}`, failure);
    }
  }
}

function sequenceNumberOf(record: DynamoDBRecord | undefined): string | undefined {
  return record?.dynamodb?.SequenceNumber;
}

function arrival(epochSeconds: number | undefined): string | undefined {
  return epochSeconds === undefined ? undefined : new Date(epochSeconds * 1000).toISOString();
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
