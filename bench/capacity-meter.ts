/**
 * Sums the DynamoDB capacity units every request consumes, by who made it (the API, the
 * stream, the raw PutItem baseline, ...) and by the kind of opportunity write it served.
 *
 * An SDK middleware asks every request that supports it for ReturnConsumedCapacity
 * 'INDEXES' (table and GSI units apart) and adds up what comes back, except for
 * TransactWriteItems, which DynamoDB Local misreports and transaction-pricing.ts prices
 * from its items instead. Who made a request is an AsyncLocalStorage tag set around each
 * handler invocation, so one shared client serves the API and the stream, as in the runtime.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getOrCreate } from '#core/shared/maps.js';
import { ItemMirror, priceTransaction, rememberTransaction } from './transaction-pricing.js';

export type Side = 'setup' | 'api' | 'stream' | 'direct' | 'raw' | 'reconcile' | 'pipeline' | 'untagged';

/** A fixed kind, or one worked out per request from its input (the stream handles several deals per invocation). */
export type KindOf = string | ((commandName: string, input: Record<string, unknown>) => string | undefined);

export interface CapacityTag {
  readonly side: Side;
  readonly kind?: KindOf;
}

export interface CapacityTotals {
  writeUnits: number;
  readUnits: number;
  /** Of writeUnits: the part spent on global secondary indexes. */
  gsiWriteUnits: number;
  /** Write units as DynamoDB Local reported them, transactions included (it under-counts those). */
  localReportedWriteUnits: number;
  requests: number;
  /** Requests that failed: a failed request reports no capacity, so these are not in the sums. */
  failedRequests: number;
}

/** Operations that take ReturnConsumedCapacity, by whether they consume write or read units. */
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

const UNKNOWN_KIND = '(other)';

export class CapacityMeter {
  private readonly tags = new AsyncLocalStorage<CapacityTag>();
  /** side -> kind -> totals */
  private readonly totals = new Map<Side, Map<string, CapacityTotals>>();
  private readonly mirror = new ItemMirror();
  /** side -> command -> time spent waiting for DynamoDB Local */
  private readonly timings = new Map<Side, Map<string, { count: number; totalMs: number }>>();

  run<T>(tag: CapacityTag, action: () => T): T {
    return this.tags.run(tag, action);
  }

  /** Adds the metering middleware to a DynamoDBClient or DynamoDBDocumentClient (they share one stack). */
  instrument(client: DynamoDBClient | DynamoDBDocumentClient): void {
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const commandName = context.commandName ?? '';
        const isWrite = WRITES.has(commandName);
        if (!isWrite && !READS.has(commandName)) return next(args);
        const input = args.input as Record<string, unknown>;
        const totals = this.totalsFor(commandName, input);
        totals.requests++;
        const actions =
          commandName === 'TransactWriteItemsCommand' ? ((input.TransactItems ?? []) as Parameters<typeof priceTransaction>[0]) : undefined;
        const transaction = actions && { actions, price: priceTransaction(actions, this.mirror) };
        const startedAt = performance.now();
        const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'INDEXES' } }).catch((error: unknown) => {
          totals.failedRequests++;
          throw error;
        });
        this.time(commandName, performance.now() - startedAt);
        const output = result.output as {
          ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
          Responses?: Record<string, Record<string, unknown>[]>;
          Item?: Record<string, unknown>;
        };
        for (const entry of [output.ConsumedCapacity ?? []].flat()) {
          const units = entry.CapacityUnits ?? 0;
          if (!isWrite) {
            totals.readUnits += entry.ReadCapacityUnits ?? units;
            continue;
          }
          totals.localReportedWriteUnits += entry.WriteCapacityUnits ?? units;
          if (transaction) continue;
          totals.writeUnits += entry.WriteCapacityUnits ?? units;
          totals.gsiWriteUnits += Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce(
            (sum, index) => sum + (index.WriteCapacityUnits ?? index.CapacityUnits ?? 0),
            0,
          );
        }
        if (transaction) {
          totals.writeUnits += transaction.price.writeUnits;
          totals.gsiWriteUnits += transaction.price.gsiWriteUnits;
          rememberTransaction(transaction.actions, this.mirror);
        }
        this.rememberRead(commandName, input, output);
        return result;
      },
      { step: 'initialize', name: 'benchCapacityMeter' },
    );
  }

  /** Mean milliseconds per request of one side, by operation (the SDK's whole round trip to DynamoDB Local). */
  meanMilliseconds(side: Side): Record<string, { count: number; meanMs: number }> {
    return Object.fromEntries(
      [...(this.timings.get(side) ?? [])].map(([command, { count, totalMs }]) => [
        command.replace(/Command$/, ''),
        { count, meanMs: totalMs / count },
      ]),
    );
  }

  private time(commandName: string, ms: number): void {
    const side = this.tags.getStore()?.side ?? 'untagged';
    const sideTimings = getOrCreate(this.timings, side, () => new Map());
    const timing = sideTimings.get(commandName) ?? { count: 0, totalMs: 0 };
    sideTimings.set(commandName, { count: timing.count + 1, totalMs: timing.totalMs + ms });
  }

  /** Totals of one side, by kind. */
  bySide(side: Side): ReadonlyMap<string, CapacityTotals> {
    return this.totals.get(side) ?? new Map();
  }

  /** Totals of one side over every kind. */
  sideTotal(side: Side): CapacityTotals {
    return sumTotals([...this.bySide(side).values()]);
  }

  /** Forgets what was counted so far (between phases). */
  reset(): void {
    this.totals.clear();
    this.timings.clear();
  }

  /** What reads return is the old state the next transaction's writes are priced against. */
  private rememberRead(
    commandName: string,
    input: Record<string, unknown>,
    output: { Responses?: Record<string, Record<string, unknown>[]>; Item?: Record<string, unknown> },
  ): void {
    if (commandName === 'BatchGetItemCommand') {
      for (const [tableName, items] of Object.entries(output.Responses ?? {}))
        for (const item of items) this.mirror.remember(tableName, item);
    } else if (commandName === 'GetItemCommand' && output.Item) {
      this.mirror.remember(String(input.TableName), output.Item);
    }
  }

  private totalsFor(commandName: string, input: Record<string, unknown>): CapacityTotals {
    const tag = this.tags.getStore() ?? { side: 'untagged' };
    const kind = (typeof tag.kind === 'function' ? tag.kind(commandName, input) : tag.kind) ?? UNKNOWN_KIND;
    const sideTotals = getOrCreate(this.totals, tag.side, () => new Map());
    return getOrCreate(sideTotals, kind, emptyTotals);
  }
}

export function emptyTotals(): CapacityTotals {
  return { writeUnits: 0, readUnits: 0, gsiWriteUnits: 0, localReportedWriteUnits: 0, requests: 0, failedRequests: 0 };
}

export function sumTotals(all: readonly CapacityTotals[]): CapacityTotals {
  const sum = emptyTotals();
  for (const totals of all) {
    sum.writeUnits += totals.writeUnits;
    sum.readUnits += totals.readUnits;
    sum.gsiWriteUnits += totals.gsiWriteUnits;
    sum.localReportedWriteUnits += totals.localReportedWriteUnits;
    sum.requests += totals.requests;
    sum.failedRequests += totals.failedRequests;
  }
  return sum;
}
