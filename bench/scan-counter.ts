/**
 * Counts what scans read and what they return: a scan is charged for every item it
 * reads (ScannedCount), whatever its filter lets through (Count).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ScanCounts {
  requests: number;
  scanned: number;
  returned: number;
}

export class ScanCounter {
  private counts: ScanCounts = { requests: 0, scanned: 0, returned: 0 };

  instrument(client: DynamoDBClient | DynamoDBDocumentClient): void {
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'ScanCommand') {
          const output = result.output as { ScannedCount?: number; Count?: number };
          this.counts.requests++;
          this.counts.scanned += output.ScannedCount ?? 0;
          this.counts.returned += output.Count ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'benchScanCounter' },
    );
  }

  /** What was counted since the last call, and start again. */
  take(): ScanCounts {
    const counts = this.counts;
    this.counts = { requests: 0, scanned: 0, returned: 0 };
    return counts;
  }
}
