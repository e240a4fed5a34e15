/** Counts the requests and items of the reads that are not scans: Query, GetItem, BatchGetItem. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ReadCounts {
  requests: number;
  items: number;
}

export class ReadCounter {
  private counts: ReadCounts = { requests: 0, items: 0 };

  instrument(client: DynamoDBClient | DynamoDBDocumentClient): void {
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as {
          Count?: number;
          Item?: unknown;
          Responses?: Record<string, readonly unknown[]>;
        };
        if (context.commandName === 'QueryCommand') {
          this.counts.requests++;
          this.counts.items += output.Count ?? 0;
        } else if (context.commandName === 'GetCommand' || context.commandName === 'GetItemCommand') {
          this.counts.requests++;
          this.counts.items += output.Item ? 1 : 0;
        } else if (context.commandName === 'BatchGetCommand' || context.commandName === 'BatchGetItemCommand') {
          this.counts.requests++;
          this.counts.items += Object.values(output.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
        }
        return result;
      },
      { step: 'initialize', name: 'benchReadCounter' },
    );
  }

  /** What was counted since the last call, and start again. */
  take(): ReadCounts {
    const counts = this.counts;
    this.counts = { requests: 0, items: 0 };
    return counts;
  }
}
