/**
 * Writes the mix's opportunity versions straight into the table, as an import or a bulk
 * integration would, so the stream's own end-to-end rate can be measured without the API
 * in front of it: BatchWriteItem of 25 opportunities, a few batches in flight, each item
 * what PUT would have stored (direct-version.ts) encoded by the API's own store
 * (opportunityToItem). A deal is in at most one batch in flight (the mix hands out only
 * idle deals), so its versions reach the stream in order.
 */
import { performance } from 'node:perf_hooks';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Opportunity } from '#core/opportunities/opportunity.js';
import type { Stage } from '#core/organisation/stage.js';
import { opportunityFromItem, opportunityToItem } from '#functions/opportunities/opportunity-store.js';
import type { Dependencies } from '#functions/shared/dependencies.js';
import { batchPutAll } from '#functions/store/batch-operations.js';
import { keys } from '#functions/store/keys.js';
import { directVersionOf } from './direct-version.js';
import type { AcceptedWrite, LoadResult } from './load-generator.js';
import type { PlannedWrite, WriteMix } from './write-mix.js';

/** DynamoDB's largest BatchWriteItem. */
export const DIRECT_BATCH_SIZE = 25;
/** Batches in flight at once: enough to keep DynamoDB Local busy. */
export const DIRECT_BATCHES_IN_FLIGHT = 4;

export interface DirectWriteOptions {
  readonly writes: number;
  /** The stage configuration in force (for each version's stage outcome). */
  readonly stages: readonly Stage[];
  /** The integration's service user (updatedBy). */
  readonly updatedBy: string;
  readonly onProgress?: (written: number) => void;
}

/** Every stored opportunity by id (a consistent scan), read before the clock starts. */
export async function storedOpportunities(deps: Dependencies): Promise<Map<string, Opportunity>> {
  const stored = new Map<string, Opportunity>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.documentClient.send(
      new ScanCommand({
        TableName: deps.tableName,
        ConsistentRead: true,
        FilterExpression: 'sk = :sk',
        ExpressionAttributeValues: { ':sk': keys.opportunity('').sk },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const opportunity = opportunityFromItem(item);
      stored.set(opportunity.id, opportunity);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return stored;
}

/**
 * Writes `writes` versions of the mix; `stored` (every deal the mix may change) is kept up
 * to date. Each accepted write's startedAt is when its batch was sent, respondedAt when
 * the batch was written.
 */
export async function writeStraightIntoTable(
  deps: Dependencies,
  mix: WriteMix,
  stored: Map<string, Opportunity>,
  { writes, stages, updatedBy, onProgress }: DirectWriteOptions,
): Promise<LoadResult> {
  const accepted: AcceptedWrite[] = [];
  let unchanged = 0;
  let planned = 0;
  const worker = async () => {
    while (planned < writes) {
      const size = Math.min(DIRECT_BATCH_SIZE, writes - planned);
      planned += size;
      const now = deps.clock.now();
      const batch: { write: PlannedWrite; version: Opportunity }[] = [];
      for (let index = 0; index < size; index++) {
        const write = mix.next();
        const version = directVersionOf({
          opportunityId: write.opportunityId,
          body: write.body,
          stored: stored.get(write.opportunityId),
          stages,
          now,
          updatedBy,
        });
        if (version) batch.push({ write, version });
        else {
          unchanged++;
          mix.settle(write, true);
        }
      }
      const startedAt = performance.now();
      try {
        await batchPutAll(
          deps,
          batch.map(({ version }) => opportunityToItem(version)),
        );
      } catch (error) {
        for (const { write } of batch) mix.settle(write, false);
        throw error;
      }
      const respondedAt = performance.now();
      for (const { write, version } of batch) {
        stored.set(version.id, version);
        accepted.push({ opportunityId: version.id, kind: write.kind, version: version.version, startedAt, respondedAt });
        mix.settle(write, true);
      }
      onProgress?.(accepted.length);
    }
  };
  await Promise.all(Array.from({ length: DIRECT_BATCHES_IN_FLIGHT }, worker));
  return { accepted, rejected: [], unchanged };
}
