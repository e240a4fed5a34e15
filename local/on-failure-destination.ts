import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * What the stream poller sends once a batch has used up its retries: the same fields as
 * the message Lambda sends to an event source mapping's on-failure destination (the
 * records themselves are not in it; they are found in the stream by sequence number),
 * plus the last error, which Lambda only logs.
 */
export interface StreamBatchFailure {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: 200;
    readonly executedVersion: '$LATEST';
    readonly functionError: 'Unhandled' | 'BatchItemFailures';
  };
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord?: string;
    readonly approximateArrivalOfLastRecord?: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  readonly error: string;
}

export interface OnFailureDestination {
  send(failure: StreamBatchFailure): Promise<void>;
}

type Logger = Pick<Console, 'warn'>;

/** Appends each failure as one JSON line to a file (the local stand-in for the SQS queue) and logs it. */
export function fileOnFailureDestination(filePath: string, logger: Logger = console): OnFailureDestination {
  return {
    async send(failure) {
      await mkdir(path.dirname(filePath), { recursive: true });
      await appendFile(filePath, `${JSON.stringify(failure)}\n`);
      logger.warn(`stream batch discarded after retries, recorded in ${filePath}: ${describe(failure)}`);
    },
  };
}

/** For runs without a data folder (in memory, tests): the failure is only logged. */
export function logOnFailureDestination(logger: Logger = console): OnFailureDestination {
  return {
    async send(failure) {
      logger.warn(`stream batch discarded after retries: ${describe(failure)}`, failure);
    },
  };
}

function describe({ DDBStreamBatchInfo: batch, error }: StreamBatchFailure): string {
  return `${batch.batchSize} record(s) ${batch.startSequenceNumber}..${batch.endSequenceNumber} of ${batch.shardId}: ${error}`;
}
