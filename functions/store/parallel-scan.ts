import { paginateScan, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dependencies } from '../shared/dependencies.js';

type Item = Record<string, unknown>;

/**
 * A parallel scan: the table split in `segments` read side by side, each page handed to
 * `onPage` as it arrives, so a caller can fold a large table without holding all of it.
 */
export async function scanInSegments(
  deps: Dependencies,
  input: Omit<ScanCommandInput, 'TableName' | 'Segment' | 'TotalSegments' | 'ExclusiveStartKey'>,
  segments: number,
  onPage: (items: readonly Item[]) => void,
): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const pages = paginateScan(
        { client: deps.documentClient },
        { ...input, TableName: deps.tableName, Segment: segment, TotalSegments: segments },
      );
      for await (const page of pages) onPage(page.Items ?? []);
    }),
  );
}
