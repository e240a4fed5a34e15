/**
 * How many requests a caller has made in a time window: one counter item per rep and
 * window, incremented atomically on the condition that it is still under the limit, so
 * every API Lambda shares one count. The item expires (TTL) a minute after its window.
 * Its sort key is not the opportunity's, so the stream's filter never passes it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Dependencies } from '../shared/dependencies.js';
import { keys } from '../store/keys.js';

const KEEP_AFTER_WINDOW_SECONDS = 60;

export interface RequestWindow {
  readonly start: Date;
  readonly seconds: number;
}

export class CallerRequestCounter {
  constructor(private readonly deps: Dependencies) {}

  /** Counts one request of the rep in the window; false (and nothing counted) once `limit` requests were. */
  async tryCount(repId: string, window: RequestWindow, limit: number): Promise<boolean> {
    const expiresAt = Math.floor(window.start.getTime() / 1000) + window.seconds + KEEP_AFTER_WINDOW_SECONDS;
    try {
      await this.deps.documentClient.send(
        new UpdateCommand({
          TableName: this.deps.tableName,
          Key: keys.callerRequests(repId, window.start.toISOString()),
          UpdateExpression: 'SET #type = :type, expiresAt = :expiresAt ADD requests :one',
          ConditionExpression: 'attribute_not_exists(requests) OR requests < :limit',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'CallerRequests', ':expiresAt': expiresAt, ':one': 1, ':limit': limit },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
