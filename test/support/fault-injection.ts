import { DynamoDBClient, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface FaultPlan {
  /** Chance that a TransactWriteItems is cancelled with TransactionConflict (DynamoDB Local never does). */
  readonly transactionConflict: number;
  /** Chance that any call is throttled, failing the record so Lambda redelivers it. */
  readonly throttle: number;
  readonly random: () => number;
}

export interface FaultCounts {
  transactionConflicts: number;
  throttles: number;
}

/**
 * A DocumentClient whose calls fail the way DynamoDB does under contention, which DynamoDB
 * Local never does: an SDK middleware throws before the request is sent (and before the SDK's
 * own retries), so the code's own retry and redelivery paths are exercised.
 */
export function faultyDocumentClient(endpoint: string, plan: FaultPlan): { documentClient: DynamoDBDocumentClient; counts: FaultCounts } {
  const counts: FaultCounts = { transactionConflicts: 0, throttles: 0 };
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && plan.random() < plan.transactionConflict) {
        counts.transactionConflicts++;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled (injected)',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict', Message: 'injected' }],
        });
      }
      if (plan.random() < plan.throttle) {
        counts.throttles++;
        throw new ProvisionedThroughputExceededException({ message: 'Throughput exceeded (injected)', $metadata: {} });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectFaults' },
  );
  return { documentClient: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), counts };
}
