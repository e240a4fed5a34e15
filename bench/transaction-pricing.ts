/**
 * Prices a TransactWriteItems the way DynamoDB does, because DynamoDB Local does not: it
 * reports one item per kind of action (two Puts cost what one does). The service charges,
 * per action, twice the write units of the larger of the old and new item (1 KB each,
 * rounded up per item), and for each global secondary index the item enters, leaves or
 * changes key in, the index writes too (the projected size: the item for ALL, its keys for
 * KEYS_ONLY); an update that keeps an ALL index's keys still rewrites the entry, one that
 * keeps a KEYS_ONLY index's keys does not. Index writes are doubled as well, as DynamoDB
 * Local does for a single-action transaction.
 *
 * The old items come from an ItemMirror of what the requests read and wrote: the stream
 * reads a deal's links with BatchGetItem just before writing them. Month records are only
 * ever ADDed to, never read, so an Update of an unknown item is priced at one unit;
 * run.ts checks afterwards that no record item exceeds 1 KB.
 */
import { TABLE_DEFINITION } from '#functions/store/table-definition.js';

type Item = Record<string, unknown>;

export interface TransactionPrice {
  readonly writeUnits: number;
  /** Of writeUnits: the index writes. */
  readonly gsiWriteUnits: number;
}

const KEY = [TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey] as const;
const INDEXES = TABLE_DEFINITION.globalSecondaryIndexes;
const TRANSACTIONAL = 2;

/** The last known state of items by table and key, in document (unmarshalled) form. */
export class ItemMirror {
  private readonly items = new Map<string, Item>();

  remember(tableName: string, item: Item): void {
    this.items.set(keyOf(tableName, item), item);
  }

  get(tableName: string, key: Item): Item | undefined {
    return this.items.get(keyOf(tableName, key));
  }

  forget(tableName: string, key: Item): void {
    this.items.delete(keyOf(tableName, key));
  }
}

interface TransactAction {
  readonly Put?: { readonly TableName?: string; readonly Item?: Item };
  readonly Update?: { readonly TableName?: string; readonly Key?: Item };
  readonly Delete?: { readonly TableName?: string; readonly Key?: Item };
  readonly ConditionCheck?: unknown;
}

export function priceTransaction(actions: readonly TransactAction[], mirror: ItemMirror): TransactionPrice {
  let tableUnits = 0;
  let gsiUnits = 0;
  for (const action of actions) {
    if (action.Put?.Item) {
      const tableName = action.Put.TableName ?? '';
      const item = action.Put.Item;
      const old = mirror.get(tableName, item);
      tableUnits += units(Math.max(itemSize(item), old ? itemSize(old) : 0));
      gsiUnits += indexUnits(old, item);
    } else if (action.Delete?.Key) {
      const old = mirror.get(action.Delete.TableName ?? '', action.Delete.Key);
      tableUnits += units(old ? itemSize(old) : 0);
      gsiUnits += indexUnits(old, undefined);
    } else if (action.Update?.Key) {
      const old = mirror.get(action.Update.TableName ?? '', action.Update.Key);
      tableUnits += units(old ? itemSize(old) : 0);
    } else if (action.ConditionCheck) {
      tableUnits += 1;
    }
  }
  return { writeUnits: TRANSACTIONAL * (tableUnits + gsiUnits), gsiWriteUnits: TRANSACTIONAL * gsiUnits };
}

/** After a transaction committed: what it put is now stored, what it updated or deleted no longer known. */
export function rememberTransaction(actions: readonly TransactAction[], mirror: ItemMirror): void {
  for (const action of actions) {
    if (action.Put?.Item) mirror.remember(action.Put.TableName ?? '', action.Put.Item);
    else if (action.Update?.Key) mirror.forget(action.Update.TableName ?? '', action.Update.Key);
    else if (action.Delete?.Key) mirror.forget(action.Delete.TableName ?? '', action.Delete.Key);
  }
}

/** Index writes of replacing `old` by `next`: a key change is a delete plus an insert. */
function indexUnits(old: Item | undefined, next: Item | undefined): number {
  let total = 0;
  for (const { partitionKey, sortKey, projection } of INDEXES) {
    const entrySize = (item: Item) => itemSize(projection === 'ALL' ? item : pick(item, [KEY[0], KEY[1], partitionKey, sortKey]));
    const inOld = old !== undefined && old[partitionKey] !== undefined && old[sortKey] !== undefined;
    const inNext = next !== undefined && next[partitionKey] !== undefined && next[sortKey] !== undefined;
    if (inOld && inNext && old[partitionKey] === next[partitionKey] && old[sortKey] === next[sortKey]) {
      if (projection === 'ALL') total += units(Math.max(entrySize(old), entrySize(next)));
    } else {
      if (inOld) total += units(entrySize(old));
      if (inNext) total += units(entrySize(next));
    }
  }
  return total;
}

function pick(item: Item, names: readonly string[]): Item {
  return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
}

/** Write units of an item: 1 KB each, rounded up, at least one. */
function units(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

function keyOf(tableName: string, item: Item): string {
  return JSON.stringify([tableName, item[KEY[0]], item[KEY[1]]]);
}

/** DynamoDB's item size: attribute name bytes plus value bytes, with list and map overheads. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce(
    (size, [name, value]) => (value === undefined ? size : size + Buffer.byteLength(name) + valueSize(value)),
    0,
  );
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return numberSize(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((size: number, element) => size + 1 + valueSize(element), 0);
  if (value instanceof Set) return [...value].reduce((size: number, element) => size + valueSize(element), 0);
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === 'object') return 3 + itemSize(value as Item) + Object.keys(value as Item).length;
  return 0;
}

/** About one byte per two significant digits, plus one. */
function numberSize(value: number): number {
  const digits = String(Math.abs(value)).replace('.', '').replace(/e.*$/, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}
