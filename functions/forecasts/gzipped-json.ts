/**
 * The forecasts' stored documents are gzipped JSON: a rates table or a scope's backtest is
 * mostly repeated field names, so gzip keeps an item a fraction of DynamoDB's 400 KB limit,
 * and what is read back is checked against the API's schema of the same document.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type * as z from 'zod';
import { CorruptItemError, reasonOf } from '../store/stored-item.js';

export function gzipJson(value: unknown): Uint8Array {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8'));
}

/** The document an item's `data` holds; CorruptItemError when it is not one. */
export function gunzipJson<S extends z.ZodType>(schema: S, item: Record<string, unknown>, what: string): z.infer<S> {
  const where = `stored ${what} item ${String(item.pk)}/${String(item.sk)}`;
  if (!(item.data instanceof Uint8Array)) throw new CorruptItemError(`${where} has no gzipped data`);
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(item.data).toString('utf8'));
  } catch (error) {
    throw new CorruptItemError(`${where} is not gzipped JSON`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CorruptItemError(`${where} is invalid: ${reasonOf(parsed.error)}`, { reason: reasonOf(parsed.error) });
  return parsed.data;
}
