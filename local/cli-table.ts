/**
 * The table a command-line tool works on: the running `npm start` by default (found by its
 * runtime file), or any table with `--endpoint URL --table NAME`, or on AWS `--table NAME`
 * with the usual AWS credentials.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../functions/shared/dependencies.js';
import { localClientConfig } from './dynamodb-local.js';
import { readRuntimeFile } from './runtime-file.js';

export interface CliTableOptions {
  readonly endpoint?: string | undefined;
  readonly table?: string | undefined;
  readonly dataDirectory: string;
}

export interface CliTable {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
}

export async function cliTableOf({ endpoint, table, dataDirectory }: CliTableOptions): Promise<CliTable> {
  const directory = path.resolve(dataDirectory);
  await mkdir(directory, { recursive: true });
  const running = endpoint || table ? undefined : await readRuntimeFile(directory);
  if (!running && !table) {
    throw new Error('no running `npm start` found: start it, or pass --table NAME (and --endpoint URL for a local DynamoDB)');
  }
  const dynamoDbEndpoint = endpoint ?? running?.dynamoDbEndpoint;
  return {
    documentClient: createDocumentClient(dynamoDbEndpoint ? localClientConfig(dynamoDbEndpoint) : {}),
    tableName: table ?? (running as NonNullable<typeof running>).tableName,
  };
}
