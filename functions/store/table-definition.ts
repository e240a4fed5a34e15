/**
 * The one definition of the table: keys, indexes, stream and TTL. CDK (infra/), the local
 * runtime (local/) and the tests all build their table from this, so they cannot drift.
 * Pure data: no AWS SDK or CDK import.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    /** Collections read from the index: reps and teams (whole), and the audit trail of one subject. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    /** Team tree: the member reps and child teams of a team. */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
    /**
     * A rep's live opportunities by close date. Keys only: an opportunity is rewritten on
     * every change, and a keys-only entry is written only when its owner or close date
     * moves, not on every stage or amount change; the list reads the items by key.
     */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'KEYS_ONLY' },
  ],
  /** The stream carries both images: the recalculation needs the old owner-month to unlink. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
  /** Tombstone links expire once no stream record can still replay into them. */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type TableIndexName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];

/** Sort key of an opportunity item: the only items whose stream records are processed. */
export const OPPORTUNITY_SORT_KEY = 'OPPORTUNITY';

/**
 * The event source filter of the stream Lambda, as Lambda's FilterCriteria pattern. Only
 * writes of opportunity items pass; every derived write (links, records, history) has
 * another sort key, so derived writes never invoke the Lambda again. The local runtime
 * applies the same pattern to the records it polls.
 */
export const OPPORTUNITY_STREAM_FILTER_PATTERN = {
  dynamodb: { Keys: { sk: { S: [OPPORTUNITY_SORT_KEY] } } },
} as const;
