/**
 * The stream recalculation: every opportunity write relinks the deal to its owner's month,
 * updates that month's totals and the deal's quality counters, and records field history
 * (and what a hard delete removed, dated by the record's creation time).
 *
 * The whole batch is recalculated together (core/linkage/recalculate-batch.ts): one batched
 * history write, one batched read of every deal's links, one transaction per deal. The
 * records of one opportunity are applied in order, and stop at the first failure: processing
 * a later version of a deal before an earlier one would lose a transition of its quality
 * counters. Lambda redelivers from the lowest failed sequence number, so records of other
 * deals that succeeded behind a failure come again; they find their version applied and
 * change nothing. Powertools reports the failed records (batchItemFailures).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { recalculateBatch, type StreamChange } from '#core/linkage/recalculate-batch.js';
import { dealLinksOf } from '../composition-root.js';
import type { Dependencies } from '../shared/dependencies.js';
import type { FailureSink } from '../shared/failure-sink.js';
import { isOpportunityRecord, opportunityImagesOf, PoisonRecordError } from './opportunity-images.js';
import { recordInstantOf } from './record-time.js';

export interface StreamDependencies extends Dependencies {
  readonly failureSink: FailureSink;
  readonly logger?: Logger;
  /** CloudWatch metrics (EMF); the Lambda entry provides them, tests and the local runtime need not. */
  readonly metrics?: Metrics;
  /**
   * Opportunities applied side by side within a batch.
   * @default 10
   */
  readonly concurrency?: number;
  /**
   * Sends the transactions of several deals of a batch as one, up to this many items; 0 applies
   * each deal alone (see RecalculateOptions.mergeDealsUpTo). Measured on DynamoDB Local
   * (docs/benchmarks.md): 0.08 transactions per write instead of 0.90, none slower.
   * @default 50
   */
  readonly mergeDealsUpTo?: number;
}

/** What became of each record: applied, a replay that changed nothing, or poison. */
type RecordOutcome = 'OpportunityChangesApplied' | 'ReplayedRecordsIgnored' | 'PoisonRecords' | 'RecordsIgnoredByKey';

/** A record's outcome, or what it failed of. */
type Settled = { readonly outcome: RecordOutcome } | { readonly error: unknown };

export type StreamHandler = (event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>;

export function createStreamHandler(deps: StreamDependencies): StreamHandler {
  const store = dealLinksOf(deps);
  const logger = deps.logger ?? new Logger({ serviceName: 'sales-performance-stream' });
  const options = { concurrency: deps.concurrency ?? 10, mergeDealsUpTo: deps.mergeDealsUpTo ?? 50 };

  /**
   * What becomes of every record of a batch. Poison records go to the failure sink; a record
   * that cannot be read or reported fails, and so do the ones of its opportunity behind it.
   * The rest are recalculated together.
   */
  const processBatch = async (records: readonly DynamoDBRecord[]): Promise<Map<DynamoDBRecord, Settled>> => {
    const outcomes = new Map<DynamoDBRecord, Settled>();
    const failedOpportunities = new Map<string, unknown>();
    const changes: { record: DynamoDBRecord; change: StreamChange }[] = [];
    for (const record of records) {
      const opportunityKey = record.dynamodb?.Keys?.pk?.S ?? '';
      if (failedOpportunities.has(opportunityKey)) {
        outcomes.set(record, { error: notProcessed(failedOpportunities.get(opportunityKey)) });
        continue;
      }
      if (!isOpportunityRecord(record)) {
        logger.warn('ignored a non-opportunity stream record; check the event source filter', { eventID: record.eventID });
        outcomes.set(record, { outcome: 'RecordsIgnoredByKey' });
        continue;
      }
      try {
        const { before, after, lenient } = opportunityImagesOf(record);
        for (const reason of lenient)
          logger.warn('stream record of an invalid stored opportunity followed', {
            eventID: record.eventID,
            opportunityId: (after ?? before)?.id,
            reason,
          });
        changes.push({ record, change: { before, after, removedAt: recordInstantOf(record, deps.clock.now()) } });
      } catch (error) {
        try {
          if (!(error instanceof PoisonRecordError)) throw error;
          logger.error('poison stream record reported to the failure queue', { eventID: record.eventID, reason: error.message });
          await deps.failureSink.reportPoisonRecord(record, error.message);
          outcomes.set(record, { outcome: 'PoisonRecords' });
        } catch (failure) {
          failedOpportunities.set(opportunityKey, failure);
          outcomes.set(record, { error: failure });
        }
      }
    }
    const results = await recalculateBatch(
      store,
      changes.map(({ change }) => change),
      options,
    );
    changes.forEach(({ record }, index) => {
      const result = results[index];
      outcomes.set(
        record,
        !result || result.outcome === 'failed'
          ? { error: result?.error ?? new Error('no outcome') }
          : { outcome: result.outcome === 'applied' ? 'OpportunityChangesApplied' : 'ReplayedRecordsIgnored' },
      );
    });
    return outcomes;
  };

  return async (event, context) => {
    const batch = processBatch(event.Records);
    // Awaited by every record's handler below; a rejection is theirs to report.
    batch.catch(() => {});
    const processRecord = async (record: DynamoDBRecord): Promise<void> => {
      try {
        const settled = (await batch).get(record);
        if (!settled) throw new Error('record not in its batch');
        if ('error' in settled) throw settled.error;
        deps.metrics?.addMetric(settled.outcome, MetricUnit.Count, 1);
      } catch (error) {
        logger.error('stream record failed; it and the records of its opportunity behind it will be redelivered', {
          eventID: record.eventID,
          error: error as Error,
        });
        throw error;
      }
    };
    // A processor per invocation: its state is per batch, and the local runtime may invoke
    // the handler for several shards at once.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    try {
      const response = await processPartialResponse(event, processRecord, processor, {
        ...(context ? { context } : {}),
        processInParallel: true,
        throwOnFullBatchFailure: false,
      });
      deps.metrics?.addMetric('RecordsFailed', MetricUnit.Count, response.batchItemFailures.length);
      return response;
    } finally {
      deps.metrics?.publishStoredMetrics();
    }
  };
}

function notProcessed(cause: unknown): Error {
  return new Error('not processed: an earlier record of the same opportunity in this batch failed', { cause });
}
