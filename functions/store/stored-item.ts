/**
 * Writing and reading whole record items (reps, teams, opportunities, configuration).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { ConflictError } from '../../core/errors.js';
import type { Dependencies } from '../shared/dependencies.js';

/**
 * Optimistic concurrency: the put succeeds only if the stored version is still the one
 * the caller read (null: nothing stored yet), so of two racing writers the second gets a
 * ConflictError instead of silently overwriting the first.
 */
export async function putVersioned(deps: Dependencies, item: Record<string, unknown>, expectedVersion: number | null, what: string): Promise<void> {
  const condition =
    expectedVersion === null
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'attribute_not_exists(pk) OR version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };
  try {
    await deps.documentClient.send(new PutCommand({ TableName: deps.tableName, Item: item, ...condition }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new ConflictError(`${what} was changed by another request; read it again and retry`);
    }
    throw error;
  }
}

/** The stored attributes of an item without its key and index attributes. */
export function recordAttributesOf(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _g1p, gsi1sk: _g1s, gsi2pk: _g2p, gsi2sk: _g2s, gsi3pk: _g3p, gsi3sk: _g3s, type: _type, expiresAt: _expires, ...attributes } = item;
  return attributes;
}

/**
 * A stored item that fails its schema is a defect of the data, not of the request: it must
 * surface as a server error, never as the 400 a ZodError means at the API boundary.
 */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
}

/** The record an item holds, validated against its schema (key and index attributes left out). */
export function parseStoredItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>, what: string): z.infer<S> {
  const parsed = schema.safeParse(recordAttributesOf(item));
  if (!parsed.success) throw new CorruptItemError(`stored ${what} item ${String(item.pk)}/${String(item.sk)} is invalid: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  return parsed.data;
}

/** Runs a parser from another module (e.g. the deal link codec) with the same guarantee. */
export function decodeStoredItem<T>(decode: (item: Record<string, unknown>) => T, item: Record<string, unknown>, what: string): T {
  try {
    return decode(item);
  } catch (error) {
    throw new CorruptItemError(`stored ${what} item ${String(item.pk)}/${String(item.sk)} is invalid`, { cause: error });
  }
}
