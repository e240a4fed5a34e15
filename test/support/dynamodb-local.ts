import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { type Clock, systemClock } from '#core/shared/clock.js';
import { createDocumentClient, type Dependencies } from '#functions/shared/dependencies.js';
import { ensureTable } from '#functions/store/ensure-table.js';
import { type LocalClientConfig, localClientConfig } from '#local/dynamodb-local.js';

/** A table of its own in the shared DynamoDB Local, with clients pointed at it. */
export interface TestTable {
  readonly tableName: string;
  readonly endpoint: string;
  readonly clientConfig: LocalClientConfig;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly streamsClient: DynamoDBStreamsClient;
  readonly streamArn: string;
  /** What a handler factory needs; the system clock unless one is given. */
  dependencies(clock?: Clock): Dependencies;
  delete(): Promise<void>;
}

/** The endpoint of the DynamoDB Local that test/support/global-setup.ts started for this run. */
export function dynamoDbLocalEndpoint(): string {
  return inject('dynamoDbLocalEndpoint');
}

/**
 * Creates a table from TABLE_DEFINITION with a unique name, so test files (run in
 * parallel) and tests within a file never see each other's items or stream records.
 */
export async function createTestTable(name = 'test'): Promise<TestTable> {
  const endpoint = dynamoDbLocalEndpoint();
  const clientConfig = localClientConfig(endpoint);
  const tableName = `${name}-${randomUUID()}`;
  const client = new DynamoDBClient(clientConfig);
  const documentClient = createDocumentClient(clientConfig);
  const streamsClient = new DynamoDBStreamsClient(clientConfig);
  const streamArn = await ensureTable(client, tableName);
  const table: TestTable = {
    tableName,
    endpoint,
    clientConfig,
    client,
    documentClient,
    streamsClient,
    streamArn,
    dependencies: (clock = systemClock) => ({ documentClient, tableName, clock }),
    delete: () => deleteTestTable(table),
  };
  return table;
}

/** Deletes the table (a table already gone is fine) and releases the clients. */
export async function deleteTestTable(table: TestTable): Promise<void> {
  try {
    await table.client.send(new DeleteTableCommand({ TableName: table.tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    table.documentClient.destroy();
    table.client.destroy();
    table.streamsClient.destroy();
  }
}
