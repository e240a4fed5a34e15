/**
 * The stream recalculation: every opportunity write relinks the deal to its owner's month,
 * updates that month's totals and the deal's quality counters, and records field history
 * (and what a hard delete removed, dated by the record's creation time).
 *
 * The records of one opportunity are processed in order, and stop at the first failure:
 * processing a later version of a deal before an earlier one would lose a transition of
 * its quality counters. Records of different opportunities run side by side. Lambda
 * redelivers from the lowest failed sequence number, so records of other deals that
 * succeeded behind a failure come again; they find their version applied and change nothing.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { recalculateOpportunity } from '#core/linkage/recalculate-opportunity.js';
import { dealLinksOf } from '../composition-root.js';
import type { Dependencies } from '../shared/dependencies.js';
import type { FailureSink } from '../shared/failure-sink.js';
import { inOrderPerOpportunity } from './in-order-per-opportunity.js';
import { isOpportunityRecord, opportunityImagesOf, PoisonRecordError } from './opportunity-images.js';
import { recordInstantOf } from './record-time.js';

export interface StreamDependencies extends Dependencies {
  readonly failureSink: FailureSink;
  readonly logger?: Logger;
  /** CloudWatch metrics (EMF); the Lambda entry provides them, tests and the local runtime need not. */
  readonly metrics?: Metrics;
  /**
   * Opportunities processed side by side within a batch.
   * @default 10
   */
  readonly concurrency?: number;
}

/** What became of each record: applied, a replay that changed nothing, or poison. */
type RecordOutcome = 'OpportunityChangesApplied' | 'ReplayedRecordsIgnored' | 'PoisonRecords' | 'RecordsIgnoredByKey';

export type StreamHandler = (event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>;

export function createStreamHandler(deps: StreamDependencies): StreamHandler {
  const store = dealLinksOf(deps);
  const logger = deps.logger ?? new Logger({ serviceName: 'sales-performance-stream' });

  const processRecord = async (record: DynamoDBRecord): Promise<RecordOutcome> => {
    if (!isOpportunityRecord(record)) {
      logger.warn('ignored a non-opportunity stream record; check the event source filter', { eventID: record.eventID });
      return 'RecordsIgnoredByKey';
    }
    try {
      const { before, after, lenient } = opportunityImagesOf(record);
      for (const reason of lenient)
        logger.warn('stream record of an invalid stored opportunity followed', {
          eventID: record.eventID,
          opportunityId: (after ?? before)?.id,
          reason,
        });
      const { outcome } = await recalculateOpportunity(store, before, after, recordInstantOf(record, deps.clock.now()));
      return outcome === 'applied' ? 'OpportunityChangesApplied' : 'ReplayedRecordsIgnored';
    } catch (error) {
      if (!(error instanceof PoisonRecordError)) throw error;
      logger.error('poison stream record reported to the failure queue', { eventID: record.eventID, reason: error.message });
      await deps.failureSink.reportPoisonRecord(record, error.message);
      return 'PoisonRecords';
    }
  };

  return async (event, context) => {
    const inOrder = inOrderPerOpportunity(deps.concurrency ?? 10);
    const processInOrder = (record: DynamoDBRecord): Promise<void> =>
      inOrder(record.dynamodb?.Keys?.pk?.S ?? '', async () => {
        try {
          const outcome = await processRecord(record);
          deps.metrics?.addMetric(outcome, MetricUnit.Count, 1);
        } catch (error) {
          logger.error('stream record failed; it and the records of its opportunity behind it will be redelivered', {
            eventID: record.eventID,
            error: error as Error,
          });
          throw error;
        }
      });
    // A processor per invocation: its state is per batch, and the local runtime may invoke
    // the handler for several shards at once.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    try {
      const response = await processPartialResponse(event, processInOrder, processor, {
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
