/**
 * The cheap estimate of the table's deals that decides whether a full-path question is a
 * job: the deals of the latest deal-state checkpoint, from its list entry alone (one Query
 * of one item, no chunk read): its chunk count x DEALS_PER_CHUNK, an upper bound within
 * 1,000 deals, exact against any threshold that is a multiple of 1,000 (more than 10,000
 * deals is more than 10 chunks). No checkpoint (a table whose first snapshot has not been
 * taken): no estimate.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DealCountEstimate } from '#core/pipeline/pipeline-job-repository.js';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';
import { DEALS_PER_CHUNK } from './deal-checkpoint-store.js';

export class DealCountEstimateStore implements DealCountEstimate {
  constructor(private readonly deps: Dependencies) {}

  async estimatedDeals(): Promise<number | null> {
    const { Items } = await this.deps.documentClient.send(
      new QueryCommand({
        TableName: this.deps.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.dealCheckpointsPartition().pk },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const chunks = Items?.[0]?.chunks;
    return typeof chunks === 'number' ? chunks * DEALS_PER_CHUNK : null;
  }
}
