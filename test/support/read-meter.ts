/**
 * What the requests made through a DynamoDB client read: requests, read capacity units
 * (ReturnConsumedCapacity asked of every read) and items returned, counted by an SDK
 * middleware, so a test or benchmark can tell how much a request reads.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

export interface ReadTotals {
  requests: number;
  readUnits: number;
  items: number;
  /** Requests by operation, e.g. { Query: 31, GetItem: 2 }. */
  byOperation: Record<string, number>;
}

export class ReadMeter {
  private totals: ReadTotals = ReadMeter.empty();

  private static empty(): ReadTotals {
    return { requests: 0, readUnits: 0, items: 0, byOperation: {} };
  }

  instrument(client: DynamoDBClient | DynamoDBDocumentClient): void {
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const commandName = context.commandName ?? '';
        if (!READS.has(commandName)) return next(args);
        const input = args.input as Record<string, unknown>;
        const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } });
        const output = result.output as {
          ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
          Items?: unknown[];
          Item?: unknown;
          Responses?: Record<string, unknown[]> | unknown[];
        };
        const operation = commandName.replace(/Command$/, '');
        this.totals.requests++;
        this.totals.byOperation[operation] = (this.totals.byOperation[operation] ?? 0) + 1;
        this.totals.readUnits += [output.ConsumedCapacity ?? []].flat().reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
        const responses = output.Responses === undefined ? [] : Object.values(output.Responses).flat();
        this.totals.items += (output.Items?.length ?? 0) + (output.Item ? 1 : 0) + responses.length;
        return result;
      },
      { step: 'initialize', name: 'testReadMeter' },
    );
  }

  /** The totals since the last reset, and a fresh start. */
  take(): ReadTotals {
    const taken = this.totals;
    this.totals = ReadMeter.empty();
    return taken;
  }
}
