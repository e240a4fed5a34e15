/**
 * The table a command-line tool works on: the running `npm start` by default (found by its
 * runtime file), or any table with `--endpoint URL --table NAME`, or on AWS `--table NAME`
 * with the usual AWS credentials.
 */
import path from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#functions/shared/dependencies.js';
import { localClientConfig } from './dynamodb-local.js';
import { defaultDataDirectory, readRuntimeFile } from './runtime-file.js';

export interface CliTableOptions {
  readonly endpoint?: string | undefined;
  readonly table?: string | undefined;
  /** Where the running `npm start` keeps its runtime file. @default see defaultDataDirectory */
  readonly dataDirectory?: string | undefined;
}

export interface CliTable {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
}

export async function cliTableOf({ endpoint, table, dataDirectory }: CliTableOptions): Promise<CliTable> {
  const running = endpoint || table ? undefined : await readRuntimeFile(path.resolve(dataDirectory ?? (await defaultDataDirectory())));
  if (!running && !table) {
    throw new Error('no running `npm start` found: start it, or pass --table NAME (and --endpoint URL for a local DynamoDB)');
  }
  const dynamoDbEndpoint = endpoint ?? running?.dynamoDbEndpoint;
  return {
    documentClient: createDocumentClient(dynamoDbEndpoint ? localClientConfig(dynamoDbEndpoint) : {}),
    tableName: table ?? (running as NonNullable<typeof running>).tableName,
  };
}
