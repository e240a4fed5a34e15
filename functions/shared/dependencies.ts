import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PipelineJobQueue } from '#core/pipeline/pipeline-job-repository.js';
import { type Clock, systemClock } from '#core/shared/clock.js';

/**
 * What every handler needs from the outside world. Handlers build one at module scope
 * from the environment (`dependenciesFromEnvironment`); the local runtime and the tests
 * build their own and pass it to the handler factories.
 */
export interface Dependencies {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /**
   * Where pipeline jobs go and when a question becomes one (the local runtime, tests).
   * @default the SQS queue of PIPELINE_JOB_QUEUE_URL; PIPELINE_SYNC_FULL_PATH_MAX_DEALS or 10,000
   */
  readonly pipelineJobs?: { readonly queue?: PipelineJobQueue; readonly syncFullPathMaxDeals?: number };
}

/** One DocumentClient per process; undefined attributes are dropped rather than rejected. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** Reads a required environment variable once, failing at cold start rather than mid-request. */
export function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

export function dependenciesFromEnvironment(): Dependencies {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  return {
    documentClient: createDocumentClient(endpoint ? { endpoint } : {}),
    tableName: requiredEnvironment('TABLE_NAME'),
    clock: systemClock,
  };
}
