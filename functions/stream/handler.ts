// Placeholder: the stream recalculation handler is being written (createStreamHandler + handler).
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
export const handler = async (_event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => ({ batchItemFailures: [] });
