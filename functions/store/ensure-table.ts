import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, timeToLiveInput } from './create-table-input.js';
import { TABLE_DEFINITION } from './table-definition.js';

const POLL_INTERVAL_MS = 100;
const ACTIVE_TIMEOUT_MS = 30_000;

/**
 * Creates the table from TABLE_DEFINITION unless it exists, waits until it and its indexes
 * are ACTIVE, switches TTL on, and returns the stream ARN. Idempotent, so the local runtime
 * calls it on every start. Meant for DynamoDB Local and tests; CDK owns the deployed table.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  if (!(await describeTable(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Another process created it between our describe and create: that is fine.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  const table = await waitUntilActive(client, tableName);
  await enableTimeToLive(client, tableName);
  // A table kept in a data folder may predate a change of TABLE_DEFINITION: say so plainly.
  const indexNames = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = TABLE_DEFINITION.globalSecondaryIndexes
    .filter((index) => !indexNames.has(index.indexName))
    .map((index) => index.indexName);
  if (missing.length > 0)
    throw new Error(
      `table ${tableName} lacks the indexes ${missing.join(', ')}: it predates the table definition; delete it and start again`,
    );
  if (!table.LatestStreamArn || !table.StreamSpecification?.StreamEnabled) {
    throw new Error(`table ${tableName} exists without a stream: delete it and start again`);
  }
  return table.LatestStreamArn;
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** UpdateTimeToLive fails when TTL is already on, so it is only called when needed. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const input = timeToLiveInput(tableName);
  const current = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  const wanted = input.TimeToLiveSpecification?.AttributeName;
  const status = current?.TimeToLiveStatus;
  if (current?.AttributeName === wanted && (status === 'ENABLED' || status === 'ENABLING')) return;
  await client.send(new UpdateTimeToLiveCommand(input));
}
