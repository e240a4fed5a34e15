import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the one in-memory DynamoDB Local shared by the whole test run. */
    dynamoDbLocalEndpoint: string;
  }
}

/**
 * One DynamoDB Local for the whole run (Java takes a few seconds to start); every test
 * file makes its own uniquely named tables in it (test/support/dynamodb-local.ts).
 */
export default async function startSharedDynamoDbLocal(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = Date.now();
  const dynamoDb = await startDynamoDbLocal({ inMemory: true });
  if (process.env.DEBUG_DYNAMODB_LOCAL)
    console.log(`DynamoDB Local on ${dynamoDb.endpoint} in ${Date.now() - startedAt} ms (pid ${dynamoDb.pid})`);
  project.provide('dynamoDbLocalEndpoint', dynamoDb.endpoint);
  return () => dynamoDb.stop();
}
