/**
 * The stream recalculation: every opportunity write relinks the deal to its owner's month,
 * updates that month's totals and the deal's quality counters, and records field history.
 *
 * Records of a batch are processed one at a time, in order, and processing stops at the
 * first failure: Lambda redelivers from the lowest failed sequence number, so the records
 * behind it come again anyway, and processing them now could apply a later version of a
 * deal before an earlier one.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { recalculateOpportunity } from '../../core/use-cases/recalculate-opportunity.js';
import type { Dependencies } from '../shared/dependencies.js';
import type { FailureSink } from '../shared/failure-sink.js';
import { DealLinkStore } from '../store/deal-link-store.js';
import { isOpportunityRecord, opportunityImagesOf, PoisonRecordError } from './opportunity-images.js';

export interface StreamDependencies extends Dependencies {
  readonly failureSink: FailureSink;
  readonly logger?: Logger;
}

export type StreamHandler = (event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>;

export function createStreamHandler(deps: StreamDependencies): StreamHandler {
  const store = new DealLinkStore(deps);
  const logger = deps.logger ?? new Logger({ serviceName: 'sales-performance-stream' });

  const processRecord = async (record: DynamoDBRecord): Promise<void> => {
    if (!isOpportunityRecord(record)) {
      logger.warn('ignored a non-opportunity stream record; check the event source filter', { eventID: record.eventID });
      return;
    }
    try {
      const { before, after } = opportunityImagesOf(record);
      await recalculateOpportunity(store, before, after, deps.clock.now().toISOString());
    } catch (error) {
      if (!(error instanceof PoisonRecordError)) throw error;
      logger.error('poison stream record reported to the failure queue', { eventID: record.eventID, reason: error.message });
      await deps.failureSink.reportPoisonRecord(record, error.message);
    }
  };

  return async (event, context) => {
    let failed = false;
    const inOrderUntilFirstFailure = async (record: DynamoDBRecord): Promise<void> => {
      if (failed) throw new Error('not processed: an earlier record of this batch failed');
      try {
        await processRecord(record);
      } catch (error) {
        failed = true;
        logger.error('stream record failed; it and the records behind it will be redelivered', { eventID: record.eventID, error: error as Error });
        throw error;
      }
    };
    // A processor per invocation: its state is per batch, and the local runtime may invoke
    // the handler for several shards at once.
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    return processPartialResponse(event, inOrderUntilFirstFailure, processor, {
      ...(context ? { context } : {}),
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };
}
