/**
 * Queries past DynamoDB's page and response limits: opaque page cursors that cannot jump
 * lists, one page of a query, and every item of a query.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError, type Page, type PageRequest } from '#core/shared/page.js';
import type { Dependencies } from '../shared/dependencies.js';

type Item = Record<string, unknown>;
export type ItemKey = Record<string, string>;

/** The key attributes a cursor carries: the table key, plus the index key for an index query. */
export interface CursorShape {
  readonly attributes: readonly string[];
  /** Attributes whose value must equal the queried partition: a cursor cannot jump lists. */
  readonly fixed: Readonly<Record<string, string>>;
}

export function encodeCursor(key: ItemKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The start key a cursor stands for; InvalidCursorError for anything this list did not issue. */
export function decodeCursor(cursor: string, shape: CursorShape): ItemKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new InvalidCursorError();
  const entries = Object.entries(decoded);
  const expected = new Set(shape.attributes);
  if (entries.length !== expected.size) throw new InvalidCursorError();
  for (const [name, value] of entries) {
    if (!expected.has(name) || typeof value !== 'string' || value.length === 0) throw new InvalidCursorError();
    const fixed = shape.fixed[name];
    if (fixed !== undefined && value !== fixed) throw new InvalidCursorError();
  }
  return decoded as ItemKey;
}

function keyOf(item: Item, attributes: readonly string[]): ItemKey {
  return Object.fromEntries(attributes.map((name) => [name, String(item[name])]));
}

/**
 * One page of a query. It asks for one item more than the page holds, so the last page
 * says so (nextCursor null) instead of handing out a cursor to an empty page.
 */
export async function queryPage(
  deps: Dependencies,
  input: Omit<QueryCommandInput, 'TableName'>,
  page: PageRequest,
  shape: CursorShape,
): Promise<Page<Item>> {
  const startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, shape);
  try {
    const result = await deps.documentClient.send(
      new QueryCommand({
        ...input,
        TableName: deps.tableName,
        Limit: page.limit + 1,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = result.Items ?? [];
    const pageItems = items.slice(0, page.limit);
    const last = pageItems[pageItems.length - 1];
    // Fewer items than asked with a LastEvaluatedKey: the 1 MB response limit cut the page.
    const more = items.length > page.limit || result.LastEvaluatedKey !== undefined;
    return { items: pageItems, nextCursor: more && last ? encodeCursor(keyOf(last, shape.attributes)) : null };
  } catch (error) {
    // A well-formed cursor can still lie outside the queried range: DynamoDB rejects it.
    if (startKey && error instanceof Error && error.name === 'ValidationException' && /start(ing)? ?key/i.test(error.message)) {
      throw new InvalidCursorError();
    }
    throw error;
  }
}

/** Every item of a query, following LastEvaluatedKey to the end. */
export async function queryAll(deps: Dependencies, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await deps.documentClient.send(
      new QueryCommand({ ...input, TableName: deps.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}
