/**
 * Writing and reading whole record items (reps, teams, opportunities, configuration).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { ConflictError } from '#core/shared/errors.js';
import type { SkippedItem } from '#core/shared/skipped-item.js';
import type { Dependencies } from '../shared/dependencies.js';

/**
 * Optimistic concurrency: the put succeeds only if the stored version is still the one
 * the caller read (null: nothing stored yet), so of two racing writers the second gets a
 * ConflictError instead of silently overwriting the first.
 */
export async function putVersioned(
  deps: Dependencies,
  item: Record<string, unknown>,
  expectedVersion: number | null,
  what: string,
): Promise<void> {
  try {
    await deps.documentClient.send(new PutCommand({ TableName: deps.tableName, Item: item, ...versionCondition(expectedVersion) }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw conflict(what);
    throw error;
  }
}

/** Cancellations that mean another writer of the same record got there first. */
const LOST_RACE = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

/** One write of a transaction; `guarded`: its condition is what detects a lost race. */
export interface TransactionWrite {
  readonly write: NonNullable<TransactWriteCommandInput['TransactItems']>[number];
  readonly guarded?: boolean;
}

/**
 * Writes all or nothing. A cancellation is a ConflictError naming `what` when another
 * writer got there first: a failed condition of a guarded write (the reasons come in the
 * order of the writes), or a TransactionConflict on any item (the same race caught while
 * the other transaction was in flight). Any other failure, such as the audit entry's
 * never-failing condition, is not the caller's conflict and stays an internal error.
 */
export async function writeTogether(deps: Dependencies, writes: readonly TransactionWrite[], what: string): Promise<void> {
  try {
    await deps.documentClient.send(new TransactWriteCommand({ TransactItems: writes.map(({ write }) => write) }));
  } catch (error) {
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.some((reason, index) => lostRace(reason.Code, writes[index]))
    ) {
      throw conflict(what);
    }
    throw error;
  }
}

function lostRace(code: string | undefined, write: TransactionWrite | undefined): boolean {
  return code === 'TransactionConflict' || (code !== undefined && LOST_RACE.has(code) && write?.guarded === true);
}

/** A put that succeeds only over the version the caller read (see putVersioned). */
export function versionedPut(deps: Dependencies, item: Record<string, unknown>, expectedVersion: number | null): TransactionWrite {
  return { write: { Put: { TableName: deps.tableName, Item: item, ...versionCondition(expectedVersion) } }, guarded: true };
}

/** A put with no condition (an item whose key only the guarded write of its transaction leads to). */
export function plainPut(deps: Dependencies, item: Record<string, unknown>): TransactionWrite {
  return { write: { Put: { TableName: deps.tableName, Item: item } } };
}

/**
 * putVersioned, plus the items that go with the change (its audit entry; for records that
 * keep their history, an item recording the version), in one transaction: a version that
 * lost the race leaves none of them behind, and a version stored always has them all. A
 * history item is keyed by version, so the condition on the record keeps it written once.
 */
export function putVersionedWith(
  deps: Dependencies,
  record: { readonly item: Record<string, unknown>; readonly expectedVersion: number | null; readonly what: string },
  ...companions: readonly TransactionWrite[]
): Promise<void> {
  return writeTogether(deps, [versionedPut(deps, record.item, record.expectedVersion), ...companions], record.what);
}

function versionCondition(expectedVersion: number | null): {
  ConditionExpression: string;
  ExpressionAttributeValues?: Record<string, unknown>;
} {
  return expectedVersion === null
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        ConditionExpression: 'attribute_not_exists(pk) OR version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      };
}

function conflict(what: string): ConflictError {
  return new ConflictError(`${what} was changed by another request; read it again and retry`);
}

/** The stored attributes of an item without its key and index attributes. */
export function recordAttributesOf(item: Record<string, unknown>): Record<string, unknown> {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1p,
    gsi1sk: _g1s,
    gsi2pk: _g2p,
    gsi2sk: _g2s,
    gsi3pk: _g3p,
    gsi3sk: _g3s,
    type: _type,
    expiresAt: _expires,
    ...attributes
  } = item;
  return attributes;
}

/**
 * A stored item that fails its schema is a defect of the data, not of the request: it must
 * surface as a server error, never as the 400 a ZodError means at the API boundary.
 */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
  /** Why, by field, when the item failed its schema. */
  readonly reason: string | undefined;
  constructor(message: string, options?: ErrorOptions & { readonly reason?: string }) {
    super(message, options);
    this.reason = options?.reason;
  }
}

/** The record an item holds, validated against its schema (key and index attributes left out). */
export function parseStoredItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>, what: string): z.infer<S> {
  const parsed = schema.safeParse(recordAttributesOf(item));
  if (!parsed.success)
    throw new CorruptItemError(`stored ${what} item ${String(item.pk)}/${String(item.sk)} is invalid: ${reasonOf(parsed.error)}`, {
      reason: reasonOf(parsed.error),
    });
  return parsed.data;
}

/** Why an item failed its schema, by field: 'amount: must be at most ... ; productLines: ...'. */
export function reasonOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`).join('; ');
}

/**
 * Where readers of many items report one they skipped as invalid. Their own loggers are the
 * handlers'; this one is the stores', so every skip is logged the same way wherever it is met.
 * POWERTOOLS_LOG_LEVEL silences it like any Powertools logger. The Logger is built on the
 * first skip, not at import: every Lambda imports this module, and few requests skip an item.
 */
export const storedItemLogger = {
  warn(message: string, attributes: Record<string, unknown>): void {
    storeLogger ??= new Logger({ serviceName: 'sales-performance-store' });
    storeLogger.warn(message, attributes);
  },
};
let storeLogger: Logger | undefined;

/** Logs a skipped item once, as a structured warning, and returns it for the answer. */
export function reportSkippedItem(item: Record<string, unknown>, kind: string, reason: string, reader: string): SkippedItem {
  const id =
    typeof item.id === 'string'
      ? item.id
      : typeof item.opportunityId === 'string'
        ? item.opportunityId
        : `${String(item.pk)}/${String(item.sk)}`;
  storedItemLogger.warn('skipped an invalid stored item', { reader, kind, id, pk: String(item.pk), sk: String(item.sk), reason });
  return { kind, id, reason };
}

/** Runs a parser from another module (e.g. the deal link codec) with the same guarantee. */
export function decodeStoredItem<T>(decode: (item: Record<string, unknown>) => T, item: Record<string, unknown>, what: string): T {
  try {
    return decode(item);
  } catch (error) {
    throw new CorruptItemError(`stored ${what} item ${String(item.pk)}/${String(item.sk)} is invalid`, { cause: error });
  }
}
